package io.cleanport.core.scan;

import java.util.Locale;

/** The parts of a declared file name that policy looks at, read the way Windows reads them. */
public final class FileNames {
    /** Longer "extensions" are not file extensions but names with a dot in them. */
    static final int MAX_EXTENSION_CHARS = 32;
    /** Names from archives are kept to this length in the facts (the extension is taken first). */
    static final int MAX_KEPT_NAME_CHARS = 1024;

    private FileNames() {
    }

    /**
     * The extension of the last path segment, lower case, without the dot; empty when there is none.
     * Trailing dots and spaces are ignored, as Windows ignores them when it opens a file
     * ({@code invoice.exe.} and {@code invoice.exe } run as {@code .exe}); a leading dot alone
     * ({@code .profile}) is not an extension.
     */
    public static String extension(String name) {
        if (name == null) {
            return "";
        }
        int end = name.length();
        while (end > 0 && (name.charAt(end - 1) == '.' || name.charAt(end - 1) == ' ')) {
            end--;
        }
        int segmentStart = Math.max(name.lastIndexOf('/', end - 1), name.lastIndexOf('\\', end - 1)) + 1;
        int dot = name.lastIndexOf('.', end - 1);
        if (dot <= segmentStart || end - dot - 1 > MAX_EXTENSION_CHARS) {
            return "";
        }
        return name.substring(dot + 1, end).toLowerCase(Locale.ROOT);
    }

    /** {@code name} cut to {@link #MAX_KEPT_NAME_CHARS}, so that hostile archive names stay small. */
    static String kept(String name) {
        if (name == null) {
            return "";
        }
        if (name.length() <= MAX_KEPT_NAME_CHARS) {
            return name;
        }
        int end = Character.isHighSurrogate(name.charAt(MAX_KEPT_NAME_CHARS - 1)) ? MAX_KEPT_NAME_CHARS - 1 : MAX_KEPT_NAME_CHARS;
        return name.substring(0, end);
    }
}
