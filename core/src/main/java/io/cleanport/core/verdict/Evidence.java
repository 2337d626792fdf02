package io.cleanport.core.verdict;

/**
 * Makes text taken from a message (file names, header values, part descriptions) safe to show as the
 * evidence of a {@link RuleHit}.
 *
 * <p>Evidence ends up in mail headers ({@code X-CleanPort-Rules}), logs, notifications and the
 * quarantine's user interface, and its source is whoever wrote the message. So line breaks and other
 * control characters, and the invisible characters that reorder or hide text (bidirectional overrides
 * such as U+202E, which turn {@code invoice[U+202E]fdp.exe} into what looks like {@code invoiceexe.pdf}),
 * are shown as visible {@code \}{@code uXXXX} escapes rather than dropped, so the trick itself stays
 * visible. The result is cut to {@link RuleHit#MAX_EVIDENCE_CHARS} characters.
 */
public final class Evidence {
    private static final String ELLIPSIS = "…";

    private Evidence() {
    }

    /** A printable, bounded rendering of {@code untrusted}; {@code null} gives the empty string. */
    public static String printable(String untrusted) {
        if (untrusted == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(untrusted.length(), RuleHit.MAX_EVIDENCE_CHARS) + 8);
        int i = 0;
        // render a little past the limit, then cut once, so the ellipsis shows that something was cut
        while (i < untrusted.length() && out.length() <= RuleHit.MAX_EVIDENCE_CHARS) {
            int codePoint = untrusted.codePointAt(i);
            if (isUnsafe(codePoint)) {
                out.append(String.format("\\u%04X", codePoint));
            } else {
                out.appendCodePoint(codePoint);
            }
            i += Character.charCount(codePoint);
        }
        return truncate(out.toString(), RuleHit.MAX_EVIDENCE_CHARS);
    }

    /**
     * Cuts text to at most {@code maxChars} characters, ending with an ellipsis when cut, never between
     * the two halves of a surrogate pair.
     */
    public static String truncate(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars: " + maxChars + "; at least 1 expected");
        }
        int end = maxChars - ELLIPSIS.length();
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, Math.max(0, end)) + ELLIPSIS;
    }

    /**
     * Whether a code point must not appear as such in evidence or descriptions: control characters,
     * line and paragraph separators, and the bidirectional and zero-width formatting characters.
     */
    static boolean isUnsafe(int codePoint) {
        if (Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.SURROGATE) {
            // a surrogate here is unpaired: it would not survive encoding to UTF-8
            return true;
        }
        switch (codePoint) {
            case 0x2028, 0x2029, // line and paragraph separators
                 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, // zero-width characters and direction marks
                 0x061C, 0xFEFF -> {
                return true;
            }
            default -> {
                // embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069)
                return (codePoint >= 0x202A && codePoint <= 0x202E) || (codePoint >= 0x2066 && codePoint <= 0x2069);
            }
        }
    }

    static boolean isPrintable(String text) {
        return text.codePoints().noneMatch(Evidence::isUnsafe);
    }
}
