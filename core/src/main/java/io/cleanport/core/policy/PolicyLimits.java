package io.cleanport.core.policy;

/**
 * The bounds every policy value is checked against.
 */
public final class PolicyLimits {
    public static final int MIN_SPAM_LEVEL = 1;
    public static final int MAX_SPAM_LEVEL = 5;
    public static final int DEFAULT_SPAM_LEVEL = 3;
    /** The gateway's global ceiling for a message: 25 MiB. */
    public static final long MAX_MESSAGE_SIZE = 26_214_400L;
    public static final int MIN_QUARANTINE_DAYS = 1;
    public static final int MAX_QUARANTINE_DAYS = 3650;
    public static final int MAX_DOWNSTREAM = 10;
    public static final int MAX_RELAY_NETWORKS = 100;

    private PolicyLimits() {
    }

    static long checkRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new PolicyValidationException(field, "must be an integer from " + min + " to " + max + " (got " + value + ")");
        }
        return value;
    }

    static int checkRange(String field, int value, int min, int max) {
        return (int) checkRange(field, (long) value, min, max);
    }

    static int checkSpamLevel(String field, int value) {
        return checkRange(field, value, MIN_SPAM_LEVEL, MAX_SPAM_LEVEL);
    }

    static long checkMaxMessageSize(String field, long value) {
        return checkRange(field, value, 1, MAX_MESSAGE_SIZE);
    }

    static int checkQuarantineDays(String field, int value) {
        return checkRange(field, value, MIN_QUARANTINE_DAYS, MAX_QUARANTINE_DAYS);
    }
}
