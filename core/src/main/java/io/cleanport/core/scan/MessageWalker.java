package io.cleanport.core.scan;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.MimeIOException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.FieldParser;
import org.apache.james.mime4j.dom.field.ParsedField;
import org.apache.james.mime4j.field.ContentTransferEncodingFieldImpl;
import org.apache.james.mime4j.field.ContentTypeFieldLenientImpl;
import org.apache.james.mime4j.field.DelegatingFieldParser;
import org.apache.james.mime4j.field.UnstructuredFieldImpl;
import org.apache.james.mime4j.io.MaxHeaderLengthLimitException;
import org.apache.james.mime4j.io.MaxHeaderLimitException;
import org.apache.james.mime4j.io.MaxLineLimitException;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.apache.james.mime4j.util.MimeUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.base.Ticker;

import io.cleanport.core.verdict.Rule;

/**
 * Parses a message once, as a stream, and hands every leaf part to a list of {@link PartInspector}s:
 * its metadata first, then its decoded content in chunks to the {@link ContentSink}s they return. So
 * every detector of a scan shares one parse and one decoding, and the message is never held in memory
 * as a whole.
 *
 * <p>The walk descends into multiparts (nested ones too) and into attached messages
 * ({@code message/rfc822}, whatever their transfer encoding), and decodes base64 and quoted-printable
 * (other encodings are passed as they are). Preambles and epilogues of multiparts are not inspected:
 * mail programs do not show them.
 *
 * <p>It is bounded by {@link ScanLimits}. Going past a bound, and malformed structure, are findings, not
 * errors: {@link #LIMIT_EXCEEDED} says what was not examined and why; {@link #MALFORMED} lists the
 * problems the parser worked around (a missing closing boundary, truncated base64, a header line without
 * a colon). The walk throws only when the message cannot be read at all ({@link IOException} of the
 * stream) or when an inspector fails.
 *
 * <p>Instances are immutable and thread-safe when the inspectors are.
 */
public final class MessageWalker {
    /** The scan stopped, or skipped a container, at a bound: what lies beyond was not examined. */
    public static final Rule LIMIT_EXCEEDED = Rule.of("MIME_LIMIT_EXCEEDED", 3.0,
        "the message exceeds a scan limit; what lies beyond it was not examined");
    /**
     * The walk ran out of time ({@link ScanLimits#maxScanTime()}): the message was not fully examined, and
     * unlike the other limits this says nothing about the message (a busy machine is slow), so callers hold
     * the mail rather than judge it.
     */
    public static final Rule TIME_EXCEEDED = Rule.of("SCAN_TIME_EXCEEDED", 0,
        "the scan took longer than its time limit; what lies beyond was not examined");
    /** The parser worked around malformed MIME structure, headers or transfer encoding. */
    public static final Rule MALFORMED = Rule.of("MIME_MALFORMED", 0.5,
        "malformed MIME structure, header or transfer encoding");

    private static final Logger LOGGER = LoggerFactory.getLogger(MessageWalker.class);
    private static final int CHUNK_BYTES = 8192;
    private static final int MAX_PROBLEMS_SHOWN = 3;
    /** Decoder remarks about line endings and trailing blanks: common in harmless mail, not findings. */
    private static final List<String> IGNORED_WARNINGS = List.of("ignored blanks", "Found CR without LF", "Found LF without CR");
    /** Only the fields that describe a body are parsed; the others are kept as text. */
    private static final FieldParser<ParsedField> FIELD_PARSER = bodyFieldParser();

    private final ScanLimits limits;
    private final List<PartInspector> inspectors;
    private final Ticker ticker;
    private final MimeConfig config;

    public MessageWalker(ScanLimits limits, List<PartInspector> inspectors) {
        this(limits, inspectors, Ticker.systemTicker());
    }

