package io.cleanport.core.spam;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.cleanport.core.scan.HeaderField;

/**
 * What the spam filter reads of one message, gathered by one parse: the top-level header as it arrived,
 * the envelope, the text (plain parts, and the visible text of HTML parts), the HTML as written, its links,
 * and the structure. Every text is bounded by the parser; this class only carries it.
 *
 * @param headers            the message's own header fields, in order (not those of its parts)
 * @param envelopeSender     the SMTP MAIL FROM address; empty for the null sender or when unknown
 * @param client             the address of the SMTP client that delivered it to the gateway
 * @param helo               the name the client gave in HELO/EHLO
 * @param text               the text a reader sees: text/plain parts, then the visible text of HTML parts
 * @param html               the HTML parts as written (tags included), concatenated
 * @param links              every link of the HTML parts ({@code <a href>}) and every URL found in the text
 * @param parts              the leaf parts, in order
 * @param structureProblems  what the parser had to work around (missing boundary, bare LF, malformed header
 *                           lines, truncated encodings), in words; the "badly composed" evidence
 * @param truncated          whether a bound cut the text or the walk
 * @param hiddenText         the text of the HTML parts a reader does not see (inside {@code display:none} or
 *                           {@code visibility:hidden}, in a zero font size, or in the colour of its background),
 *                           bounded; empty when none. Not part of {@code text}.
 */
public record SpamMessage(List<HeaderField> headers, Optional<String> envelopeSender, Optional<InetAddress> client,
                          Optional<String> helo, String text, String html, List<Link> links, List<Part> parts,
                          List<String> structureProblems, boolean truncated, String hiddenText) {
    public SpamMessage {
        headers = List.copyOf(headers);
        Objects.requireNonNull(envelopeSender, "envelopeSender");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(helo, "helo");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        links = List.copyOf(links);
        parts = List.copyOf(parts);
        structureProblems = List.copyOf(structureProblems);
        Objects.requireNonNull(hiddenText, "hiddenText");
    }

    /** A message without hidden HTML text. */
    public SpamMessage(List<HeaderField> headers, Optional<String> envelopeSender, Optional<InetAddress> client,
                       Optional<String> helo, String text, String html, List<Link> links, List<Part> parts,
                       List<String> structureProblems, boolean truncated) {
        this(headers, envelopeSender, client, helo, text, html, links, parts, structureProblems, truncated, "");
    }

    /** This message as it came through the SMTP session {@code envelope} (the walk that read it did not know it). */
    public SpamMessage withEnvelope(SmtpEnvelope envelope) {
        return new SpamMessage(headers, envelope.sender(), envelope.client(), envelope.helo(), text, html, links, parts,
            structureProblems, truncated, hiddenText);
    }

    /** The first header field named {@code name} (any case), unfolded, not decoded. */
    public Optional<String> header(String name) {
        return headers.stream().filter(field -> field.is(name)).map(HeaderField::value).findFirst();
    }

    /** Every header field named {@code name} (any case), in order. */
    public List<String> headers(String name) {
        return headers.stream().filter(field -> field.is(name)).map(HeaderField::value).toList();
    }

    /**
     * A link: where it goes and what the reader sees.
     *
     * @param href       the target as written ({@code http://…}, {@code mailto:…}); for a URL found in plain
     *                   text, the URL itself
     * @param anchorText the visible text of the link; empty for a URL found in plain text
     * @param inHtml     whether it comes from an HTML {@code <a>} element
     */
    public record Link(String href, String anchorText, boolean inHtml) {
        public Link {
            Objects.requireNonNull(href, "href");
            Objects.requireNonNull(anchorText, "anchorText");
        }
    }

    /**
     * A leaf part.
     *
     * @param contentType      the media type, lower case ({@code text/plain}); {@code text/plain} when absent
     * @param charset          the declared charset, lower case; empty when none
     * @param transferEncoding the Content-Transfer-Encoding, lower case; empty when none
     * @param fileName         the declared file name; empty when none
     * @param size             decoded bytes
     */
    public record Part(String contentType, String charset, String transferEncoding, String fileName, long size) {
        public Part {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(charset, "charset");
            Objects.requireNonNull(transferEncoding, "transferEncoding");
            Objects.requireNonNull(fileName, "fileName");
        }

        public boolean isImage() {
            return contentType.startsWith("image/");
        }
    }
}
