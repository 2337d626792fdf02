package io.cleanport.core.spam;

import java.util.List;

/**
 * The rules about badly composed mail, from the problems the parser worked around: they count only at the
 * most sensitive spam level, where a recipient asked that broken mail be treated as spam too.
 */
final class CompositionRules {
    private CompositionRules() {
    }

    static List<SpamRule> rules() {
        return List.of(
            rule("COMPOSITION_MIME_STRUCTURE_ERROR", 1.0, "the MIME structure is broken", StructureProblem.MIME_STRUCTURE),
            rule("COMPOSITION_MISSING_BOUNDARY", 1.5, "a multipart boundary is missing or never closed", StructureProblem.MISSING_BOUNDARY),
            rule("COMPOSITION_BARE_LF", 1.0, "lines end in a bare LF or CR among CRLF lines", StructureProblem.BARE_LF),
            rule("COMPOSITION_MALFORMED_HEADER", 1.5, "a header line is malformed", StructureProblem.MALFORMED_HEADER),
            rule("COMPOSITION_BASE64_TRUNCATED", 1.0, "base64 content is truncated or has invalid characters", StructureProblem.BROKEN_BASE64),
            rule("COMPOSITION_INVALID_ENCODED_WORD", 1.0, "an encoded word in a header field is invalid",
                StructureProblem.INVALID_ENCODED_WORD));
    }

    private static SpamRule rule(String id, double score, String description, StructureProblem kind) {
        return SpamRule.compositionRule(id, score, description, m -> EvidenceRule.listed(BodyRules.details(m, kind)));
    }
}
