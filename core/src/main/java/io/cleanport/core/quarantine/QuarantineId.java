package io.cleanport.core.quarantine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import org.apache.james.core.MailAddress;

import io.cleanport.core.message.CleanPortId;
import io.cleanport.core.message.CrockfordBase32;

/**
 * The id of one quarantine entry: one message ({@link CleanPortId}) for one recipient.
 *
 * <p>Shape: {@code <CleanPortId>-<recipient tag>}, e.g. {@code 01JH4Q9Z3T8V5XKQ2M7N0PRS6W-3F8KQ1ZT0B}: the
 * 26-character id of the message ({@code X-CleanPort-Id}), a hyphen, and 10 characters of the same
 * Crockford base32 taken from the SHA-256 of the recipient (local part as received, domain lower-cased),
 * 50 bits. 37 characters, safe in a URL path and a file name.
 *
 * <p>Why derived from the recipient rather than numbered or random: James splits a mail between
 * processors, so the recipients of one message reach the quarantine at different times and in
 * different mails; a derived id needs no counter shared between them, the same recipient of the same
 * message always gets the same id (a quarantining step retried after a crash overwrites its own entry
 * instead of adding a twin, and a rebuild from the repositories gives back the ids users already
 * have), and the message id stays visible in it, so the id in a delivered copy's header or a log line
 * leads to every recipient's entry. Two recipients of one message collide with a probability of
 * about n²/2⁵¹ (n recipients), below 10⁻⁹ for a thousand.
 */
public final class QuarantineId implements Comparable<QuarantineId> {
    private static final int TAG_LENGTH = 10;
    /** The length of {@link #asString()}: 37. */
    public static final int LENGTH = CleanPortId.LENGTH + 1 + TAG_LENGTH;
    private static final Pattern SHAPE = Pattern.compile(CrockfordBase32.CHARACTER + "{" + CleanPortId.LENGTH + "}-"
        + CrockfordBase32.CHARACTER + "{" + TAG_LENGTH + "}");

    private final String value;

    private QuarantineId(String value) {
        this.value = value;
    }

    /** The id of {@code message}'s entry for {@code recipient}. */
    public static QuarantineId of(CleanPortId message, MailAddress recipient) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(recipient, "recipient");
        return new QuarantineId(message.asString() + "-" + recipientTag(recipient));
    }

    /**
     * Parses an id given back by a user (case-insensitive).
     *
     * @throws QuarantineValidationException (field {@code id}) for anything of another shape
     */
    public static QuarantineId parse(String value) {
        if (value == null) {
            throw new QuarantineValidationException("id", "must not be empty");
        }
        String upper = value.trim().toUpperCase(Locale.ROOT);
        if (!SHAPE.matcher(upper).matches()) {
            throw new QuarantineValidationException("id", "'" + value + "' is not a quarantine id ("
                + LENGTH + " characters expected: a CleanPort id, '-', 10 base32 characters)");
        }
        return new QuarantineId(upper);
    }

    private static String recipientTag(MailAddress recipient) {
        String normalised = recipient.getLocalPart() + "@" + recipient.getDomain().asString().toLowerCase(Locale.ROOT);
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        return CrockfordBase32.encodeLeadingBits(hash, TAG_LENGTH);
    }

    /** The id of the quarantined message, as in its {@code X-CleanPort-Id}. */
    public CleanPortId messageId() {
        return CleanPortId.of(value.substring(0, CleanPortId.LENGTH));
    }

    public String asString() {
        return value;
    }

    /** Ids of one message are adjacent, and messages sort by arrival time (see {@link CleanPortId}). */
    @Override
    public int compareTo(QuarantineId other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuarantineId other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
