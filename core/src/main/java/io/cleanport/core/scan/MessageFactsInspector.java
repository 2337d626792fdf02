package io.cleanport.core.scan;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Gathers the {@link MessageFacts} of a message in the scan's one walk, beside the other inspectors: for
 * every leaf part that is a file (an attachment, or content that is not text) its real type and, for an
 * archive, its members ({@link FileTypeDetector}, {@link ArchiveExplorer}); and the text of the text
 * parts, HTML reduced to what a reader sees.
 *
 * <p>Per-scan state lives in the scan's {@link Findings}, in a {@link Findings.Slot} this inspector owns:
 * the inspector itself is shared by concurrent scans and keeps none. Gathering is opt-in per scan:
 * {@link #startCollecting} before the walk, {@link #collected} after it. In a scan that did not ask for
 * facts this inspector wants no content, so a plain virus scan costs what it cost before.
 *
 * <p>Bounds: the first {@link FileTypeDetector#HEAD_BYTES} of a file decide its type; an archive is kept
 * to list it up to {@link ArchiveLimits#maxExpandedBytes()} and listed within its {@link ArchiveLimits};
 * the text is kept up to {@code maxTextChars} in all. An archive past a bound is an
 * {@link ArchiveExplorer#LIMIT_EXCEEDED} finding, a broken one an {@link ArchiveExplorer#MALFORMED} one.
 */
public final class MessageFactsInspector implements PartInspector {
    /** One MiB of characters: far more than any mail's words, bounded for hostile ones. */
    public static final int DEFAULT_MAX_TEXT_CHARS = 1024 * 1024;

    private final FileTypeDetector detector;
    private final ArchiveExplorer explorer;
    private final int maxTextChars;
    private final Findings.Slot<Collector> slot;

    /** Tika's detector, the default archive limits, 1 MiB of text. */
    public MessageFactsInspector() {
        this(FileTypeDetector.standard(), ArchiveLimits.defaults(), DEFAULT_MAX_TEXT_CHARS);
    }

    /**
     * @param maxTextChars the most characters of text kept, 1 to 64 MiB
     * @throws IllegalArgumentException when {@code maxTextChars} is out of range
     */
    public MessageFactsInspector(FileTypeDetector detector, ArchiveLimits archiveLimits, int maxTextChars) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.explorer = new ArchiveExplorer(detector, Objects.requireNonNull(archiveLimits, "archiveLimits"));
        if (maxTextChars < 1 || maxTextChars > 64 * 1024 * 1024) {
            throw new IllegalArgumentException("maxTextChars: " + maxTextChars + " is out of range; expected 1 to "
                + 64 * 1024 * 1024);
        }
        this.maxTextChars = maxTextChars;
        this.slot = Findings.Slot.of("message facts", Collector.class,
            () -> new Collector(maxTextChars, explorer.messageBudget()));
    }

    /** Makes the scan that reports to {@code findings} gather facts; call before its walk. */
    public void startCollecting(Findings findings) {
        findings.slot(slot);
    }

    /** The facts the scan gathered; {@link MessageFacts#empty()} when it did not {@link #startCollecting}. */
    public MessageFacts collected(Findings findings) {
        return findings.peek(slot).map(Collector::facts).orElse(MessageFacts.empty());
    }

    @Override
    public ContentSink inspect(MessagePart part, Findings findings) {
        Optional<Collector> collector = findings.peek(slot);
        if (collector.isEmpty()) {
            return ContentSink.NONE;
        }
        String type = part.mimeType();
        if (part.isAttachment() || !type.startsWith("text/")) {
            return new AttachmentSink(part, findings, collector.get());
        }
        boolean html = type.equals("text/html");
        if ((html || type.equals("text/plain")) && !collector.get().text.truncated()) {
            return new TextSink(part, html, collector.get().text);
        }
        return ContentSink.NONE;
    }

    /** What one scan gathers. */
    private static final class Collector {
        final List<Attachment> attachments = new ArrayList<>();
        final MessageText text;
        final ArchiveExplorer.MessageBudget archiveBudget;

        Collector(int maxTextChars, ArchiveExplorer.MessageBudget archiveBudget) {
            this.text = new MessageText(maxTextChars);
            this.archiveBudget = archiveBudget;
        }

        MessageFacts facts() {
            return MessageFacts.of(attachments, text.toString(), text.truncated());
        }
    }

    /** Detects a file's type as it streams by, keeps an archive to list it at the end. */
    private final class AttachmentSink implements ContentSink {
        private final MessagePart part;
        private final Findings findings;
        private final Collector collector;
        private final FileProbe probe;
        private final Fingerprinter fingerprinter = new Fingerprinter();
        private ArchiveBytes archive;
        private boolean decided;

        AttachmentSink(MessagePart part, Findings findings, Collector collector) {
            this.part = part;
            this.findings = findings;
            this.collector = collector;
            this.probe = new FileProbe(detector, part.filename().orElse(null), new byte[FileTypeDetector.HEAD_BYTES]);
        }

        @Override
        public boolean accept(byte[] chunk, int offset, int length) {
            fingerprinter.update(chunk, offset, length);
            int position = offset;
            int left = length;
            if (!probe.headComplete()) {
                int take = Math.min(left, FileTypeDetector.HEAD_BYTES - probe.headLength());
                probe.write(chunk, position, take);
                position += take;
                left -= take;
                if (!probe.headComplete()) {
                    return true;
                }
                decide();
            }
            if (left > 0) {
                probe.write(chunk, position, left);
                if (archive != null) {
                    archive.write(chunk, position, left);
                }
            }
            return true; // to the end: the size, an OLE2 directory or a 7z header may lie anywhere
        }

        /** Whether to keep the file, once its head shows what it is. */
        private void decide() {
            decided = true;
            if (explorer.canList(probe.headType()) && !collector.archiveBudget.spent()) {
                archive = new ArchiveBytes(explorer.limits().maxExpandedBytes());
                archive.write(probe.head(), 0, probe.headLength());
            }
        }

        @Override
        public void end(boolean complete) {
            if (!decided) {
                decide();
            }
            String name = part.filename().orElse(null);
            FileType type = probe.type();
            List<ArchiveMember> members = List.of();
            if (archive != null) {
                ArchiveExplorer.Listing listing;
                try {
                    listing = explorer.list(archive.stream(), archive.length, type, name, collector.archiveBudget);
                } catch (IOException e) {
                    throw new UncheckedIOException("reading an array failed", e);
                }
                type = listing.type();
                members = listing.members();
                if (archive.cut) {
                    findings.hit(ArchiveExplorer.LIMIT_EXCEEDED.hit(part.describe() + ": only its first "
                        + explorer.limits().maxExpandedBytes() + " bytes were examined"));
                }
                listing.limitExceeded().ifPresent(why -> findings.hit(ArchiveExplorer.LIMIT_EXCEEDED.hit(part.describe() + ": " + why)));
                if (complete && !archive.cut) {
                    // a part cut short by a limit is reported as such, not as a broken archive
                    listing.malformed().ifPresent(problem -> findings.hit(ArchiveExplorer.MALFORMED.hit(part.describe() + ": " + problem)));
                }
            } else if (explorer.canList(probe.headType())) {
                findings.hit(ArchiveExplorer.LIMIT_EXCEEDED.hit(part.describe() + ": not listed; the message's archives"
                    + " already reached their bounds"));
            }
            Optional<String> detected = probe.size() == 0 ? Optional.empty() : Optional.of(type.mimeType());
            // a part cut short by a limit has no fingerprint: a partial hash would match nothing, or the wrong thing
            Optional<Fingerprint> fingerprint = complete && probe.size() > 0 ? Optional.of(fingerprinter.finish()) : Optional.empty();
            collector.attachments.add(new Attachment(part.section(), part.filename(), part.mimeType(), detected,
                probe.size() == 0 ? FileFamily.OTHER : type.family(), FileNames.extension(name), probe.size(),
                type.encrypted(), members, fingerprint));
        }
    }

    /** The bytes of an archive part, kept up to a bound to be listed at its end. */
    private static final class ArchiveBytes {
        private final long max;
        private byte[] bytes = new byte[FileTypeDetector.HEAD_BYTES * 2];
        private int length;
        private boolean cut;

        ArchiveBytes(long max) {
            this.max = max;
        }

        void write(byte[] chunk, int offset, int count) {
            int take = (int) Math.min(count, max - length);
            if (take < count) {
                cut = true;
            }
            if (take <= 0) {
                return;
            }
            if (length + take > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(max, Math.max((long) bytes.length * 2, length + take)));
            }
            System.arraycopy(chunk, offset, bytes, length, take);
            length += take;
        }

        ByteArrayInputStream stream() {
            return new ByteArrayInputStream(bytes, 0, length);
        }
    }

    /** Decodes a text part in its charset and adds it to the message's text. */
    private static final class TextSink implements ContentSink {
        private final MessageText text;
        private final HtmlReader html;
        private final PartTextDecoder decoder;

        TextSink(MessagePart part, boolean isHtml, MessageText text) {
            this.text = text;
            this.html = isHtml ? HtmlReader.forContentFilter(text) : null;
            Consumer<CharSequence> out = isHtml ? html::write : PartTextDecoder.plainText(text);
            Charset declared = part.charset().map(TextSink::charset).orElse(null);
            if (declared == null || declared.equals(StandardCharsets.US_ASCII)) {
                // undeclared, unknown, or ASCII (often 8-bit all the same): UTF-8 while it is valid, else Latin-1
                decoder = PartTextDecoder.utf8(StandardCharsets.ISO_8859_1, () -> { }, out);
            } else {
                decoder = PartTextDecoder.of(declared, out);
            }
            text.endLine();
        }

        @Override
        public boolean accept(byte[] chunk, int offset, int length) {
            decoder.write(chunk, offset, length);
            return !text.truncated();
        }

        @Override
        public void end(boolean complete) {
            decoder.end();
            if (html != null) {
                html.end();
            }
        }

        private static Charset charset(String name) {
            try {
                return Charset.forName(name.trim());
            } catch (IllegalArgumentException e) {
                return null; // unknown or malformed name: read as undeclared
            }
        }
    }
}
