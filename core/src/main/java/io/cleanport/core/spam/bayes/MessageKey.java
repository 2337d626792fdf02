package io.cleanport.core.spam.bayes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SortedSet;

/**
 * Identifies a learned message: the SHA-256 (64 lower-case hex digits) of its sorted token set, each
 * token followed by a line feed.
 *
 * <p>Why the tokens and not Message-ID and body: the key then stands exactly for what was counted, so
 * learning the same raw message as the other class, or forgetting it, can take back precisely the
 * tokens it added without the store keeping them; and it needs no Message-ID (often missing or reused
 * by spammers). Two messages with identical tokens count as one, which is what they would teach anyway.
 * The price: a new tokenizer gives new keys, so messages learned before it cannot be moved.
 */
public record MessageKey(String sha256) {
    private static final HexFormat HEX = HexFormat.of();

    public MessageKey {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a message key is 64 lower-case hex digits, got '" + sha256 + "'");
        }
    }

    static MessageKey of(SortedSet<String> tokens) {
        MessageDigest digest = newDigest();
        for (String token : tokens) {
            digest.update(token.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
        }
        return new MessageKey(HEX.formatHex(digest.digest()));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return sha256;
    }
}
