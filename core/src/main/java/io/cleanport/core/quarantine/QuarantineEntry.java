package io.cleanport.core.quarantine;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;

import io.cleanport.core.message.CleanPortId;
import io.cleanport.core.policy.DomainName;

/**
 * What the quarantine knows of one message for one recipient: the metadata shown and searched through
 * WebAdmin, and where the message itself is kept. The body is not here; it lives in the James mail
 * repository of its category, at {@link #location()}.
 *
 * <p>Built with {@link #builder()}, immutable, validated on {@link Builder#build()}:
 * <ul>
 *   <li>{@link #id()} is derived from the message id and the recipient (see {@link QuarantineId});</li>
 *   <li>recipient: a mail address; {@link #domain()} is its domain, lower-cased, except for outbound
 *       mail (relayed from a customer's network), whose domain is the customer's: an outbound entry is
 *       found under the domain that sent it;</li>
 *   <li>sender: a mail address or the null sender, {@link #NULL_SENDER};</li>
 *   <li>subject: decoded, possibly empty; control characters become spaces and a subject longer than
 *       {@value #MAX_SUBJECT_LENGTH} characters is cut (a hostile subject must not keep a mail out of
 *       quarantine);</li>
 *   <li>size in bytes, at least 0; expires not before received; score, when present, a finite number;
 *       at most {@value #MAX_REASONS} reasons;</li>
 *   <li>instants are kept to the millisecond (James's own precision), so the index and the JSON form
 *       compare them exactly.</li>
 * </ul>
 */
public final class QuarantineEntry {
    /** How the null reverse-path (bounces, DSNs) appears as a sender. */
    public static final String NULL_SENDER = "<>";
    public static final int MAX_SUBJECT_LENGTH = 1000;
    public static final int MAX_REASONS = 1000;

    private final QuarantineId id;
    private final QuarantineCategory category;
    private final MailAddress recipient;
    private final Optional<MailAddress> sender;
    private final String subject;
    private final long size;
    private final Instant received;
    private final Instant expires;
    private final OptionalDouble score;
    private final Optional<SpamLevel> spamLevel;
    private final List<QuarantineReason> reasons;
    private final RepositoryLocation location;
    private final Optional<Instant> released;
    private final Optional<String> outboundDomain;

    private QuarantineEntry(Builder builder) {
        this.category = require(builder.category, "category");
        this.recipient = require(builder.recipient, "recipient");
        this.id = QuarantineId.of(require(builder.messageId, "messageId"), recipient);
        this.sender = require(builder.sender, "sender");
        this.subject = boundedText(builder.subject, MAX_SUBJECT_LENGTH);
        this.size = require(builder.size, "size");
        if (size < 0) {
            throw new QuarantineValidationException("size", "must be at least 0, got " + size);
        }
        this.received = require(builder.received, "received").truncatedTo(ChronoUnit.MILLIS);
        this.expires = require(builder.expires, "expires").truncatedTo(ChronoUnit.MILLIS);
        if (expires.isBefore(received)) {
            throw new QuarantineValidationException("expires", expires + " is before received " + received);
        }
        this.score = builder.score;
        if (score.isPresent() && !Double.isFinite(score.getAsDouble())) {
            throw new QuarantineValidationException("score", "must be a finite number, got " + score.getAsDouble());
        }
        this.spamLevel = require(builder.spamLevel, "spamLevel");
        if (require(builder.reasons, "reasons").stream().anyMatch(Objects::isNull)) {
            throw new QuarantineValidationException("reasons", "must not contain null");
        }
        this.reasons = List.copyOf(builder.reasons);
        if (reasons.size() > MAX_REASONS) {
            throw new QuarantineValidationException("reasons", "more than " + MAX_REASONS + " reasons");
        }
        this.location = require(builder.location, "location");
        this.released = require(builder.released, "released").map(at -> at.truncatedTo(ChronoUnit.MILLIS));
        this.outboundDomain = require(builder.outboundDomain, "outboundDomain")
            .map(domain -> DomainName.parse(domain).orElseThrow(() -> new QuarantineValidationException("domain",
                "'" + domain + "' is not a domain name")).name());
    }

