package io.cleanport.core.scan;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One file inside an archive attachment, at any depth, as the {@link ArchiveExplorer} listed it.
 *
 * @param name             the member's path in its archive, as stored (cut to 1,024 characters); untrusted
 * @param extension        the extension of the name, lower case, without the dot; empty when none
 * @param detectedMimeType the type detected from the member's first bytes; empty when they could not be
 *                         read (an encrypted entry)
 * @param family           the family of the detected type
 * @param size             the decompressed bytes read (for an unreadable entry, the size its header declares
 *                         when it declares one, else 0)
 * @param depth            1 for a member of the attachment itself, 2 for a member of an archive inside it, …
 * @param encrypted        whether the member is encrypted, or is an archive with encrypted content
 * @param members          the members of this member, when it is an archive that was opened
 * @param fingerprint      the content's SHA-256 and similarity digest; empty when the content was not read
 *                         whole (encrypted, or a scan limit stopped the walk)
 */
public record ArchiveMember(String name, String extension, Optional<String> detectedMimeType, FileFamily family,
                            long size, int depth, boolean encrypted, List<ArchiveMember> members,
                            Optional<Fingerprint> fingerprint) implements ScannedFile {
    public ArchiveMember {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(detectedMimeType, "detectedMimeType");
        Objects.requireNonNull(family, "family");
        if (size < 0) {
            throw new IllegalArgumentException("size: " + size + " is negative");
        }
        if (depth < 1) {
            throw new IllegalArgumentException("depth: " + depth + "; members are at depth 1 or more");
        }
        members = List.copyOf(members);
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    @Override
    public Optional<String> fileName() {
        return Optional.of(name);
    }
}
