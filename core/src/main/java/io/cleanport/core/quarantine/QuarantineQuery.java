package io.cleanport.core.quarantine;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import io.cleanport.core.message.CleanPortId;
import io.cleanport.core.policy.DomainName;

/**
 * A search of the quarantines, as {@code GET /cleanport/quarantine} takes it. Every filter is optional
 * and they combine with AND:
 * <ul>
 *   <li>{@code category}: one quarantine;</li>
 *   <li>{@code domain}: the recipient's domain;</li>
 *   <li>{@code recipient}: one recipient address (case-insensitive);</li>
 *   <li>{@code sender}: one sender address (case-insensitive), {@code <>} for the null sender, or
 *       {@code @example.org} for every sender of that domain (not its subdomains);</li>
 *   <li>{@code messageId}: the entries of one message ({@code X-CleanPort-Id});</li>
 *   <li>{@code q}: words searched in subject and sender, all of them required; {@code "a phrase"},
 *       {@code prefix*} and {@code -excluded} are understood, nothing in it is an error;</li>
 *   <li>{@code since} (inclusive) and {@code until} (exclusive): when the message was received.</li>
 * </ul>
 * Sorted by {@code sort} (default {@code received}) in {@code order} (default {@code desc}); the page is
 * {@code limit} entries (1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}) from {@code offset}
 * (0 to {@value #MAX_OFFSET}: deeper pages are reached by narrowing the query, e.g. with {@code until}).
 *
 * <p>Each setter of the {@link Builder} checks its value at once and throws a
 * {@link QuarantineValidationException} naming the parameter.
 */
public final class QuarantineQuery {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;
    public static final int MAX_OFFSET = 10_000;
    public static final int MAX_TEXT_LENGTH = 500;

    private final Optional<QuarantineCategory> category;
    private final Optional<String> domain;
    private final Optional<String> recipient;
    private final Optional<String> sender;
    private final Optional<String> senderDomain;
    private final Optional<CleanPortId> messageId;
    private final Optional<String> text;
    private final Optional<Instant> since;
    private final Optional<Instant> until;
    private final QuarantineSort sort;
    private final QuarantineSort.Order order;
    private final int offset;
    private final int limit;

    private QuarantineQuery(Builder builder) {
        this.category = builder.category;
        this.domain = builder.domain;
        this.recipient = builder.recipient;
        this.sender = builder.sender;
        this.senderDomain = builder.senderDomain;
        this.messageId = builder.messageId;
        this.text = builder.text;
        this.since = builder.since;
        this.until = builder.until;
        this.sort = builder.sort;
        this.order = builder.order;
        this.offset = builder.offset;
        this.limit = builder.limit;
    }

    /** Every entry, newest first, the first {@value #DEFAULT_LIMIT}. */
    public static QuarantineQuery all() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<QuarantineCategory> category() {
        return category;
    }

    /** The recipient domain, lower-cased. */
    public Optional<String> domain() {
        return domain;
    }

    /** The recipient address, lower-cased. */
    public Optional<String> recipient() {
        return recipient;
    }

    /** The sender address lower-cased, or {@link QuarantineEntry#NULL_SENDER}; empty when not filtered or filtered by domain. */
    public Optional<String> sender() {
        return sender;
    }

    /** The sender domain, lower-cased, when the sender filter was {@code @domain}. */
    public Optional<String> senderDomain() {
        return senderDomain;
    }

    public Optional<CleanPortId> messageId() {
        return messageId;
    }

    /** The free text {@code q}, trimmed; empty when not given or blank. */
    public Optional<String> text() {
        return text;
    }

    public Optional<Instant> since() {
        return since;
    }

    public Optional<Instant> until() {
        return until;
    }

    public QuarantineSort sort() {
        return sort;
    }

    public QuarantineSort.Order order() {
        return order;
    }

    public int offset() {
        return offset;
    }

    public int limit() {
        return limit;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("QuarantineQuery[");
        category.ifPresent(v -> out.append("category=").append(v.jsonValue()).append(", "));
        domain.ifPresent(v -> out.append("domain=").append(v).append(", "));
        recipient.ifPresent(v -> out.append("recipient=").append(v).append(", "));
        sender.ifPresent(v -> out.append("sender=").append(v).append(", "));
        senderDomain.ifPresent(v -> out.append("sender=@").append(v).append(", "));
        messageId.ifPresent(v -> out.append("messageId=").append(v).append(", "));
        text.ifPresent(v -> out.append("q=").append(v).append(", "));
        since.ifPresent(v -> out.append("since=").append(v).append(", "));
        until.ifPresent(v -> out.append("until=").append(v).append(", "));
        return out.append("sort=").append(sort.jsonValue()).append(' ').append(order.jsonValue())
            .append(", offset=").append(offset).append(", limit=").append(limit).append(']').toString();
    }

