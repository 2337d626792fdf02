package io.cleanport.core.antivirus;

import java.util.Optional;

import io.cleanport.core.verdict.Rule;

/**
 * A file name with a bidirectional control character ({@code invoice\u202Efdp.exe} shows as
 * {@code invoiceexe.pdf}): it makes a reader see another extension than the one that runs. No
 * legitimate file name needs one. At any depth in archives.
 */
public final class BidiFileNameRule implements FileRule {
    public static final Rule RULE = Rule.of("BIDI_FILE_NAME", 8,
        "a file name with a bidirectional override that disguises its extension (right-to-left override)");

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public String family() {
        return "BidiName";
    }

    @Override
    public Optional<String> check(CarriedFile file) {
        String name = file.name();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (isBidiControl(c)) {
                return Optional.of(file.describe() + " contains U+" + String.format("%04X", (int) c)
                    + "; the extension that runs is ." + file.file().extension());
            }
        }
        return Optional.empty();
    }

    /** Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the directional marks. */
    static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F'
            || c == '\u061C';
    }
}