    /**
     * @param ticker the clock of {@link ScanLimits#maxScanTime()}
     */
    public MessageWalker(ScanLimits limits, List<PartInspector> inspectors, Ticker ticker) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.inspectors = List.copyOf(inspectors);
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.config = MimeConfig.custom()
            .setStrictParsing(false)
            .setMaxHeaderCount(limits.maxHeaderFields())
            .setMaxHeaderLen(limits.maxHeaderFieldBytes())
            .setMaxLineLen(limits.maxHeaderFieldBytes())
            .setMaxContentLen(-1) // bounded by ScanLimits.maxDecodedBytes where content is read
            .build();
    }

    public ScanLimits limits() {
        return limits;
    }

    /**
     * Walks one message, reporting to {@code findings} what the inspectors and the walk itself find.
     *
     * @param rawMessage the message as received: header, blank line, body; read up to where the walk ends,
     *                   not closed
     * @throws IOException when {@code rawMessage} cannot be read
     */
    public void walk(InputStream rawMessage, Findings findings) throws IOException {
        new Walk(Objects.requireNonNull(rawMessage, "rawMessage"), Objects.requireNonNull(findings, "findings")).run();
    }

    private static FieldParser<ParsedField> bodyFieldParser() {
        DelegatingFieldParser parser = new DelegatingFieldParser(UnstructuredFieldImpl.PARSER);
        // the lenient parser reads what mail programs read, rather than give up on an odd parameter;
        // Content-Disposition is read by DeclaredFileName, whose decoding cannot fail
        parser.setFieldParser("Content-Type", ContentTypeFieldLenientImpl.PARSER);
        parser.setFieldParser("Content-Transfer-Encoding", ContentTransferEncodingFieldImpl.PARSER);
        return parser;
    }

    /** The state of one walk. */
    private final class Walk {
        private final InputStream raw;
        private final Findings findings;
        private final Deque<Frame> frames = new ArrayDeque<>();
        private final Problems problems = new Problems();
        private final long start = ticker.read();
        private final byte[] chunk = new byte[CHUNK_BYTES];
        private MimeTokenStream stream;
        private int entities;
        private int leaves;
        private long decodedLeft = limits.maxDecodedBytes();
        private boolean flattened;

        Walk(InputStream raw, Findings findings) {
            this.raw = raw;
            this.findings = findings;
        }

        void run() throws IOException {
            stream = new MimeTokenStream(config, problems, new DefaultBodyDescriptorBuilder(null, FIELD_PARSER, problems));
            stream.setRecursionMode(RecursionMode.M_RECURSE);
            stream.parse(raw);
            try {
                EntityState state = stream.getState();
                while (state != EntityState.T_END_OF_STREAM) {
                    if (outOfTime() || !handle(state)) {
                        return;
                    }
                    state = advance();
                }
            } finally {
                problems.report();
            }
        }

        /** @return whether to go on */
        private boolean handle(EntityState state) throws IOException {
            switch (state) {
                case T_START_MESSAGE:
                    return enter(true);
                case T_START_BODYPART:
                    return enter(false);
                case T_FIELD:
                    Field field = stream.getField();
                    frames.peek().headers.add(new HeaderField(field.getName(), field.getBody()));
                    return true;
                case T_END_HEADER:
                    if (frames.peek().depth >= limits.maxDepth()) {
                        // too deep to open: let the parser treat whatever comes as an opaque body
                        stream.setRecursionMode(RecursionMode.M_FLAT);
                        flattened = true;
                    }
                    return true;
                case T_START_MULTIPART:
                    frames.peek().headers.clear(); // a container's headers are not handed to inspectors
                    return true;
                case T_BODY:
                    return body();
                case T_END_BODYPART:
                case T_END_MESSAGE:
                    frames.pop();
                    return true;
                default:
                    return true;
            }
        }

        /** The next event, or the end when the parser cannot go on. */
        private EntityState advance() throws IOException {
            try {
                return stream.next();
            } catch (MaxHeaderLimitException e) {
                limit("more than " + limits.maxHeaderFields() + " header fields in " + where());
            } catch (MaxHeaderLengthLimitException e) {
                limit("a header field over " + limits.maxHeaderFieldBytes() + " bytes in " + where());
            } catch (MaxLineLimitException e) {
                limit("a header line over " + limits.maxHeaderFieldBytes() + " bytes in " + where());
            } catch (MimeException e) {
                if (e.getCause() instanceof MaxLineLimitException) {
                    limit("a header line over " + limits.maxHeaderFieldBytes() + " bytes in " + where());
                } else {
                    unparseable(e);
                }
            } catch (MimeIOException e) {
                unparseable(e);
            } catch (RuntimeException e) {
                // a parser bug on hostile input must not let the message through unexamined and unremarked
                LOGGER.warn("MIME parser failure in {}", where(), e);
                unparseable(e);
            }
            return EntityState.T_END_OF_STREAM;
        }

        private boolean enter(boolean message) {
            Frame parent = frames.peek();
            Frame frame = parent == null ? Frame.root() : parent.child(message);
            entities++;
            if (entities > limits.maxParts()) {
                limit("more than " + limits.maxParts() + " MIME parts; stopped at " + frame.describe());
                return false;
            }
            if (parent != null) {
                parent.headers.clear(); // it is a container
            }
            frames.push(frame);
            return true;
        }

        private boolean body() throws IOException {
            Frame frame = frames.peek();
            MaximalBodyDescriptor descriptor = (MaximalBodyDescriptor) stream.getBodyDescriptor();
            if (flattened) {
                flattened = false;
                stream.setRecursionMode(RecursionMode.M_RECURSE);
                String type = descriptor.getMimeType();
                if (MimeUtil.isMultipart(type) || MimeUtil.isMessage(type)) {
                    limit("MIME nesting deeper than " + limits.maxDepth() + " levels: " + type + " at "
                        + frame.describe() + " was not opened");
                    return true;
                }
            }
            leaves++;
            MessagePart part = MessagePart.builder()
                .index(leaves)
                .section(frame.leafSection())
                .depth(frame.depth)
                .attachedMessageDepth(frame.attachedMessageDepth)
                .mimeType(declared(descriptor.getMimeType(), "text/plain"))
                .charset(declared(descriptor.getCharset(), null))
                .transferEncoding(declared(descriptor.getTransferEncoding(), "7bit"))
                .disposition(DeclaredFileName.dispositionType(frame.headers))
                .filename(DeclaredFileName.of(frame.headers))
                .headers(frame.headers)
                .build();
            return feed(part);
        }

        /** Hands the part to every inspector and its content to the sinks; whether to go on. */
        private boolean feed(MessagePart part) throws IOException {
            List<ContentSink> sinks = new ArrayList<>(inspectors.size());
            for (PartInspector inspector : inspectors) {
                ContentSink sink = inspector.inspect(part, findings);
                if (sink != null && sink != ContentSink.NONE) {
                    sinks.add(sink);
                }
            }
            if (sinks.isEmpty()) {
                return true; // the parser skips the content without decoding it
            }
            boolean[] wanting = new boolean[sinks.size()];
            Arrays.fill(wanting, true);
            int stillWanting = sinks.size();
            boolean stopped = false;
            InputStream content = stream.getDecodedInputStream();
            while (stillWanting > 0) {
                if (decodedLeft == 0) {
                    if (content.read() != -1) {
                        limit("more than " + limits.maxDecodedBytes() + " bytes of decoded content; stopped in "
                            + part.describe());
                        stopped = true;
                    }
                    break;
                }
                int read = content.read(chunk, 0, (int) Math.min(chunk.length, decodedLeft));
                if (read <= 0) {
                    break;
                }
                decodedLeft -= read;
                for (int i = 0; i < wanting.length; i++) {
                    if (wanting[i] && !sinks.get(i).accept(chunk, 0, read)) {
                        wanting[i] = false;
                        stillWanting--;
                    }
                }
                if (outOfTime()) {
                    stopped = true;
                    break;
                }
            }
            for (int i = 0; i < wanting.length; i++) {
                sinks.get(i).end(!(stopped && wanting[i]));
            }
            return !stopped;
        }

        private boolean outOfTime() {
            if (ticker.read() - start > limits.maxScanTime().toNanos()) {
                findings.hit(TIME_EXCEEDED.hit("scanning took longer than " + limits.maxScanTime().toMillis()
                    + " ms; stopped at " + where()));
                return true;
            }
            return false;
        }

        private void limit(String evidence) {
            findings.hit(LIMIT_EXCEEDED.hit(evidence));
        }

        private void unparseable(Exception e) {
            problems.add("cannot parse " + where() + " further (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); the rest of the message was not examined");
        }

        private String where() {
            Frame frame = frames.peek();
            return frame == null ? "the message header" : frame.describe();
        }

        /** Collects the problems the parser and the decoders work around, reported as one finding. */
        private final class Problems extends DecodeMonitor {
            private final List<String> shown = new ArrayList<>();
            private int count;

            @Override
            public boolean warn(String message, String dropDesc) {
                if (message != null && IGNORED_WARNINGS.stream().noneMatch(message::startsWith)) {
                    count++;
                    // a decoder warns once per bad byte: only the first few are worth a description
                    if (shown.size() < MAX_PROBLEMS_SHOWN) {
                        show(message + " in " + where());
                    }
                }
                return false; // never abort: go on as lenient mail programs do
            }

            @Override
            public boolean isListening() {
                return true;
            }

            void add(String problem) {
                count++;
                show(problem);
            }

            private void show(String problem) {
                if (shown.size() < MAX_PROBLEMS_SHOWN && !shown.contains(problem)) {
                    shown.add(problem);
                }
            }

            void report() {
                if (count == 0) {
                    return;
                }
                String evidence = String.join("; ", shown);
                if (count > shown.size()) {
                    evidence += "; and " + (count - shown.size()) + " more";
                }
                findings.hit(MALFORMED.hit(evidence));
            }
        }
    }

    /** A declared value, or the default when it is absent or blank (as the parser treats it). */
    private static String declared(String value, String absent) {
        return value == null || value.isBlank() ? absent : value.trim();
    }

    /** One entity on the path from the message to the current part. */
    private static final class Frame {
        final String section;
        final int depth;
        final int attachedMessageDepth;
        final boolean message;
        final List<HeaderField> headers = new ArrayList<>();
        int children;

        private Frame(String section, int depth, int attachedMessageDepth, boolean message) {
            this.section = section;
            this.depth = depth;
            this.attachedMessageDepth = attachedMessageDepth;
            this.message = message;
        }

        static Frame root() {
            return new Frame("", 0, 0, true);
        }

        Frame child(boolean childIsMessage) {
            if (childIsMessage) {
                // an attached message takes the section of the part that holds it, as in IMAP
                String childSection = message ? join(section, "1") : section;
                return new Frame(childSection, depth + 1, attachedMessageDepth + 1, true);
            }
            children++;
            return new Frame(join(section, Integer.toString(children)), depth + 1, attachedMessageDepth, false);
        }

        /** The section of this entity's body when it is a leaf. */
        String leafSection() {
            return message ? join(section, "1") : section;
        }

        String describe() {
            if (!message) {
                return "part " + section;
            }
            return depth == 0 ? "the message" : "the attached message at part " + (section.isEmpty() ? "1" : section);
        }

        private static String join(String parent, String child) {
            return parent.isEmpty() ? child : parent + "." + child;
        }
    }
}
