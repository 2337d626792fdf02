package io.cleanport.core.spam.bayes;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Where the spam classifier keeps what it learned: for every token, in how many spam and ham messages
 * it occurred; the number of messages learned of each class; and which messages were learned as what.
 * Shared by every MX node when the database is.
 *
 * <p>A message is learned at most once: learning it again as the same class changes nothing, and
 * learning it as the other class moves its tokens (forget, then learn) in one step. Every method
 * touches a bounded number of rows, except {@link #clear} and {@link #importIfEmpty}, which are
 * administrative. Implementations may throw {@link io.cleanport.core.db.StoreException} when their
 * database fails.
 */
public interface TokenStore {

    /** How many spam and ham messages were learned. */
    LearnedTotals totals();

    /**
     * The counts of the given tokens that were ever learned; tokens never seen (or not valid tokens)
     * are absent from the answer.
     */
    Map<String, TokenCounts> counts(Collection<String> tokens);

    /** The class the message with this key was learned as, if it was. */
    Optional<MessageClass> learnedAs(MessageKey key);

    /**
     * Learns a message as {@code messageClass}, in one transaction.
     *
     * @return {@link LearnOutcome#LEARNED} for a new message, {@link LearnOutcome#ALREADY_LEARNED} if it
     *     was learned as this class already (nothing changes), {@link LearnOutcome#MOVED} if it was
     *     learned as the other class and now counts as this one
     */
    LearnOutcome learn(TokenizedMessage message, MessageClass messageClass);

    /**
     * Takes back what learning the message added.
     *
     * @return false if it was not learned
     */
    boolean forget(TokenizedMessage message);

    /**
     * Loads a model (the default one shipped with the product) if nothing was learned yet, so that
     * nodes starting together import it once.
     *
     * @return whether it was imported
     */
    boolean importIfEmpty(BayesModel model);

    /**
     * Deletes up to {@code maxTokens} tokens that occurred in at most one learned message and were not
     * seen since {@code seenBefore}, oldest first: they weigh nothing in a verdict and make most of a
     * growing table.
     *
     * @return how many were deleted
     */
    int purgeRareTokens(Instant seenBefore, int maxTokens);

    /** Forgets everything: tokens, learned messages and totals. */
    void clear();
}
