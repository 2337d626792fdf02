package io.cleanport.core.spam;

import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import io.cleanport.core.scan.ContentSink;
import io.cleanport.core.scan.Findings;
import io.cleanport.core.scan.HeaderField;
import io.cleanport.core.scan.HtmlReader;
import io.cleanport.core.scan.MessagePart;
import io.cleanport.core.scan.MessageText;
import io.cleanport.core.scan.MessageWalker;
import io.cleanport.core.scan.PartInspector;
import io.cleanport.core.scan.PartTextDecoder;
import io.cleanport.core.verdict.RuleHit;

/**
 * Gathers a {@link SpamMessage} in a scan's one walk, beside the other inspectors: every leaf part's type,
 * charset, encoding, file name and size; the text of text parts (HTML reduced to what a reader sees, its hidden
 * text apart, its links with their text); URLs written in plain text; and the "badly composed" evidence: what
 * the walk worked around ({@link MessageWalker#MALFORMED}) and what this inspector finds itself (see
 * {@link StructureProblem}).
 *
 * <p>The walk hands inspectors only the headers of leaf parts, so the message's own header is read from the
 * raw stream as the walk reads it: {@link #startCollecting} wraps the stream, the walk reads the wrapper, and
 * {@link #collected} assembles the result. Nothing is read twice.
 *
 * <p>Per-scan state lives in the scan's {@link Findings}; the inspector itself is immutable and shared by
 * concurrent scans. In a scan that did not {@link #startCollecting} it wants no content.
 */
public final class SpamFactsInspector implements PartInspector {
    private static final int MAX_HIDDEN_CHARS = 2000;
    private static final int MAX_PROBLEMS = 20;
    private static final int MAX_HEADER_FIELDS = 1000;
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private final SpamLimits limits;
    private final Findings.Slot<Collector> slot;

    public SpamFactsInspector() {
        this(SpamLimits.defaults());
    }

    public SpamFactsInspector(SpamLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.slot = Findings.Slot.of("spam facts", Collector.class, () -> new Collector(limits));
    }

    /**
     * Makes the scan that reports to {@code findings} gather spam facts.
     *
     * @param rawMessage the message as received
     * @return the stream the walk must read instead of {@code rawMessage} (it reads through to it)
     */
    public InputStream startCollecting(Findings findings, InputStream rawMessage) {
        Collector collector = findings.slot(slot);
        collector.tap = new HeaderTap(Objects.requireNonNull(rawMessage, "rawMessage"), limits.maxHeaderBytes());
        return collector.tap;
    }

    /**
     * The message as the walk that reported to {@code findings} saw it.
     *
     * @throws IllegalStateException when the scan did not {@link #startCollecting}
     */
    public SpamMessage collected(Findings findings, SmtpEnvelope envelope) {
        Collector collector = findings.peek(slot).filter(c -> c.tap != null).orElseThrow(() ->
            new IllegalStateException("spam facts were not collected in this scan: call startCollecting before the walk"));
        return collector.assemble(findings, Objects.requireNonNull(envelope, "envelope"));
    }

    @Override
    public ContentSink inspect(MessagePart part, Findings findings) {
        Optional<Collector> found = findings.peek(slot);
        if (found.isEmpty()) {
            return ContentSink.NONE;
        }
        Collector collector = found.get();
        collector.leaves++;
        part.header("Content-Type").map(type -> type.strip().toLowerCase(Locale.ROOT))
            .filter(type -> type.startsWith("multipart/") && !part.mimeType().startsWith("multipart/"))
            .ifPresent(type -> collector.problem(StructureProblem.MISSING_BOUNDARY.describe(part.describe()
                + " declares " + type.split("[;\\s]", 2)[0] + " without a boundary")));
        String type = part.mimeType();
        boolean text = !part.isAttachment() && (type.equals("text/plain") || type.equals("text/html"));
        return new PartSink(part, collector, text);
    }

