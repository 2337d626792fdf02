package io.cleanport.core.quarantine;

import io.cleanport.core.policy.PolicyLimits;

/**
 * The spam level of the recipient a spam entry was quarantined for, and that level's threshold when it
 * was: an administrator reads "7.1 at level 3, threshold 6.0" and knows why the message was stopped.
 *
 * @param level     1 (least sensitive) to 5
 * @param threshold the score at which mail was spam at that level; positive and finite
 */
public record SpamLevel(int level, double threshold) {
    public SpamLevel {
        if (level < PolicyLimits.MIN_SPAM_LEVEL || level > PolicyLimits.MAX_SPAM_LEVEL) {
            throw new QuarantineValidationException("level", "must be " + PolicyLimits.MIN_SPAM_LEVEL + " to "
                + PolicyLimits.MAX_SPAM_LEVEL + ", got " + level);
        }
        if (!Double.isFinite(threshold) || threshold <= 0) {
            throw new QuarantineValidationException("threshold", "must be a positive number, got " + threshold);
        }
    }
}
