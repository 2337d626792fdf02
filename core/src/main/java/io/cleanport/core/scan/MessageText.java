package io.cleanport.core.scan;

/**
 * Text as the reader sees it, gathered up to a bound. Characters that show nothing (soft hyphens, zero-width
 * spaces and joiners, byte order marks) are left out and no-break spaces become spaces, so that
 * {@code fr&shy;ee mo&#8203;ney} reads as the {@code free money} a reader sees and a rule looks for.
 *
 * <p>Past the bound nothing more is kept and the text is {@link #truncated()}; half a character at the cut is
 * none. One instance per text of one scan, not thread-safe.
 */
public final class MessageText {
    private final StringBuilder text = new StringBuilder();
    private final int maxChars;
    private boolean truncated;

    /** @param maxChars the most characters kept */
    public MessageText(int maxChars) {
        this.maxChars = maxChars;
    }

    public void append(char c) {
        switch (c) {
            case '\u00AD', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF' -> {
                return;
            }
            default -> {
                if (text.length() >= maxChars) {
                    truncated = true;
                } else {
                    text.append(c == '\u00A0' ? ' ' : c);
                }
            }
        }
    }

    /** Appends with runs of whitespace collapsed to one space, none at the start of a line. */
    public void appendCollapsed(char c) {
        if (Character.isWhitespace(c) || c == '\u00A0') {
            if (last() != ' ' && last() != '\n') {
                append(' ');
            }
        } else {
            append(c);
        }
    }

    /** Ends the current line, unless it is empty, as written: a space at its end stays. */
    public void endLine() {
        if (last() != '\n') {
            append('\n');
        }
    }

    /** Ends the current line, unless it is empty, without the space at its end. */
    public void endLineTrimmed() {
        if (last() != '\n') {
            if (last() == ' ') {
                text.setLength(text.length() - 1);
            }
            append('\n');
        }
    }

    /** The last character kept, or a newline at the start. */
    public char last() {
        return text.length() == 0 ? '\n' : text.charAt(text.length() - 1);
    }

    /** Whether the bound is reached: no further character fits. */
    public boolean full() {
        return text.length() >= maxChars;
    }

    /** Whether a character was left out for the bound. */
    public boolean truncated() {
        return truncated;
    }

    public int length() {
        return text.length();
    }

    /** The text kept so far, live: valid until the next change. */
    public CharSequence chars() {
        return text;
    }

    @Override
    public String toString() {
        if (text.length() > 0 && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
            return text.substring(0, text.length() - 1); // half a character is none
        }
        return text.toString();
    }
}
