package io.cleanport.core.scan;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import io.cleanport.core.verdict.Evidence;

/**
 * One leaf part of a message as the {@link MessageWalker} meets it: a body, an attachment, or the body of
 * an attached message. Multiparts and attached messages are containers and are not parts themselves; their
 * leaves are.
 *
 * <p>Everything here is as declared by the sender, which is exactly what detectors compare with the content
 * (a {@code .pdf} that is an executable). Instances are immutable.
 */
public final class MessagePart {
    private static final int MAX_SHOWN_FILENAME_CHARS = 200;

    private final int index;
    private final String section;
    private final int depth;
    private final int attachedMessageDepth;
    private final String mimeType;
    private final String charset;
    private final String transferEncoding;
    private final String disposition;
    private final String filename;
    private final List<HeaderField> headers;

    private MessagePart(Builder builder) {
        if (builder.index < 1) {
            throw new IllegalArgumentException("index: " + builder.index + "; parts are numbered from 1");
        }
        if (builder.depth < 0 || builder.attachedMessageDepth < 0 || builder.attachedMessageDepth > builder.depth) {
            throw new IllegalArgumentException("depth " + builder.depth + " and attachedMessageDepth "
                + builder.attachedMessageDepth + " are inconsistent");
        }
        this.index = builder.index;
        this.section = requireNonEmpty(builder.section, "section");
        this.depth = builder.depth;
        this.attachedMessageDepth = builder.attachedMessageDepth;
        this.mimeType = requireNonEmpty(builder.mimeType, "mimeType").toLowerCase(Locale.ROOT);
        this.charset = builder.charset;
        this.transferEncoding = requireNonEmpty(builder.transferEncoding, "transferEncoding").toLowerCase(Locale.ROOT);
        this.disposition = builder.disposition == null ? null : builder.disposition.toLowerCase(Locale.ROOT);
        this.filename = builder.filename;
        this.headers = List.copyOf(builder.headers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The position of this part among the leaves of the message, from 1, in message order. */
    public int index() {
        return index;
    }

    /**
     * The IMAP-style section number: {@code 1} for the body of a single-part message, {@code 2} for the
     * second part of a multipart, {@code 2.1} for the first part inside it or inside the message attached
     * as part 2.
     */
    public String section() {
        return section;
    }

    /** Entities above this one: 0 for the body of a single-part message, 1 for a part of a multipart. */
    public int depth() {
        return depth;
    }

    /** How many attached messages ({@code message/rfc822}) enclose this part; 0 in the message itself. */
    public int attachedMessageDepth() {
        return attachedMessageDepth;
    }

    /** The declared type in lower case, {@code text/plain} when none (or an invalid one) is declared. */
    public String mimeType() {
        return mimeType;
    }

    /** The declared charset parameter. */
    public Optional<String> charset() {
        return Optional.ofNullable(charset);
    }

    /** The declared transfer encoding in lower case, {@code 7bit} when none is declared. */
    public String transferEncoding() {
        return transferEncoding;
    }

    /** The declared disposition in lower case ({@code attachment}, {@code inline}). */
    public Optional<String> disposition() {
        return Optional.ofNullable(disposition);
    }

    /**
     * The declared file name: the {@code filename} of {@code Content-Disposition} (RFC 2231 continuations
     * and charsets applied), else the {@code name} of {@code Content-Type}; RFC 2047 encoded words decoded.
     * Untrusted text: pass it through {@link Evidence#printable(String)} before showing it.
     */
    public Optional<String> filename() {
        return Optional.ofNullable(filename);
    }

    /** The part's own header fields in order (for the body of a single-part message, the message's). */
    public List<HeaderField> headers() {
        return headers;
    }

    /** The value of the first header field of that name, ignoring case. */
    public Optional<String> header(String name) {
        return headers.stream().filter(field -> field.is(name)).map(HeaderField::value).findFirst();
    }

    /** Whether the sender presents this part as a file: an attachment disposition or a file name. */
    public boolean isAttachment() {
        return filename != null || "attachment".equals(disposition);
    }

    /**
     * Where this part is, for a rule's evidence: {@code message body (text/plain)},
     * {@code attachment 'eicar.com' (part 2, application/octet-stream)},
     * {@code part 1.2 (text/html) inside an attached message}. Printable and bounded.
     */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (filename != null) {
            String shown = Evidence.truncate(filename, MAX_SHOWN_FILENAME_CHARS);
            text.append("attachment '").append(shown).append("' (part ").append(section).append(", ").append(mimeType).append(')');
        } else if (depth == 0) {
            text.append("message body (").append(mimeType).append(')');
        } else {
            text.append("part ").append(section).append(" (").append(mimeType).append(')');
        }
        if (attachedMessageDepth == 1) {
            text.append(" inside an attached message");
        } else if (attachedMessageDepth > 1) {
            text.append(" inside ").append(attachedMessageDepth).append(" nested attached messages");
        }
        return Evidence.printable(text.toString());
    }

    @Override
    public String toString() {
        return "MessagePart[" + index + " " + section + " " + mimeType + (filename == null ? "" : " '" + filename + "'") + "]";
    }

    private static String requireNonEmpty(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + ": must not be empty");
        }
        return value;
    }

    /** Builds a part; the walker does, and so may tests of inspectors. */
    public static final class Builder {
        private int index = 1;
        private String section = "1";
        private int depth;
        private int attachedMessageDepth;
        private String mimeType = "text/plain";
        private String charset;
        private String transferEncoding = "7bit";
        private String disposition;
        private String filename;
        private List<HeaderField> headers = List.of();

        private Builder() {
        }

        public Builder index(int value) {
            this.index = value;
            return this;
        }

        public Builder section(String value) {
            this.section = value;
            return this;
        }

        public Builder depth(int value) {
            this.depth = value;
            return this;
        }

        public Builder attachedMessageDepth(int value) {
            this.attachedMessageDepth = value;
            return this;
        }

        public Builder mimeType(String value) {
            this.mimeType = value;
            return this;
        }

        public Builder charset(String value) {
            this.charset = value;
            return this;
        }

        public Builder transferEncoding(String value) {
            this.transferEncoding = value;
            return this;
        }

        public Builder disposition(String value) {
            this.disposition = value;
            return this;
        }

        public Builder filename(String value) {
            this.filename = value;
            return this;
        }

        public Builder headers(List<HeaderField> value) {
            this.headers = Objects.requireNonNull(value, "headers");
            return this;
        }

        /**
         * @throws IllegalArgumentException when a value is missing or inconsistent
         */
        public MessagePart build() {
            return new MessagePart(this);
        }
    }
}
