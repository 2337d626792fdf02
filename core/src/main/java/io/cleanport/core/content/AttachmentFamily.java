package io.cleanport.core.content;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A family of file types an attachment rule may name ({@code "value": "executable"}). The scanner
 * decides the family of an attachment from its content, so a renamed file is still caught.
 */
public enum AttachmentFamily {
    /** Programs and libraries: PE (Windows), ELF, Mach-O, MSI, and the like. */
    EXECUTABLE("executable"),
    /** Containers of other files: zip, rar, 7z, tar, gzip, ... */
    ARCHIVE("archive"),
    /** Office documents that carry macros (VBA projects, {@code .docm}, {@code .xlsm}, ...). */
    MACRO_DOCUMENT("macro-document"),
    /** Office documents, with or without macros. */
    OFFICE("office"),
    PDF("pdf"),
    IMAGE("image"),
    /** Script files a user may run by opening them: JavaScript, VBScript, PowerShell, batch, HTA, ... */
    SCRIPT("script"),
    /** Archives whose content is encrypted, so no scanner can see into them. */
    ENCRYPTED_ARCHIVE("encrypted-archive");

    private final String jsonValue;

    AttachmentFamily(String jsonValue) {
        this.jsonValue = jsonValue;
    }

    /** The spelling in a rule's value, such as {@code macro-document}. */
    public String jsonValue() {
        return jsonValue;
    }

    /** The family spelled {@code name} (lower case, exactly), if any. */
    public static Optional<AttachmentFamily> find(String name) {
        return Arrays.stream(values()).filter(family -> family.jsonValue.equals(name)).findFirst();
    }

    /** {@code executable, archive, ...}. */
    public static String accepted() {
        return Arrays.stream(values()).map(AttachmentFamily::jsonValue).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return jsonValue;
    }
}
