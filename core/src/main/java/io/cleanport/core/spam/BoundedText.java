package io.cleanport.core.spam;

/**
 * Text kept up to a bound. Characters that show nothing (soft hyphen, zero-width spaces and joiners, byte
 * order marks) are left out and no-break spaces become spaces, so that the text reads as the reader sees it.
 */
final class BoundedText {
    private final StringBuilder text = new StringBuilder();
    private final int maxChars;
    private boolean truncated;

    BoundedText(int maxChars) {
        this.maxChars = maxChars;
    }

    void append(char c) {
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
    void appendCollapsed(char c) {
        if (Character.isWhitespace(c) || c == '\u00A0') {
            if (last() != ' ' && last() != '\n') {
                append(' ');
            }
        } else {
            append(c);
        }
    }

    void appendCollapsed(CharSequence chars) {
        for (int i = 0; i < chars.length(); i++) {
            appendCollapsed(chars.charAt(i));
        }
    }

    /** Ends the current line, unless it is empty. */
    void newline() {
        if (text.length() > 0 && last() != '\n') {
            if (last() == ' ') {
                text.setLength(text.length() - 1);
            }
            append('\n');
        }
    }

    char last() {
        return text.length() == 0 ? '\n' : text.charAt(text.length() - 1);
    }

    boolean full() {
        return text.length() >= maxChars;
    }

    boolean truncated() {
        return truncated;
    }

    int length() {
        return text.length();
    }

    CharSequence chars() {
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
