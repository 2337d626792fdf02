package io.cleanport.core.scan;

import java.util.Locale;
import java.util.Objects;

/**
 * The type of a file as its content shows it: a MIME type ({@code application/x-msdownload;format=pe},
 * {@code application/zip}) and the {@link FileFamily} policy uses, plus whether the file says its content
 * is encrypted (an encrypted zip entry, encrypted RAR or 7z headers, a password-protected Office file).
 *
 * @param mimeType  lower case, {@code application/octet-stream} when nothing more is known
 * @param family    the family of the type
 * @param encrypted whether the content (or part of it) is encrypted
 */
public record FileType(String mimeType, FileFamily family, boolean encrypted) {
    /** Nothing recognisable. */
    public static final String UNKNOWN_MIME_TYPE = "application/octet-stream";

    public FileType {
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(family, "family");
        mimeType = mimeType.toLowerCase(Locale.ROOT);
        if (mimeType.indexOf('/') <= 0) {
            throw new IllegalArgumentException("mimeType: '" + mimeType + "' is not a type/subtype");
        }
    }

    public static FileType of(String mimeType, FileFamily family) {
        return new FileType(mimeType, family, false);
    }

    /** The type without its parameters: {@code application/x-msdownload} for {@code …;format=pe}. */
    public String baseMimeType() {
        int semicolon = mimeType.indexOf(';');
        return semicolon < 0 ? mimeType : mimeType.substring(0, semicolon).trim();
    }

    FileType withFamily(FileFamily newFamily) {
        return new FileType(mimeType, newFamily, encrypted);
    }

    FileType withMimeType(String newMimeType, FileFamily newFamily) {
        return new FileType(newMimeType, newFamily, encrypted);
    }

    FileType asEncrypted() {
        return encrypted ? this : new FileType(mimeType, family, true);
    }
}