    /** Collects and checks the parameters of a search. Not thread-safe. */
    public static final class Builder {
        private Optional<QuarantineCategory> category = Optional.empty();
        private Optional<String> domain = Optional.empty();
        private Optional<String> recipient = Optional.empty();
        private Optional<String> sender = Optional.empty();
        private Optional<String> senderDomain = Optional.empty();
        private Optional<CleanPortId> messageId = Optional.empty();
        private Optional<String> text = Optional.empty();
        private Optional<Instant> since = Optional.empty();
        private Optional<Instant> until = Optional.empty();
        private QuarantineSort sort = QuarantineSort.RECEIVED;
        private QuarantineSort.Order order = QuarantineSort.Order.DESC;
        private int offset = 0;
        private int limit = DEFAULT_LIMIT;

        private Builder() {
        }

        public Builder category(QuarantineCategory category) {
            this.category = Optional.of(Objects.requireNonNull(category, "category"));
            return this;
        }

        /**
         * @throws QuarantineValidationException (field {@code domain}) if it is not a domain name
         */
        public Builder domain(String domain) {
            this.domain = Optional.of(DomainName.parse(domain == null ? null : domain.strip())
                .orElseThrow(() -> new QuarantineValidationException("domain", "'" + domain + "' is not a domain name"))
                .name());
            return this;
        }

        /**
         * @throws QuarantineValidationException (field {@code recipient}) if it is not a mail address
         */
        public Builder recipient(String recipient) {
            this.recipient = Optional.of(QuarantineEntry.parseAddress("recipient", recipient).asString().toLowerCase(Locale.ROOT));
            return this;
        }

        /**
         * A sender address, {@code <>} for the null sender, or {@code @domain} for a sender domain.
         *
         * @throws QuarantineValidationException (field {@code sender}) for anything else
         */
        public Builder sender(String sender) {
            String trimmed = sender == null ? "" : sender.strip();
            this.sender = Optional.empty();
            this.senderDomain = Optional.empty();
            if (trimmed.equals(QuarantineEntry.NULL_SENDER)) {
                this.sender = Optional.of(QuarantineEntry.NULL_SENDER);
            } else if (trimmed.startsWith("@")) {
                this.senderDomain = Optional.of(DomainName.parse(trimmed.substring(1))
                    .orElseThrow(() -> new QuarantineValidationException("sender", "'" + sender + "' is not @ followed by a domain name"))
                    .name());
            } else {
                this.sender = Optional.of(QuarantineEntry.parseAddress("sender", trimmed).asString().toLowerCase(Locale.ROOT));
            }
            return this;
        }

        public Builder messageId(CleanPortId messageId) {
            this.messageId = Optional.of(Objects.requireNonNull(messageId, "messageId"));
            return this;
        }

        /**
         * Free text; {@code null} or blank means no text filter.
         *
         * @throws QuarantineValidationException (field {@code q}) beyond {@value #MAX_TEXT_LENGTH} characters
         */
        public Builder text(String q) {
            String trimmed = q == null ? "" : q.strip();
            if (trimmed.length() > MAX_TEXT_LENGTH) {
                throw new QuarantineValidationException("q", "is longer than " + MAX_TEXT_LENGTH + " characters");
            }
            this.text = trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
            return this;
        }

        /** Received at or after {@code since}. */
        public Builder since(Instant since) {
            this.since = Optional.of(Objects.requireNonNull(since, "since"));
            return this;
        }

        /** Received before {@code until}. */
        public Builder until(Instant until) {
            this.until = Optional.of(Objects.requireNonNull(until, "until"));
            return this;
        }

        public Builder sort(QuarantineSort sort) {
            this.sort = Objects.requireNonNull(sort, "sort");
            return this;
        }

        public Builder order(QuarantineSort.Order order) {
            this.order = Objects.requireNonNull(order, "order");
            return this;
        }

        /**
         * @throws QuarantineValidationException (field {@code offset}) outside 0 to {@value #MAX_OFFSET}
         */
        public Builder offset(int offset) {
            if (offset < 0 || offset > MAX_OFFSET) {
                throw new QuarantineValidationException("offset", "must be between 0 and " + MAX_OFFSET + ", got " + offset
                    + (offset > MAX_OFFSET ? "; narrow the search (since, until, filters) to reach further" : ""));
            }
            this.offset = offset;
            return this;
        }

        /**
         * @throws QuarantineValidationException (field {@code limit}) outside 1 to {@value #MAX_LIMIT}
         */
        public Builder limit(int limit) {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new QuarantineValidationException("limit", "must be between 1 and " + MAX_LIMIT + ", got " + limit);
            }
            this.limit = limit;
            return this;
        }

        /**
         * @throws QuarantineValidationException (field {@code until}) if {@code until} is not after {@code since}
         */
        public QuarantineQuery build() {
            if (since.isPresent() && until.isPresent() && !until.get().isAfter(since.get())) {
                throw new QuarantineValidationException("until", until.get() + " is not after since " + since.get());
            }
            return new QuarantineQuery(this);
        }
    }
}
