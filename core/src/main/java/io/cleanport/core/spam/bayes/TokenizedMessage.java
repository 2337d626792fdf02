package io.cleanport.core.spam.bayes;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A message as the classifier sees it: its distinct tokens, sorted, and the {@link MessageKey} they
 * make. Built only through {@link #of}, which enforces the bounds every store relies on: at most
 * {@value #MAX_TOKENS} tokens of 1 to {@value #MAX_TOKEN_LENGTH} characters, none with whitespace or
 * control characters (the model file is tab separated). Immutable.
 */
public final class TokenizedMessage {
    /** Most tokens kept of one message: enough for any real message, bounded for a hostile one. */
    public static final int MAX_TOKENS = 3000;
    /** Longest token, in UTF-16 units (the database columns are {@code VARCHAR(40)}). */
    public static final int MAX_TOKEN_LENGTH = 40;

    private final MessageKey key;
    private final SortedSet<String> tokens;

    private TokenizedMessage(MessageKey key, SortedSet<String> tokens) {
        this.key = key;
        this.tokens = tokens;
    }

    /**
     * @throws IllegalArgumentException if there are more than {@value #MAX_TOKENS} tokens or one is not a
     *     valid token
     */
    public static TokenizedMessage of(Collection<String> tokens) {
        SortedSet<String> sorted = new TreeSet<>();
        for (String token : tokens) {
            sorted.add(requireValidToken(token));
        }
        if (sorted.size() > MAX_TOKENS) {
            throw new IllegalArgumentException("a message has at most " + MAX_TOKENS + " tokens, got " + sorted.size());
        }
        return new TokenizedMessage(MessageKey.of(sorted), Collections.unmodifiableSortedSet(sorted));
    }

    /** Whether {@code token} could be one of a message's tokens. */
    public static boolean isValidToken(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                return false;
            }
        }
        return true;
    }

    /** @throws IllegalArgumentException naming the token unless {@link #isValidToken} */
    public static String requireValidToken(String token) {
        if (!isValidToken(token)) {
            throw new IllegalArgumentException("not a token (1 to " + MAX_TOKEN_LENGTH
                + " characters, no whitespace or control characters): '" + token + "'");
        }
        return token;
    }

    /** The SHA-256 of the tokens: what the store remembers the message by. */
    public MessageKey key() {
        return key;
    }

    /** The distinct tokens, sorted, unmodifiable. */
    public SortedSet<String> tokens() {
        return tokens;
    }

    public int size() {
        return tokens.size();
    }

    @Override
    public boolean equals(Object o) {
        // The key is a digest of the tokens: equal keys mean equal tokens.
        return o instanceof TokenizedMessage that && key.equals(that.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return "TokenizedMessage{key=" + key + ", tokens=" + tokens.size() + "}";
    }
}
