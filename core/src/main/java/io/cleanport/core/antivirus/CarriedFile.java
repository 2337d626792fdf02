package io.cleanport.core.antivirus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.cleanport.core.scan.ArchiveMember;
import io.cleanport.core.scan.Attachment;
import io.cleanport.core.scan.MessageFacts;
import io.cleanport.core.scan.ScannedFile;

/**
 * A file of a message together with the archives that carry it: an attachment (no carriers), or an
 * archive member with the attachment and the archives it sits in, outermost first. ProTAG's rules judge
 * the file; the carriers make the evidence ("'invoice.pdf.exe' inside 'statement.zip'") and are learned
 * with it.
 *
 * @param file     the file judged
 * @param carriers the attachment, then each archive member on the way down to {@code file}; empty for an
 *                 attachment
 */
public record CarriedFile(ScannedFile file, List<ScannedFile> carriers) {
    private static final int MAX_SHOWN_NAME_CHARS = 120;

    public CarriedFile {
        Objects.requireNonNull(file, "file");
        carriers = List.copyOf(carriers);
        if (!carriers.isEmpty() && !(carriers.get(0) instanceof Attachment)) {
            throw new IllegalArgumentException("carriers: the outermost carrier must be the attachment");
        }
        if (carriers.isEmpty() && !(file instanceof Attachment)) {
            throw new IllegalArgumentException("file: an archive member needs its carriers");
        }
    }

    /** Every file of the message: each attachment, then its members depth first, in message order. */
    public static List<CarriedFile> all(MessageFacts facts) {
        List<CarriedFile> files = new ArrayList<>();
        for (Attachment attachment : facts.attachments()) {
            files.add(new CarriedFile(attachment, List.of()));
            addMembers(attachment.members(), List.of(attachment), files);
        }
        return files;
    }

    private static void addMembers(List<ArchiveMember> members, List<ScannedFile> carriers, List<CarriedFile> files) {
        for (ArchiveMember member : members) {
            files.add(new CarriedFile(member, carriers));
            if (!member.members().isEmpty()) {
                List<ScannedFile> deeper = new ArrayList<>(carriers);
                deeper.add(member);
                addMembers(member.members(), deeper, files);
            }
        }
    }

    /** The attachment that carries the file (the file itself when it is one). */
    public Attachment attachment() {
        return (Attachment) (carriers.isEmpty() ? file : carriers.get(0));
    }

    /** Whether the file is a member of an archive. */
    public boolean insideArchive() {
        return !carriers.isEmpty();
    }

    /** The file's name as declared, or empty. */
    public String name() {
        return file.fileName().orElse("");
    }

    /**
     * Where the file is, for evidence: {@code attachment 'invoice.pdf.exe' (part 2)} or
     * {@code 'invoice.pdf.exe' inside 'statement.zip' (part 2)}. Names are shown cut to a bounded length;
     * {@link io.cleanport.core.verdict.Rule#hit} makes them printable.
     */
    public String describe() {
        Attachment attachment = attachment();
        String part = " (part " + attachment.section() + ")";
        if (carriers.isEmpty()) {
            return "attachment " + shown(file) + part;
        }
        StringBuilder text = new StringBuilder(shown(file));
        for (int i = carriers.size() - 1; i >= 0; i--) {
            text.append(" inside ").append(shown(carriers.get(i)));
        }
        return text.append(part).toString();
    }

    private static String shown(ScannedFile file) {
        String name = file.fileName().orElse("");
        if (name.isEmpty()) {
            return "an unnamed " + file.detectedMimeType().orElse("file");
        }
        if (name.length() > MAX_SHOWN_NAME_CHARS) {
            return "'" + name.substring(0, MAX_SHOWN_NAME_CHARS) + "…'";
        }
        return "'" + name + "'";
    }
}
