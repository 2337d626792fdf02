package io.cleanport.core.scan;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.UnsupportedZipFeatureException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import io.cleanport.core.verdict.Rule;

/**
 * Lists the members of an archive attachment: zip (and the formats built on it: Office Open XML, Java
 * archives), tar, and gzip or bzip2 (a compressed tar is listed as the tar). Streams over the archive's
 * bytes once with commons-compress; each member's first {@link FileTypeDetector#HEAD_BYTES} give its
 * type, and the rest is decompressed only to be counted and passed by (or read as an archive in turn,
 * down to {@link ArchiveLimits#maxDepth()}). Nothing but a head per level is held in memory.
 *
 * <p>Every bound of {@link ArchiveLimits} is checked as the bytes come: past one, the listing stops and
 * says why ({@link #LIMIT_EXCEEDED}). A corrupt or truncated archive gives the members read before the
 * damage and a {@link #MALFORMED} problem; whatever the input, nothing is thrown.
 *
 * <p>Thread-safe: each listing keeps its state to itself.
 */
public final class ArchiveExplorer {
    /** Listing stopped at a bound, or a nested archive was not opened: what lies beyond was not examined. */
    public static final Rule LIMIT_EXCEEDED = Rule.of("ARCHIVE_LIMIT_EXCEEDED", 3.0,
        "an archive exceeds a scan limit (members, expanded size, compression ratio or nesting); what lies beyond it was not examined");
    /** The archive is corrupt or truncated; members after the damage were not examined. */
    public static final Rule MALFORMED = Rule.of("ARCHIVE_MALFORMED", 1.0,
        "a corrupt or truncated archive; what lies beyond the damage was not examined");

    private static final int CHUNK_BYTES = 8192;

    private final FileTypeDetector detector;
    private final ArchiveLimits limits;

    public ArchiveExplorer(FileTypeDetector detector, ArchiveLimits limits) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public ArchiveLimits limits() {
        return limits;
    }

    /** Whether {@link #list} opens files of this type: zip and its derivatives, tar, gzip, bzip2. */
    public boolean canList(FileType type) {
        return detector.isZip(type) || detector.isTar(type) || detector.isGzip(type) || detector.isBzip2(type);
    }

    /** A new budget for the archives of one message ({@link ArchiveLimits#maxMessageMembers()} and bytes). */
    public MessageBudget messageBudget() {
        return new MessageBudget(limits.maxMessageMembers(), limits.maxMessageExpandedBytes());
    }

    /** Lists an archive that is alone in its message: {@link #list(InputStream, long, FileType, String, MessageBudget)}. */
    public Listing list(InputStream content, long contentBytes, FileType type, String name) throws IOException {
        return list(content, contentBytes, type, name, messageBudget());
    }

    /**
     * Lists an archive; never throws because of what the archive contains.
     *
     * @param content      the archive's bytes, read as far as the listing goes; not closed
     * @param contentBytes how many bytes the archive has, for the compression ratio
     * @param type         its type as detected from its head ({@link #canList} holds)
     * @param name         its declared name, to name a gzip's only member; may be null
     * @param budget       what the archives of the message may still cost; this listing spends from it
     * @throws IOException only when reading {@code content} itself fails; a broken archive is a
     *                     {@link Listing#malformed()} problem instead
     */
    public Listing list(InputStream content, long contentBytes, FileType type, String name, MessageBudget budget)
        throws IOException {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(budget, "budget");
        Listing listing = new Listing(contentBytes, budget);
        Opened opened = listing.open(new Shielded(content, listing), type, name == null ? "" : name, 1);
        if (listing.sourceFailure != null) {
            throw listing.sourceFailure;
        }
        listing.type = opened.type;
        listing.members = opened.members;
        return listing;
    }

    private record Opened(FileType type, List<ArchiveMember> members) {
    }

    /** What the archives of one message may still cost, spent by each listing in turn. Belongs to one scan. */
    public static final class MessageBudget {
        private long members;
        private long bytes;

        private MessageBudget(long members, long bytes) {
            this.members = members;
            this.bytes = bytes;
        }

