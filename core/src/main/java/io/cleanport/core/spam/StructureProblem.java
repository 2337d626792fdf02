package io.cleanport.core.spam;

import java.util.Optional;

/**
 * The kinds of "badly composed" problems the {@link SpamMessageParser} reports in
 * {@link SpamMessage#structureProblems()}. Each problem is one line of words that starts with its kind's
 * label ({@code "missing boundary: the message ends before the closing boundary of part 2"}), so that it reads
 * well as evidence and a rule can still tell the kinds apart.
 */
public enum StructureProblem {
    /** Broken MIME structure the parser worked around that none of the other kinds describes. */
    MIME_STRUCTURE("MIME structure"),
    /** A multipart without a boundary, a boundary that never appears, or a missing closing boundary. */
    MISSING_BOUNDARY("missing boundary"),
    /** Lines ending in a bare LF (or CR) among lines ending in CRLF. */
    BARE_LF("bare line end"),
    /** A header line without a colon, a field name with invalid characters, raw bytes that are not UTF-8. */
    MALFORMED_HEADER("malformed header"),
    /** Base64 content that is truncated or carries characters outside the alphabet. */
    BROKEN_BASE64("broken base64"),
    /** An RFC 2047 encoded word that is unterminated, has an unknown encoding or charset, or invalid base64. */
    INVALID_ENCODED_WORD("invalid encoded word"),
    /** A text part in an unknown charset, or whose bytes do not fit the charset it declares. */
    CHARSET("charset");

    private final String label;

    StructureProblem(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** A problem of this kind, as it appears in {@link SpamMessage#structureProblems()}. */
    public String describe(String detail) {
        return label + ": " + detail;
    }

    /** Whether {@code problem} is of this kind. */
    public boolean matches(String problem) {
        return problem.startsWith(label + ": ");
    }

    /** The kind of a problem of {@link SpamMessage#structureProblems()}; empty for text of another origin. */
    public static Optional<StructureProblem> kindOf(String problem) {
        for (StructureProblem kind : values()) {
            if (kind.matches(problem)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