    private static <T> T require(T value, String field) {
        if (value == null) {
            throw new QuarantineValidationException(field, "is required");
        }
        return value;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this entry's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.messageId = id.messageId();
        builder.category = category;
        builder.recipient = recipient;
        builder.sender = sender;
        builder.subject = subject;
        builder.size = size;
        builder.received = received;
        builder.expires = expires;
        builder.score = score;
        builder.spamLevel = spamLevel;
        builder.reasons = reasons;
        builder.location = location;
        builder.released = released;
        builder.outboundDomain = outboundDomain;
        return builder;
    }

    /** This entry, released at {@code at}. */
    public QuarantineEntry releasedAt(Instant at) {
        return toBuilder().released(Objects.requireNonNull(at, "at")).build();
    }

    public QuarantineId id() {
        return id;
    }

    public CleanPortId messageId() {
        return id.messageId();
    }

    public QuarantineCategory category() {
        return category;
    }

    /** The envelope recipient this entry is for. */
    public String recipient() {
        return recipient.asString();
    }

    public MailAddress recipientAddress() {
        return recipient;
    }

    /** The recipient's domain, lower-cased; for outbound mail, the customer domain that sent it. */
    public String domain() {
        return outboundDomain.orElseGet(() -> recipient.getDomain().asString().toLowerCase(Locale.ROOT));
    }

    /** Whether the message was outbound: relayed from a customer's network to an outside recipient. */
    public boolean isOutbound() {
        return outboundDomain.isPresent();
    }

    /** The envelope sender, or {@link #NULL_SENDER}. */
    public String sender() {
        return sender.map(MailAddress::asString).orElse(NULL_SENDER);
    }

    /** The envelope sender; empty for the null sender. */
    public Optional<MailAddress> senderAddress() {
        return sender;
    }

    public boolean hasNullSender() {
        return sender.isEmpty();
    }

    /** The decoded {@code Subject}, empty if the message has none. */
    public String subject() {
        return subject;
    }

    /** The size of the message in bytes, as received. */
    public long size() {
        return size;
    }

    public Instant received() {
        return received;
    }

    /** When the purge may remove the entry. */
    public Instant expires() {
        return expires;
    }

    /** Whether the entry may be purged at {@code now}: {@code expires <= now}. */
    public boolean isExpiredAt(Instant now) {
        return !expires.isAfter(now);
    }

    /** The spam score, for entries that have one. */
    public OptionalDouble score() {
        return score;
    }

    /** For spam entries: the recipient's spam level and its threshold when the message was quarantined. */
    public Optional<SpamLevel> spamLevel() {
        return spamLevel;
    }

    /** The rules that hit, in the order the verdict gave them. */
    public List<QuarantineReason> reasons() {
        return reasons;
    }

    public RepositoryLocation location() {
        return location;
    }

    /** When the message was released to its recipient; empty while it is held. */
    public Optional<Instant> released() {
        return released;
    }

    public boolean isReleased() {
        return released.isPresent();
    }