        /** Whether nothing is left: the next listing stops at its first entry. */
        public boolean spent() {
            return members <= 0 || bytes <= 0;
        }
    }

    /** Thrown through commons-compress when a bound is reached, to stop the whole listing at once. */
    private static final class LimitReached extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LimitReached() {
            super(null, null, false, false);
        }
    }

    /**
     * What one listing found: the archive's type as its members refine it (an Office Open XML document,
     * a Java archive, encrypted entries), its members, and why it stopped early, if it did.
     */
    public final class Listing {
        private final long contentBytes;
        private final byte[][] heads = new byte[limits.maxDepth() + 1][];
        private final byte[] chunk = new byte[CHUNK_BYTES];
        private final byte[] skipped = new byte[CHUNK_BYTES];
        private FileType type;
        private List<ArchiveMember> members = List.of();
        private long expanded;
        private int entries;
        private String limitExceeded;
        private boolean stopped;
        private String malformed;
        private int malformedCount;
        private IOException sourceFailure;

        private final MessageBudget budget;

        private Listing(long contentBytes, MessageBudget budget) {
            this.contentBytes = Math.max(1, contentBytes);
            this.budget = budget;
        }

        /** The type, refined by the members: the detected type when nothing refines it. */
        public FileType type() {
            return type;
        }

        /** The members at depth 1, with theirs inside them. */
        public List<ArchiveMember> members() {
            return members;
        }

        /** Why the listing stopped early or skipped a nested archive, if it did. */
        public Optional<String> limitExceeded() {
            return Optional.ofNullable(limitExceeded);
        }

        /** What was broken, if the archive (or one inside it) is corrupt or truncated. */
        public Optional<String> malformed() {
            if (malformed == null) {
                return Optional.empty();
            }
            return Optional.of(malformedCount > 1 ? malformed + " (and " + (malformedCount - 1) + " more problems)" : malformed);
        }

        private Opened open(InputStream in, FileType containerType, String name, int depth) {
            List<ArchiveMember> found = new ArrayList<>();
            ZipContents contents = null;
            try {
                if (detector.isZip(containerType)) {
                    contents = new ZipContents();
                    zip(in, contents, depth, found);
                } else if (detector.isTar(containerType)) {
                    tar(in, depth, found);
                } else if (detector.isGzip(containerType) || detector.isBzip2(containerType)) {
                    compressed(in, containerType, name, depth, found);
                }
            } catch (LimitReached e) {
                // stopped: what was found so far is the listing
            } catch (IOException | RuntimeException e) {
                // unless a library wrapped our LimitReached, or the archive's own bytes could not be read
                if (!stopped && sourceFailure == null) {
                    problem(name, e);
                }
            }
            // the entries seen refine the type even when the listing stopped early
            return new Opened(contents == null ? containerType : contents.refine(containerType), found);
        }

        private void zip(InputStream in, ZipContents contents, int depth, List<ArchiveMember> found) throws IOException {
            try (ZipArchiveInputStream zip = new ZipArchiveInputStream(in, StandardCharsets.UTF_8.name(), true, true, true)) {
                ZipArchiveEntry entry;
                while (!stopped && (entry = nextZipEntry(zip, contents)) != null) {
                    countEntry();
                    String name = entry.getName();
                    boolean encrypted = entry.getGeneralPurposeBit().usesEncryption()
                        || entry.getGeneralPurposeBit().usesStrongEncryption();
                    contents.entry(name, encrypted);
                    if (entry.isDirectory()) {
                        continue;
                    }
                    if (encrypted || !zip.canReadEntryData(entry)) {
                        found.add(unreadable(name, entry.getSize(), depth, encrypted));
                    } else {
                        found.add(member(new Counted(zip, true), name, depth));
                    }
                }
            }
        }

        /**
         * The next entry; none after an encrypted entry whose end cannot be found without decrypting it
         * (its size follows its data): the archive is encrypted, which its type already says.
         */
        private ZipArchiveEntry nextZipEntry(ZipArchiveInputStream zip, ZipContents contents) throws IOException {
            try {
                return zip.getNextEntry();
            } catch (UnsupportedZipFeatureException e) {
                if (contents.anyEncrypted()) {
                    return null;
                }
                throw e;
            }
        }

        private void tar(InputStream in, int depth, List<ArchiveMember> found) throws IOException {
            try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                TarArchiveEntry entry;
                while (!stopped && (entry = tar.getNextEntry()) != null) {
                    countEntry();
                    if (entry.isFile()) {
                        found.add(member(new Counted(tar, true), entry.getName(), depth));
                    }
                }
            }
        }

        /** A gzip or bzip2 file: one member, the compressed file, unless that is a tar, whose entries are listed. */
        private void compressed(InputStream in, FileType containerType, String name, int depth, List<ArchiveMember> found)
            throws IOException {
            InputStream decompressed;
            String innerName;
            if (detector.isGzip(containerType)) {
                GzipCompressorInputStream gzip = GzipCompressorInputStream.builder().setInputStream(in)
                    .setDecompressConcatenated(true).get();
                decompressed = gzip;
                String stored = gzip.getMetaData().getFileName();
                innerName = stored != null && !stored.isBlank() ? stored : withoutCompressionSuffix(name);
            } else {
                decompressed = new BZip2CompressorInputStream(in, true);
                innerName = withoutCompressionSuffix(name);
            }
            try (decompressed) {
                countEntry();
                Counted counted = new Counted(decompressed, true);
                FileProbe probe = new FileProbe(detector, innerName, head(depth));
                readHead(counted, probe);
                if (detector.isTar(probe.headType())) {
                    counted.charging = false; // the tar's members count what they expand to
                    tar(replay(probe, counted), depth, found);
                } else {
                    found.add(member(counted, probe, innerName, depth));
                }
            }
        }

        private ArchiveMember member(Counted counted, String name, int depth) throws IOException {
            return member(counted, new FileProbe(detector, name, head(depth)), name, depth);
        }

        /**
         * One member: its type from its head (read now unless {@code probe} holds it), then opened when it
         * is an archive, else read to its end. A bound reached or damage met on the way ends the member with
         * what is known of it; the listing then stops, or goes on to the next member.
         */
        private ArchiveMember member(Counted counted, FileProbe probe, String name, int depth) throws IOException {
            FileType type = null;
            List<ArchiveMember> inside = List.of();
            try {
                readHead(counted, probe);
                type = probe.headType();
                if (canList(type) && depth < limits.maxDepth()) {
                    counted.charging = false; // its own members count what they expand to
                    Opened opened = open(replay(probe, counted), type, name, depth + 1);
                    type = opened.type;
                    inside = opened.members;
                    if (!stopped) {
                        counted.charging = true;
                        drain(counted, null); // what the inner listing left: a central directory, or damage
                    }
                } else {
                    if (canList(type)) {
                        notExamined("archive '" + FileNames.kept(name) + "' nested deeper than " + limits.maxDepth()
                            + " levels was not opened");
                    }
                    drain(counted, probe);
                    type = probe.type();
                }
            } catch (LimitReached e) {
                // stopped inside this member: keep what is known of it
            } catch (IOException | RuntimeException e) {
                if (sourceFailure != null) {
                    throw e;
                }
                if (!stopped) {
                    problem(name, e);
                }
            }
            if (type == null) {
                type = probe.headType();
            }
            return new ArchiveMember(FileNames.kept(name), FileNames.extension(name), Optional.of(type.mimeType()),
                type.family(), counted.count, depth, type.encrypted(), inside);
        }

        private ArchiveMember unreadable(String name, long declaredSize, int depth, boolean encrypted) {
            return new ArchiveMember(FileNames.kept(name), FileNames.extension(name), Optional.empty(), FileFamily.OTHER,
                Math.max(0, declaredSize), depth, encrypted, List.of());
        }

        private void readHead(InputStream in, FileProbe probe) throws IOException {
            while (!probe.headComplete()) {
                int read = in.read(chunk, 0, Math.min(chunk.length, FileTypeDetector.HEAD_BYTES - probe.headLength()));
                if (read < 0) {
                    return;
                }
                probe.write(chunk, 0, read);
            }
        }

        /** The member's head again, then the rest of it: what a nested archive reader needs. */
        private InputStream replay(FileProbe probe, InputStream rest) {
            byte[] head = probe.head().clone();
            return new SequenceInputStream(new ByteArrayInputStream(head, 0, probe.headLength()), rest);
        }

        private void drain(InputStream in, FileProbe probe) throws IOException {
            int read;
            while ((read = in.read(chunk, 0, chunk.length)) >= 0) {
                if (probe != null) {
                    probe.write(chunk, 0, read);
                }
            }
        }

        private byte[] head(int depth) {
            if (heads[depth] == null) {
                heads[depth] = new byte[FileTypeDetector.HEAD_BYTES];
            }
            return heads[depth];
        }

        private void countEntry() {
            entries++;
            budget.members--;
            if (entries > limits.maxMembers()) {
                stop("more than " + limits.maxMembers() + " members");
            }
            if (budget.members < 0) {
                stop("the message's archives have more than " + limits.maxMessageMembers() + " members in all");
            }
        }

        private void charge(long bytes) {
            expanded += bytes;
            budget.bytes -= bytes;
            if (expanded > limits.maxExpandedBytes()) {
                stop("more than " + limits.maxExpandedBytes() + " bytes decompressed");
            }
            if (budget.bytes < 0) {
                stop("the message's archives decompress to more than " + limits.maxMessageExpandedBytes() + " bytes in all");
            }
            if (expanded > limits.ratioFloorBytes() && expanded > limits.maxRatio() * contentBytes) {
                stop("expands more than " + limits.maxRatio() + " times (" + expanded + " bytes decompressed from "
                    + contentBytes + ")");
            }
        }

        private void stop(String why) {
            if (limitExceeded == null) {
                limitExceeded = why;
            }
            stopped = true;
            throw new LimitReached();
        }

        private void notExamined(String why) {
            if (limitExceeded == null) {
                limitExceeded = why;
            }
        }

        private void problem(String name, Exception e) {
            malformedCount++;
            if (malformed == null) {
                String what = name.isEmpty() ? "the archive" : "'" + FileNames.kept(name) + "'";
                malformed = what + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
        }

        /** Counts the bytes read from a member and charges them against the listing's bounds. */
        private final class Counted extends FilterInputStream {
            long count;
            boolean charging;

            Counted(InputStream in, boolean charging) {
                super(in);
                this.charging = charging;
            }

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    counted(1);
                }
                return b;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                int read = super.read(bytes, offset, length);
                if (read > 0) {
                    counted(read);
                }
                return read;
            }

            @Override
            public long skip(long n) throws IOException {
                // read rather than skip, so that every byte is counted and charged
                long total = 0;
                while (total < n) {
                    int read = read(skipped, 0, (int) Math.min(skipped.length, n - total));
                    if (read < 0) {
                        break;
                    }
                    total += read;
                }
                return total;
            }

            @Override
            public void close() {
                // the archive reader that owns the entry closes it
            }

            @Override
            public boolean markSupported() {
                return false;
            }

            private void counted(int bytes) {
                count += bytes;
                if (charging) {
                    charge(bytes);
                }
            }
        }
    }

    /**
     * The archive's own bytes: never closed by the readers, and a failure to read them (not the
     * archive's fault) is kept apart from damage inside the archive.
     */
    private static final class Shielded extends FilterInputStream {
        private final Listing listing;

        Shielded(InputStream in, Listing listing) {
            super(in);
            this.listing = listing;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                listing.sourceFailure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            try {
                return super.read(bytes, offset, length);
            } catch (IOException e) {
                listing.sourceFailure = e;
                throw e;
            }
        }

        @Override
        public void close() {
            // the caller owns the stream
        }
    }

    private static String withoutCompressionSuffix(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String[] suffix : new String[][] {{".tgz", ".tar"}, {".tbz2", ".tar"}, {".tbz", ".tar"}, {".gz", ""},
            {".bz2", ""}}) {
            if (lower.endsWith(suffix[0]) && name.length() > suffix[0].length()) {
                return name.substring(0, name.length() - suffix[0].length()) + suffix[1];
            }
        }
        return name;
    }
}
