package io.cleanport.core.spam.bayes;

/**
 * How many messages the classifier learned of each class (the default model's included): the
 * denominators of every token's spam and ham frequencies.
 */
public record LearnedTotals(long spamMessages, long hamMessages) {
    public static final LearnedTotals NONE = new LearnedTotals(0, 0);

    public LearnedTotals {
        if (spamMessages < 0 || hamMessages < 0) {
            throw new IllegalArgumentException("learned totals must not be negative, got spam " + spamMessages
                + ", ham " + hamMessages);
        }
    }

    public long of(MessageClass messageClass) {
        return messageClass == MessageClass.SPAM ? spamMessages : hamMessages;
    }

    public boolean isEmpty() {
        return spamMessages == 0 && hamMessages == 0;
    }
}
