package io.cleanport.core.config;

import java.time.Duration;
import java.util.Locale;

/**
 * The syntax of durations in CleanPort's configuration files: a whole number and a unit, {@code s}
 * (seconds), {@code m} (minutes), {@code h} (hours) or {@code d} (days), such as {@code 10s},
 * {@code 5m}, {@code 2h}, {@code 36d}. No unit, a fraction, a sign or a combination ({@code 1h30m}) is
 * refused: a configuration value should read the same to every operator.
 */
public final class DurationSetting {
    /** Larger values are certainly typing mistakes, and would overflow instant arithmetic. */
    public static final long MAX_AMOUNT = 1_000_000_000L;

    private DurationSetting() {
    }

    /**
     * @param key  the configuration key, named in the error message
     * @param text the value, surrounding blanks ignored
     * @throws IllegalArgumentException naming {@code key} if {@code text} is not a duration
     */
    public static Duration parse(String key, String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (value.length() < 2) {
            throw invalid(key, text);
        }
        String digits = value.substring(0, value.length() - 1);
        if (digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(key, text);
        }
        long amount = Long.parseLong(digits);
        if (amount > MAX_AMOUNT) {
            throw invalid(key, text);
        }
        switch (value.charAt(value.length() - 1)) {
            case 's':
                return Duration.ofSeconds(amount);
            case 'm':
                return Duration.ofMinutes(amount);
            case 'h':
                return Duration.ofHours(amount);
            case 'd':
                return Duration.ofDays(amount);
            default:
                throw invalid(key, text);
        }
    }

    /**
     * The shortest text {@link #parse} reads back as {@code duration} ({@code 36d}, {@code 90m},
     * {@code 10s}); sub-second parts are rounded up to the next second.
     */
    public static String format(Duration duration) {
        long seconds = duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
        if (seconds != 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds != 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static IllegalArgumentException invalid(String key, String text) {
        return new IllegalArgumentException(key + ": expected a duration such as 10s, 5m, 2h or 36d (a whole number up to "
            + MAX_AMOUNT + " and a unit s, m, h or d), got '" + text + "'");
    }
}
