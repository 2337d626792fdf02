package io.cleanport.core.scan;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A leaf part of a message that is a file: declared as an attachment (a disposition or a file name), or
 * content that is not text (an inline image). What the sender declared is kept beside what the content
 * showed.
 *
 * @param section          the part's IMAP-style section ({@code 2}, {@code 1.3})
 * @param fileName         the declared file name, decoded; untrusted text
 * @param declaredMimeType the declared content type, lower case
 * @param detectedMimeType the type detected from the content; empty when no content was seen
 * @param family           the family of the detected type
 * @param extension        the extension of the declared name, lower case, without the dot; empty when none
 * @param size             the decoded bytes seen: the whole part, unless a scan limit stopped the walk
 * @param encrypted        whether the content, or part of it, is encrypted
 * @param members          the archive members, when the attachment is an archive that was listed
 * @param fingerprint      the content's SHA-256 and similarity digest; empty when the content was not read
 *                         whole (encrypted, or a scan limit stopped the walk)
 */
public record Attachment(String section, Optional<String> fileName, String declaredMimeType,
                         Optional<String> detectedMimeType, FileFamily family, String extension, long size,
                         boolean encrypted, List<ArchiveMember> members,
                         Optional<Fingerprint> fingerprint) implements ScannedFile {
    public Attachment {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(declaredMimeType, "declaredMimeType");
        Objects.requireNonNull(detectedMimeType, "detectedMimeType");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(extension, "extension");
        if (size < 0) {
            throw new IllegalArgumentException("size: " + size + " is negative");
        }
        members = List.copyOf(members);
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