    /**
     * {@code null} becomes empty, control characters (a folded header's CR LF, a tab) spaces, and text
     * longer than {@code max} characters is cut to {@code max} with a trailing ellipsis.
     */
    static String boundedText(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (out.length() > max) {
            int cut = max - 1;
            if (Character.isHighSurrogate(out.charAt(cut - 1))) {
                cut--;
            }
            out.setLength(cut);
            out.append('\u2026');
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuarantineEntry that && id.equals(that.id) && category == that.category
            && recipient.equals(that.recipient) && sender.equals(that.sender) && subject.equals(that.subject)
            && size == that.size && received.equals(that.received) && expires.equals(that.expires)
            && score.equals(that.score) && spamLevel.equals(that.spamLevel) && reasons.equals(that.reasons) && location.equals(that.location)
            && released.equals(that.released) && outboundDomain.equals(that.outboundDomain);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "QuarantineEntry[" + id + ", " + category.jsonValue() + ", " + recipient() + " from " + sender()
            + ", received " + received + (released.map(at -> ", released " + at).orElse("")) + "]";
    }

    /** Collects an entry's values; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private CleanPortId messageId;
        private QuarantineCategory category;
        private MailAddress recipient;
        private Optional<MailAddress> sender;
        private String subject = "";
        private Long size;
        private Instant received;
        private Instant expires;
        private OptionalDouble score = OptionalDouble.empty();
        private Optional<SpamLevel> spamLevel = Optional.empty();
        private List<QuarantineReason> reasons = List.of();
        private RepositoryLocation location;
        private Optional<Instant> released = Optional.empty();
        private Optional<String> outboundDomain = Optional.empty();

        private Builder() {
        }

        /** The {@code X-CleanPort-Id} of the message; with the recipient, it makes the entry's id. */
        public Builder messageId(CleanPortId messageId) {
            this.messageId = messageId;
            return this;
        }

        public Builder category(QuarantineCategory category) {
            this.category = category;
            return this;
        }

        public Builder recipient(MailAddress recipient) {
            this.recipient = recipient;
            return this;
        }

        /**
         * @throws QuarantineValidationException (field {@code recipient}) if it is not a mail address
         */
        public Builder recipient(String recipient) {
            this.recipient = parseAddress("recipient", recipient);
            return this;
        }

        /** The envelope sender; {@code null}, empty, {@code <>} or James's null sender mean the null sender. */
        public Builder sender(MailAddress sender) {
            this.sender = sender == null || sender.isNullSender() ? Optional.empty() : Optional.of(sender);
            return this;
        }

        /**
         * The envelope sender; {@code null}, empty or {@code <>} for the null sender.
         *
         * @throws QuarantineValidationException (field {@code sender}) if it is not a mail address
         */
        public Builder sender(String sender) {
            String trimmed = sender == null ? "" : sender.strip();
            this.sender = trimmed.isEmpty() || trimmed.equals(NULL_SENDER) ? Optional.empty() : Optional.of(parseAddress("sender", trimmed));
            return this;
        }

        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder size(long size) {
            this.size = size;
            return this;
        }

        public Builder received(Instant received) {
            this.received = received;
            return this;
        }

        public Builder expires(Instant expires) {
            this.expires = expires;
            return this;
        }

        public Builder score(double score) {
            this.score = OptionalDouble.of(score);
            return this;
        }

        public Builder score(OptionalDouble score) {
            this.score = Objects.requireNonNull(score, "score");
            return this;
        }

        public Builder spamLevel(Optional<SpamLevel> spamLevel) {
            this.spamLevel = Objects.requireNonNull(spamLevel, "spamLevel");
            return this;
        }

        public Builder reasons(List<QuarantineReason> reasons) {
            this.reasons = reasons;
            return this;
        }

        public Builder location(RepositoryLocation location) {
            this.location = location;
            return this;
        }

        public Builder released(Instant at) {
            this.released = Optional.ofNullable(at);
            return this;
        }

        public Builder released(Optional<Instant> at) {
            this.released = Objects.requireNonNull(at, "released");
            return this;
        }

        /**
         * Marks the entry outbound, sent by the customer {@code domain}; empty for inbound mail (the default).
         * The entry's {@link #domain()} is then the customer's.
         */
        public Builder outboundDomain(Optional<String> domain) {
            this.outboundDomain = Objects.requireNonNull(domain, "outboundDomain");
            return this;
        }

        /**
         * @throws QuarantineValidationException naming the first missing or invalid field
         */
        public QuarantineEntry build() {
            return new QuarantineEntry(this);
        }
    }

    static MailAddress parseAddress(String field, String address) {
        if (address == null || address.isBlank()) {
            throw new QuarantineValidationException(field, "must not be empty");
        }
        try {
            MailAddress parsed = new MailAddress(address.strip());
            if (parsed.isNullSender()) {
                throw new QuarantineValidationException(field, "'" + address + "' is not a mail address");
            }
            return parsed;
        } catch (AddressException e) {
            throw new QuarantineValidationException(field, "'" + address + "' is not a mail address: " + e.getMessage());
        }
    }
}