    /** What one scan gathers. */
    private static final class Collector {
        final SpamLimits limits;
        final MessageText plain;
        final MessageText visibleHtml;
        final MessageText hidden = new MessageText(MAX_HIDDEN_CHARS);
        final StringBuilder html = new StringBuilder();
        final List<SpamMessage.Link> links = new ArrayList<>();
        final List<SpamMessage.Part> parts = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        HeaderTap tap;
        int leaves;
        boolean cut;

        Collector(SpamLimits limits) {
            this.limits = limits;
            this.plain = new MessageText(limits.maxTextChars());
            this.visibleHtml = new MessageText(limits.maxTextChars());
        }

        void link(SpamMessage.Link link) {
            if (links.size() < limits.maxLinks()) {
                links.add(link);
            } else {
                cut = true;
            }
        }

        void html(CharSequence chars) {
            int take = Math.min(chars.length(), limits.maxHtmlChars() - html.length());
            if (take < chars.length()) {
                cut = true;
            }
            html.append(chars, 0, Math.max(0, take));
        }

        void problem(String problem) {
            if (problems.size() < MAX_PROBLEMS && !problems.contains(problem)) {
                problems.add(problem);
            }
        }

        SpamMessage assemble(Findings findings, SmtpEnvelope envelope) {
            TopHeader header = TopHeader.parse(tap.headerBytes(), MAX_HEADER_FIELDS);
            List<String> all = new ArrayList<>(header.problems);
            if (tap.crlfLines() > 0 && (tap.bareLfLines() > 0 || tap.bareCrs() > 0)) {
                all.add(StructureProblem.BARE_LF.describe(tap.bareLfLines() + " bare LF and " + tap.bareCrs()
                    + " bare CR line ends among " + tap.crlfLines() + " CRLF line ends"));
            }
            for (HeaderField field : header.fields) {
                for (String problem : MailHeaders.encodedWordProblems(field.value())) {
                    all.add(StructureProblem.INVALID_ENCODED_WORD.describe("in " + field.name() + ", " + problem));
                }
            }
            all.addAll(problems);
            boolean limited = findings.hasHit(MessageWalker.LIMIT_EXCEEDED.id()) || findings.hasHit(MessageWalker.TIME_EXCEEDED.id());
            findings.hits().stream().filter(hit -> hit.ruleId().equals(MessageWalker.MALFORMED.id()))
                .map(RuleHit::evidence).forEach(evidence -> walkerProblems(evidence, all));
            String contentType = header.fields.stream().filter(field -> field.is("Content-Type")).map(HeaderField::value)
                .findFirst().orElse("").toLowerCase(Locale.ROOT);
            if (leaves == 0 && !limited && contentType.startsWith("multipart/") && contentType.contains("boundary")) {
                all.add(StructureProblem.MISSING_BOUNDARY.describe("the boundary of the message's "
                    + contentType.split("[;\\s]", 2)[0] + " never appears"));
            }
            String plainText = plain.toString();
            String visible = visibleHtml.toString();
            String text = plainText.isEmpty() || visible.isEmpty() ? plainText + visible : plainText + "\n" + visible;
            boolean textCut = text.length() > limits.maxTextChars();
            if (textCut) {
                int end = limits.maxTextChars();
                text = text.substring(0, Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end);
            }
            boolean truncated = limited || cut || textCut || tap.headerCut() || plain.truncated() || visibleHtml.truncated()
                || header.fields.size() >= MAX_HEADER_FIELDS;
            return new SpamMessage(header.fields, envelope.sender(), envelope.client(), envelope.helo(), text,
                html.toString(), links, parts, all.subList(0, Math.min(all.size(), MAX_PROBLEMS)), truncated,
                hidden.toString().strip());
        }

        /** The problems of the walk's {@code MIME_MALFORMED} evidence ("…; …; and 3 more"), sorted by kind. */
        private static void walkerProblems(String evidence, List<String> all) {
            for (String problem : evidence.split("; ")) {
                if (problem.matches("and \\d+ more") || problem.startsWith("Found non-standard soft line break")) {
                    continue; // a soft line break ending in a bare LF: BARE_LF's, when the message is CRLF at all
                }
                if (problem.toLowerCase(Locale.ROOT).contains("base64") || problem.startsWith("Unexpected padding")) {
                    all.add(StructureProblem.BROKEN_BASE64.describe(problem));
                } else if (problem.startsWith("Body part ended prematurely")) {
                    all.add(StructureProblem.MISSING_BOUNDARY.describe(problem));
                } else if (problem.startsWith("Invalid header") || problem.startsWith("Obsolete header")) {
                    if (!problem.endsWith(" in the message")) { // the message's own header is read by TopHeader
                        all.add(StructureProblem.MALFORMED_HEADER.describe(problem));
                    }
                } else {
                    all.add(StructureProblem.MIME_STRUCTURE.describe(problem));
                }
            }
        }
    }

