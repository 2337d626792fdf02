package io.cleanport.core.scan;

import java.util.List;
import java.util.Optional;

/**
 * A file a message carries, as a scan saw it: an {@link Attachment}, or an {@link ArchiveMember} inside
 * one. What the sender declared (name, extension) sits beside what the content showed (detected type,
 * family, encryption), so that policy can compare them or trust the content.
 */
public sealed interface ScannedFile permits Attachment, ArchiveMember {
    /** The declared file name, or the member's path in its archive; untrusted text. */
    Optional<String> fileName();

    /** The extension of the name, lower case, without the dot; empty when there is none. */
    String extension();

    /** The MIME type detected from the content; empty when the content was not seen (encrypted, cut off). */
    Optional<String> detectedMimeType();

    /** The family of the detected type ({@link FileFamily#OTHER} when nothing was detected). */
    FileFamily family();

    /** Whether the content, or part of it, is encrypted. */
    boolean encrypted();

    /** The bytes of decoded (for members: decompressed) content seen. */
    long size();

    /** The files inside, when this is an archive that was listed; nested members inside them. */
    List<ArchiveMember> members();

    /** The content's fingerprint, when the whole content was read. */
    Optional<Fingerprint> fingerprint();
}
