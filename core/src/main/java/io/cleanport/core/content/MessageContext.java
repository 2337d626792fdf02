package io.cleanport.core.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import io.cleanport.core.scan.MessageFacts;

/**
 * What {@link ContentRuleEvaluator} knows of one message: the envelope sender, the addresses of the
 * header From, the decoded Subject, the decoded header values, the size, and the {@link MessageFacts} of
 * its scan (files and text). Immutable; built with {@link #builder()}.
 */
public final class MessageContext {
    private final Optional<String> envelopeSender;
    private final List<String> fromAddresses;
    private final String subject;
    private final Map<String, List<String>> headers;
    private final long size;
    private final MessageFacts facts;

    private MessageContext(Builder builder) {
        this.envelopeSender = Optional.ofNullable(builder.envelopeSender).map(String::strip).filter(sender -> !sender.isEmpty());
        this.fromAddresses = List.copyOf(builder.fromAddresses);
        this.subject = builder.subject;
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        builder.headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = copy;
        if (builder.size < 0) {
            throw new IllegalArgumentException("size: " + builder.size + " is negative");
        }
        this.size = builder.size;
        this.facts = builder.facts;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The envelope sender (MAIL FROM); empty for the null sender {@code <>}. */
    public Optional<String> envelopeSender() {
        return envelopeSender;
    }

    /** The addresses of the header From, as parsed. */
    public List<String> fromAddresses() {
        return fromAddresses;
    }

    /** The Subject, RFC 2047 words decoded; empty when there is none. */
    public String subject() {
        return subject;
    }

    /** The decoded values of the header fields named {@code name} (any case), in message order. */
    public List<String> headerValues(String name) {
        List<String> values = headers.get(name);
        return values == null ? List.of() : values;
    }

    /** The message's size in bytes, as received. */
    public long size() {
        return size;
    }

    public MessageFacts facts() {
        return facts;
    }

    public static final class Builder {
        private String envelopeSender;
        private List<String> fromAddresses = List.of();
        private String subject = "";
        private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private long size;
        private MessageFacts facts = MessageFacts.empty();

        private Builder() {
        }

        /** The envelope sender; null or empty for the null sender. */
        public Builder envelopeSender(String value) {
            this.envelopeSender = value;
            return this;
        }

        public Builder fromAddresses(List<String> value) {
            this.fromAddresses = Objects.requireNonNull(value, "fromAddresses");
            return this;
        }

        public Builder subject(String value) {
            this.subject = Objects.requireNonNull(value, "subject");
            return this;
        }

        /** Header values by name; names compare ignoring case, the values of equal names are joined. */
        public Builder headers(Map<String, List<String>> value) {
            Objects.requireNonNull(value, "headers").forEach((name, values) -> values.forEach(v -> header(name, v)));
            return this;
        }

        /** One more value of the header field {@code name}. */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>()).add(value);
            return this;
        }

        public Builder size(long value) {
            this.size = value;
            return this;
        }

        public Builder facts(MessageFacts value) {
            this.facts = Objects.requireNonNull(value, "facts");
            return this;
        }

        /**
         * @throws IllegalArgumentException when the size is negative
         */
        public MessageContext build() {
            return new MessageContext(this);
        }
    }
}
