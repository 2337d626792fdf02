package io.cleanport.core.antivirus;

import java.util.Optional;

import io.cleanport.core.scan.FileFamily;
import io.cleanport.core.verdict.Rule;

/**
 * An Office document that carries a VBA project (OOXML {@code vbaProject.bin}, an OLE2 {@code VBA}
 * storage), detected from its content, at any depth in archives: macros are the commonest way a document
 * runs code.
 */
public final class MacroDocumentRule implements FileRule {
    public static final Rule RULE = Rule.of("MACRO_DOCUMENT", 6,
        "an Office document that carries macros (a VBA project)");

    @Override
    public Rule rule() {
        return RULE;
    }

    @Override
    public String family() {
        return "Macro";
    }

    @Override
    public Optional<String> check(CarriedFile file) {
        if (file.file().family() != FileFamily.MACRO_DOCUMENT) {
            return Optional.empty();
        }
        return Optional.of(file.describe() + " is an Office document with macros");
    }
}
