package io.cleanport.core.scan;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.apache.commons.compress.MemoryLimitException;
import org.apache.commons.compress.PasswordRequiredException;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.arj.ArjArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;
import org.apache.commons.compress.archivers.sevenz.SevenZMethod;
import org.apache.commons.compress.archivers.sevenz.SevenZMethodConfiguration;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.UnsupportedZipFeatureException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.lzma.LZMACompressorInputStream;
import org.apache.commons.compress.compressors.snappy.FramedSnappyCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.z.ZCompressorInputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

import io.cleanport.core.verdict.Rule;

/**
 * Lists the members of an archive attachment: zip (and the formats built on it: Office Open XML, Java
 * archives), tar, cpio, ar (Debian packages), ARJ, 7z; gzip, bzip2, xz, lzma, compress (.Z), LZ4 and Snappy
 * (one member; a compressed tar is listed as the tar); ISO 9660 and FAT disk images; and, from their headers
 * alone, RAR and ACE, whose compression no library reads: their members are named, with the family their
 * name claims ({@link FileTypeDetector#familyOfName}) unless they are encrypted, and only stored ones are
 * read. Each member that can be read is read once, through one counting stream: its first
 * {@link FileTypeDetector#HEAD_BYTES} give its type, all of it its fingerprint, and an archive among them is
 * opened in turn, down to {@link ArchiveLimits#maxDepth()}.
 *
 * <p>Memory: the streamed formats hold a head per level. 7z and the disk images need random access, so
 * their bytes are held: at most {@link ArchiveLimits#maxExpandedBytes()} for the attachment, and for one
 * nested in another archive no more than the expanded bytes the listing has left (beyond that it is not
 * opened: {@link #LIMIT_EXCEEDED}). Decoders get {@value #DECODER_MEMORY_KIB} KiB at most (a 7z, xz or lzma
 * file asking for a larger dictionary is {@link #LIMIT_EXCEEDED}), and a 7z header may unpack to
 * {@value #SEVEN_ZIP_MAX_HEADER_BYTES} bytes at most.
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
    /**
     * The most memory one decoder may ask for: the 64 MiB dictionary of the highest presets of 7-Zip and xz
     * (which need 65,640 KiB with the decoder's buffers) and room for LZMA's literal tables, so that what
     * those tools write opens; a hostile header claiming a 1.5 GiB dictionary does not.
     */
    static final int DECODER_MEMORY_KIB = 72 * 1024;
    /** commons-compress holds a 7z header in memory whole: real ones take about 100 bytes a member. */
    static final int SEVEN_ZIP_MAX_HEADER_BYTES = 16 * 1024 * 1024;

    private final FileTypeDetector detector;
    private final ArchiveLimits limits;

    public ArchiveExplorer(FileTypeDetector detector, ArchiveLimits limits) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public ArchiveLimits limits() {
        return limits;
    }

    /** Whether {@link #list} opens files of this type: one of the formats above. */
    public boolean canList(FileType type) {
        return detector.archiveFormat(type).isPresent();
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
     * @param name         its declared name, to name the only member of a gzip (xz, …) file; may be null
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
            // every format's entries go by it, for encryption; the names refine only zip types
            ZipContents contents = new ZipContents();
            ArchiveFormat format = detector.archiveFormat(containerType).orElse(null);
            try {
                if (format == null) {
                    return new Opened(containerType, found);
                }
                switch (format) {
                    case ZIP -> zip(in, contents, depth, found);
                    case TAR -> entries(new TarArchiveInputStream(in), contents, depth, found);
                    case AR -> entries(new ArArchiveInputStream(in), contents, depth, found);
                    case CPIO -> entries(new CpioArchiveInputStream(in), contents, depth, found);
                    case ARJ -> {
                        // commons-compress refuses garbled (encrypted) ARJ archives; the type already says it
                        if (!containerType.encrypted()) {
                            entries(new ArjArchiveInputStream(in), contents, depth, found);
                        }
                    }
                    case RAR -> rar(in, contents, name, depth, found);
                    case ACE -> ace(in, contents, name, depth, found);
                    case SEVEN_ZIP, ISO9660, FAT -> inMemory(in, format, contents, name, depth, found);
                    default -> compressed(in, format, name, depth, found);
                }
            } catch (LimitReached e) {
                // stopped: what was found so far is the listing
            } catch (IOException | RuntimeException e) {
                // unless a library wrapped our LimitReached, or the archive's own bytes could not be read
                if (!stopped && sourceFailure == null) {
                    failed(name, e);
                }
            }
            // the entries seen refine the type even when the listing stopped early
            return new Opened(contents.refine(containerType), found);
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

        /** The entries of an archive commons-compress streams (tar, ar, cpio, ARJ): read when it can read them. */
        private void entries(ArchiveInputStream<? extends ArchiveEntry> archive, ZipContents contents, int depth,
            List<ArchiveMember> found) throws IOException {
            try (archive) {
                ArchiveEntry entry;
                while (!stopped && (entry = archive.getNextEntry()) != null) {
                    countEntry();
                    String name = entry.getName() == null ? "" : entry.getName();
                    contents.entry(name, false);
                    if (!regularFile(entry)) {
                        continue;
                    }
                    if (archive.canReadEntryData(entry)) {
                        found.add(member(new Counted(archive, true), name, depth));
                    } else {
                        found.add(unreadable(name, entry.getSize(), depth, false)); // ARJ's compressed entries
                    }
                }
            }
        }

        /**
         * A single-file compression (gzip, bzip2, xz, lzma, .Z, LZ4, Snappy): one member, the compressed file,
         * unless that is a tar, whose entries are listed.
         */
        private void compressed(InputStream in, ArchiveFormat format, String name, int depth, List<ArchiveMember> found)
            throws IOException {
            InputStream decompressed;
            String innerName = withoutCompressionSuffix(name);
            switch (format) {
                case GZIP -> {
                    GzipCompressorInputStream gzip = GzipCompressorInputStream.builder().setInputStream(in)
                        .setDecompressConcatenated(true).get();
                    decompressed = gzip;
                    String stored = gzip.getMetaData().getFileName();
                    innerName = stored != null && !stored.isBlank() ? stored : innerName;
                }
                case BZIP2 -> decompressed = new BZip2CompressorInputStream(in, true);
                case XZ -> decompressed = new XZCompressorInputStream(in, true, DECODER_MEMORY_KIB);
                case LZMA -> decompressed = new LZMACompressorInputStream(in, DECODER_MEMORY_KIB);
                case COMPRESS -> decompressed = new ZCompressorInputStream(in, DECODER_MEMORY_KIB);
                case LZ4 -> decompressed = new FramedLZ4CompressorInputStream(in, true);
                case SNAPPY -> decompressed = new FramedSnappyCompressorInputStream(in);
                default -> throw new IllegalArgumentException("not a single-file format: " + format);
            }
            try (decompressed) {
                countEntry();
                Counted counted = new Counted(decompressed, true);
                FileProbe probe = new FileProbe(detector, innerName, head(depth));
                readHead(counted, probe);
                if (detector.isTar(probe.headType())) {
                    counted.charging = false; // the tar's members count what they expand to
                    entries(new TarArchiveInputStream(replay(probe, counted)), new ZipContents(), depth, found);
                } else {
                    found.add(member(counted, probe, innerName, depth));
                }
            }
        }

        /**
         * A RAR archive: its entries from their headers ({@link RarHeaders}); stored ones are read, the others
         * named with the family of their name.
         */
        private void rar(InputStream in, ZipContents contents, String name, int depth, List<ArchiveMember> found)
            throws IOException {
            RarHeaders rar = new RarHeaders(in);
            EntryHeader entry;
            while (!stopped && (entry = rar.next()) != null) {
                headerEntry(entry, rar.data(), contents, depth, found);
            }
            if (rar.headersEncrypted()) {
                contents.encryptedHeaders();
            }
            rar.problem().ifPresent(why -> problem(name, why));
        }

        /** An ACE archive, as a RAR one ({@link AceHeaders}). */
        private void ace(InputStream in, ZipContents contents, String name, int depth, List<ArchiveMember> found)
            throws IOException {
            AceHeaders ace = new AceHeaders(in);
            EntryHeader entry;
            while (!stopped && (entry = ace.next()) != null) {
                headerEntry(entry, ace.data(), contents, depth, found);
            }
            ace.problem().ifPresent(why -> problem(name, why));
        }

        private void headerEntry(EntryHeader entry, InputStream data, ZipContents contents, int depth,
            List<ArchiveMember> found) throws IOException {
            countEntry();
            contents.entry(entry.name(), entry.encrypted());
            if (entry.directory()) {
                return;
            }
            if (entry.stored()) {
                found.add(member(new Counted(data, true), entry.name(), depth));
            } else {
                found.add(unreadable(entry.name(), entry.declaredSize(), depth, entry.encrypted()));
            }
        }

        /**
         * 7z and disk images, which need random access: their bytes are read into memory, up to
         * {@link ArchiveLimits#maxExpandedBytes()} for the attachment itself (whose bytes its caller holds
         * anyway) and, for one inside another archive, up to what the listing and the message may still
         * expand. A 7z past that is not opened (its header is at its end); an image past it is listed as far
         * as its bytes go.
         */
        private void inMemory(InputStream in, ArchiveFormat format, ZipContents contents, String name, int depth,
            List<ArchiveMember> found) throws IOException {
            long room = limits.maxExpandedBytes();
            if (depth > 1) {
                room = Math.max(0, Math.min(room - expanded, budget.bytes));
            }
            SeekableInMemoryByteChannel bytes = readUpTo(in, room);
            boolean whole = bytes.size() <= room;
            int length = (int) Math.min(bytes.size(), room);
            String what = name.isEmpty() ? "the archive" : "'" + FileNames.kept(name) + "'";
            if (!whole && format == ArchiveFormat.SEVEN_ZIP) {
                notExamined(what + ": a 7z archive larger than the " + room + " bytes left to examine was not opened");
                return;
            }
            if (!whole) {
                notExamined(what + ": only its first " + room + " bytes were examined");
            }
            switch (format) {
                case SEVEN_ZIP -> sevenZip(bytes, contents, name, depth, found);
                case ISO9660 -> iso(bytes.array(), length, contents, name, depth, found);
                default -> fat(bytes.array(), length, contents, name, depth, found);
            }
        }

        /**
         * At most {@code room + 1} bytes of {@code in} (one more than room tells that there were more), in a
         * channel over an array that grows as they come.
         */
        private SeekableInMemoryByteChannel readUpTo(InputStream in, long room) throws IOException {
            long most = Math.min(room + 1, Integer.MAX_VALUE - 16);
            byte[] bytes = new byte[(int) Math.min(most, CHUNK_BYTES * 8L)];
            int length = 0;
            while (length < most) {
                if (length == bytes.length) {
                    bytes = Arrays.copyOf(bytes, (int) Math.min(most, (long) bytes.length * 2));
                }
                int read = in.read(bytes, length, bytes.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
            }
            SeekableInMemoryByteChannel channel = new SeekableInMemoryByteChannel(bytes);
            channel.truncate(length);
            return channel;
        }

        /**
         * A 7z archive, with commons-compress. Its compressed header is sized before it is unpacked; an
         * encrypted header leaves no names, only an encrypted archive; an encrypted entry is named, not read.
         */
        private void sevenZip(SeekableInMemoryByteChannel bytes, ZipContents contents, String name, int depth,
            List<ArchiveMember> found) throws IOException {
            String what = name.isEmpty() ? "the archive" : "'" + FileNames.kept(name) + "'";
            long headerBytes = ArchiveHeaders.sevenZipEncodedHeaderBytes(bytes.array(), (int) bytes.size());
            if (headerBytes < 0) {
                problem(name, "the 7z header's description is truncated or malformed");
                return;
            }
            if (headerBytes > SEVEN_ZIP_MAX_HEADER_BYTES) {
                notExamined(what + ": a 7z header that unpacks to " + headerBytes + " bytes (more than "
                    + SEVEN_ZIP_MAX_HEADER_BYTES + ") was not read");
                return;
            }
            SevenZFile sevenZ;
            try {
                sevenZ = SevenZFile.builder().setSeekableByteChannel(bytes).setMaxMemoryLimitKiB(DECODER_MEMORY_KIB)
                    .setTryToRecoverBrokenArchives(false).get();
            } catch (PasswordRequiredException e) {
                contents.encryptedHeaders();
                return;
            }
            try (sevenZ) {
                SevenZArchiveEntry entry;
                while (!stopped && (entry = sevenZ.getNextEntry()) != null) {
                    countEntry();
                    String entryName = entry.getName() == null ? "" : entry.getName();
                    boolean encrypted = encrypted(entry);
                    contents.entry(entryName, encrypted);
                    if (entry.isDirectory() || entry.isAntiItem()) {
                        continue;
                    }
                    if (encrypted) {
                        found.add(unreadable(entryName, entry.getSize(), depth, true));
                    } else {
                        found.add(member(new Counted(new SevenZEntry(sevenZ), true), entryName, depth));
                    }
                }
            }
        }

        private boolean encrypted(SevenZArchiveEntry entry) {
            if (entry.getContentMethods() == null) {
                return false; // a folder or an empty file: no content, no coders
            }
            for (SevenZMethodConfiguration method : entry.getContentMethods()) {
                if (method.getMethod() == SevenZMethod.AES256SHA256) {
                    return true;
                }
            }
            return false;
        }

        /** An ISO 9660 image ({@link IsoDirectory}): its files are ranges of the image, read as they are. */
        private void iso(byte[] image, int length, ZipContents contents, String name, int depth, List<ArchiveMember> found)
            throws IOException {
            IsoDirectory iso = new IsoDirectory(image, length);
            IsoDirectory.File file;
            while (!stopped && (file = iso.next()) != null) {
                countEntry();
                contents.entry(file.path(), false);
                if (file.directory()) {
                    continue;
                }
                if (file.readable()) {
                    InputStream content = new ByteArrayInputStream(image, (int) file.offset(), (int) file.size());
                    found.add(member(new Counted(content, true), file.path(), depth));
                } else {
                    found.add(unreadable(file.path(), file.size(), depth, false));
                }
            }
            iso.problem().ifPresent(why -> problem(name, why));
        }

        /** A FAT disk image ({@link FatDirectory}): its files are read along their cluster chains. */
        private void fat(byte[] image, int length, ZipContents contents, String name, int depth, List<ArchiveMember> found)
            throws IOException {
            FatDirectory fat = new FatDirectory(image, length);
            FatDirectory.File file;
            while (!stopped && (file = fat.next()) != null) {
                countEntry();
                contents.entry(file.path(), false);
                if (!file.directory()) {
                    found.add(member(new Counted(fat.content(file), true), file.path(), depth));
                }
            }
            fat.problem().ifPresent(why -> problem(name, why));
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
            Fingerprinter fingerprinter = new Fingerprinter();
            if (probe.headLength() > 0) {
                fingerprinter.update(probe.head(), 0, probe.headLength()); // read through counted before this call
            }
            counted.fingerprinter = fingerprinter;
            boolean whole = false;
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
                        whole = true;
                    }
                } else {
                    if (canList(type)) {
                        notExamined("archive '" + FileNames.kept(name) + "' nested deeper than " + limits.maxDepth()
                            + " levels was not opened");
                    }
                    drain(counted, probe);
                    type = probe.type();
                    whole = true;
                }
            } catch (LimitReached e) {
                // stopped inside this member: keep what is known of it
            } catch (IOException | RuntimeException e) {
                if (sourceFailure != null) {
                    throw e;
                }
                if (!stopped) {
                    failed(name, e);
                }
            } finally {
                counted.fingerprinter = null;
            }
            if (type == null) {
                type = probe.headType();
            }
            // a member read only in part has no fingerprint: a partial hash would match nothing, or the wrong thing
            Optional<Fingerprint> fingerprint = whole && !stopped ? Optional.of(fingerprinter.finish()) : Optional.empty();
            return new ArchiveMember(FileNames.kept(name), FileNames.extension(name), Optional.of(type.mimeType()),
                type.family(), counted.count, depth, type.encrypted(), inside, fingerprint);
        }

        /**
         * A member whose content cannot be read: no detected type. Compressed in a way no library here reads
         * (RAR, ACE, ARJ), it has the family its name claims, as {@code invoice.exe} inside a RAR is a program
         * to whoever unpacks it. Encrypted, it stays {@link FileFamily#OTHER}: its content is unknown to
         * anyone without the password, and rules on families mean content (its extension is still there).
         */
        private ArchiveMember unreadable(String name, long declaredSize, int depth, boolean encrypted) {
            FileFamily family = encrypted ? FileFamily.OTHER : detector.familyOfName(name);
            return new ArchiveMember(FileNames.kept(name), FileNames.extension(name), Optional.empty(), family,
                Math.max(0, declaredSize), depth, encrypted, List.of(), Optional.empty());
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

        /** A decoder asking for more memory than allowed is a bound reached, anything else damage. */
        private void failed(String name, Exception e) {
            long neededKib = e instanceof MemoryLimitException limit ? limit.getMemoryNeededInKb()
                : e instanceof org.tukaani.xz.MemoryLimitException limit ? limit.getMemoryNeeded() : -1;
            if (neededKib >= 0) {
                String what = name.isEmpty() ? "the archive" : "'" + FileNames.kept(name) + "'";
                notExamined(what + " needs " + neededKib + " KiB of memory to decompress, more than the "
                    + DECODER_MEMORY_KIB + " KiB allowed");
            } else {
                problem(name, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
        }

        private void problem(String name, String why) {
            malformedCount++;
            if (malformed == null) {
                String what = name.isEmpty() ? "the archive" : "'" + FileNames.kept(name) + "'";
                malformed = what + ": " + why;
            }
        }

        /** Counts the bytes read from a member and charges them against the listing's bounds. */
        private final class Counted extends FilterInputStream {
            long count;
            boolean charging;
            /** The member's fingerprint, fed every byte read while the member is being read. */
            Fingerprinter fingerprinter;
            private final byte[] one = new byte[1];

            Counted(InputStream in, boolean charging) {
                super(in);
                this.charging = charging;
            }

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    if (fingerprinter != null) {
                        one[0] = (byte) b;
                        fingerprinter.update(one, 0, 1);
                    }
                    counted(1);
                }
                return b;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                int read = super.read(bytes, offset, length);
                if (read > 0) {
                    if (fingerprinter != null) {
                        fingerprinter.update(bytes, offset, read);
                    }
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
                } else if (count > limits.maxExpandedBytes()) {
                    // a nested archive's own bytes, uncharged since its members are charged, are still
                    // decompressed bytes: its headers, skipped entries or garbage cannot be endless either
                    stop("more than " + limits.maxExpandedBytes() + " bytes decompressed");
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

    /**
     * A 7z entry's content: what {@link SevenZFile} reads for its current entry. Not closed by its readers:
     * the archive is.
     */
    private static final class SevenZEntry extends InputStream {
        private final SevenZFile archive;

        SevenZEntry(SevenZFile archive) {
            this.archive = archive;
        }

        @Override
        public int read() throws IOException {
            return archive.read();
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            return archive.read(bytes, offset, length);
        }
    }

    private static boolean regularFile(ArchiveEntry entry) {
        if (entry instanceof TarArchiveEntry tar) {
            return tar.isFile(); // not links, devices or pipes
        }
        if (entry instanceof CpioArchiveEntry cpio) {
            return cpio.isRegularFile();
        }
        if (entry instanceof ArArchiveEntry) {
            // the symbol tables of libraries (GNU "/" and "/SYM64/", BSD "__.SYMDEF") are an index, not a file
            String name = entry.getName();
            return !name.isEmpty() && !name.equals("/") && !name.equals("/SYM64/") && !name.startsWith("__.SYMDEF");
        }
        return !entry.isDirectory();
    }

    private static String withoutCompressionSuffix(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String[] suffix : new String[][] {{".tgz", ".tar"}, {".tbz2", ".tar"}, {".tbz", ".tar"}, {".txz", ".tar"},
            {".tlz", ".tar"}, {".taz", ".tar"}, {".tz", ".tar"}, {".gz", ""}, {".bz2", ""}, {".xz", ""}, {".lzma", ""},
            {".lz4", ""}, {".sz", ""}, {".z", ""}}) {
            if (lower.endsWith(suffix[0]) && name.length() > suffix[0].length()) {
                return name.substring(0, name.length() - suffix[0].length()) + suffix[1];
            }
        }
        return name;
    }
}
