package io.cleanport.core.spam.bayes;

/**
 * In how many learned spam and ham messages a token occurred (each message counts once).
 *
 * @param spam spam messages carrying the token, at least 0
 * @param ham  ham messages carrying the token, at least 0
 */
public record TokenCounts(int spam, int ham) {
    public static final TokenCounts NONE = new TokenCounts(0, 0);

    public TokenCounts {
        if (spam < 0 || ham < 0) {
            throw new IllegalArgumentException("token counts must not be negative, got spam " + spam + ", ham " + ham);
        }
    }

    public long total() {
        return (long) spam + ham;
    }

    public int of(MessageClass messageClass) {
        return messageClass == MessageClass.SPAM ? spam : ham;
    }
}
