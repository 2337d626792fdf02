package io.cleanport.core.spam.bayes;

/** What {@link TokenStore#learn} did. */
public enum LearnOutcome {
    /** The message was new: its tokens were added to the class. */
    LEARNED,
    /** The message was already learned as this class: nothing changed. */
    ALREADY_LEARNED,
    /** The message had been learned as the other class: its tokens moved to this one. */
    MOVED
}