    /** Counts a part's bytes and, for a text part, decodes it into the message's text. */
    private static final class PartSink implements ContentSink {
        private final MessagePart part;
        private final Collector collector;
        private final boolean html;
        private final HtmlReader reader;
        private final int plainStart;
        private PartTextDecoder decoder;
        private long size;

        PartSink(MessagePart part, Collector collector, boolean text) {
            this.part = part;
            this.collector = collector;
            this.html = text && part.mimeType().equals("text/html");
            this.reader = html ? HtmlReader.forSpamFilter(collector.visibleHtml, collector.hidden,
                link -> collector.link(new SpamMessage.Link(link.href(), link.anchorText(), true))) : null;
            this.plainStart = collector.plain.length();
            if (text) {
                Consumer<CharSequence> out = html ? chars -> {
                    collector.html(chars);
                    reader.write(chars);
                } : PartTextDecoder.plainText(collector.plain);
                chooseDecoder(part.charset().map(name -> name.strip().replace("\"", "").toLowerCase(Locale.ROOT))
                    .filter(name -> !name.isEmpty()).orElse(null), out);
                if (!html) {
                    collector.plain.endLineTrimmed();
                } else {
                    collector.visibleHtml.endLineTrimmed();
                }
            }
        }

        /**
         * Strict UTF-8 where a mismatch says something (declared UTF-8) or where 8-bit text is more likely UTF-8 than
         * not (no charset, us-ascii: 8-bit text declared us-ascii is common in honest mail, not a finding); the
         * browsers' windows-1252 where that does not decode.
         */
        private void chooseDecoder(String name, Consumer<CharSequence> out) {
            Charset charset = name != null && MailHeaders.knownCharset(name) ? Charset.forName(name) : null;
            if (name != null && charset == null) {
                collector.problem(StructureProblem.CHARSET.describe(part.describe() + " declares the unknown charset '"
                    + name + "'"));
            }
            if (charset == null || charset.equals(StandardCharsets.US_ASCII) || charset.equals(StandardCharsets.UTF_8)) {
                boolean declaredUtf8 = StandardCharsets.UTF_8.equals(charset);
                decoder = PartTextDecoder.utf8(WINDOWS_1252, () -> {
                    if (declaredUtf8) {
                        collector.problem(StructureProblem.CHARSET.describe(part.describe()
                            + " declares utf-8 but is not valid UTF-8"));
                    }
                }, out);
            } else {
                // as browsers do: ISO-8859-1 text is read as its superset windows-1252
                decoder = PartTextDecoder.of(charset.equals(StandardCharsets.ISO_8859_1) ? WINDOWS_1252 : charset, out);
            }
        }

        @Override
        public boolean accept(byte[] chunk, int offset, int length) {
            size += length;
            if (decoder != null && (html || !collector.plain.full())) {
                decoder.write(chunk, offset, length);
            }
            return true; // counted to the end
        }

        @Override
        public void end(boolean complete) {
            if (decoder != null) {
                decoder.end();
                if (html) {
                    reader.end();
                } else {
                    Urls.findInText(collector.plain.chars(), plainStart, collector.plain.length(),
                        url -> collector.link(new SpamMessage.Link(url, "", false)));
                }
            }
            String encoding = part.header("Content-Transfer-Encoding").isPresent() ? part.transferEncoding() : "";
            collector.parts.add(new SpamMessage.Part(part.mimeType(),
                part.charset().map(name -> name.strip().toLowerCase(Locale.ROOT)).orElse(""), encoding,
                part.filename().orElse(""), size));
        }
    }
}
