package io.cleanport.core.antivirus;

import java.util.List;
import java.util.Optional;

import io.cleanport.core.scan.ArchiveMember;
import io.cleanport.core.scan.Attachment;
import io.cleanport.core.scan.FileFamily;
import io.cleanport.core.scan.FileNames;

/** Files as a scan describes them, for the unit tests of ProTAG's rules. */
final class ProtagFiles {
    private ProtagFiles() {
    }

    static Attachment attachment(String name, String declared, String detected, FileFamily family, ArchiveMember... members) {
        return attachment(name, declared, detected, family, false, members);
    }

    static Attachment attachment(String name, String declared, String detected, FileFamily family, boolean encrypted,
                                 ArchiveMember... members) {
        return new Attachment("2", Optional.ofNullable(name), declared, Optional.ofNullable(detected), family,
            FileNames.extension(name), 1000, encrypted, List.of(members), Optional.empty());
    }

    static ArchiveMember member(String name, String detected, FileFamily family, ArchiveMember... members) {
        return new ArchiveMember(name, FileNames.extension(name), Optional.ofNullable(detected), family, 1000, 1, false,
            List.of(members), Optional.empty());
    }

    static ArchiveMember encryptedMember(String name) {
        return new ArchiveMember(name, FileNames.extension(name), Optional.empty(), FileFamily.OTHER, 1000, 1, true, List.of(),
            Optional.empty());
    }

    static CarriedFile top(Attachment attachment) {
        return new CarriedFile(attachment, List.of());
    }

    /** The first member of the attachment, carried by it. */
    static CarriedFile inside(Attachment attachment) {
        return new CarriedFile(attachment.members().get(0), List.of(attachment));
    }
}
