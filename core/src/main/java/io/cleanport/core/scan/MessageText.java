package io.cleanport.core.scan;

/**
 * The text of a message as the reader sees it, gathered part by part up to a bound. Characters that
 * show nothing (soft hyphens, zero-width spaces and joiners, byte order marks) are left out and no-break
 * spaces become spaces, so that {@code fr&shy;ee mo&#8203;ney} reads as the {@code free money} a
 * reader sees and a content rule looks for.
 */
final class MessageText {
    private final StringBuilder text = new StringBuilder();
    private final int maxChars;
    private boolean truncated;

    MessageText(int maxChars) {
        this.maxChars = maxChars;
    }

    /** Whether the bound is reached: nothing more is kept. */
    boolean full() {
        return truncated;
    }

    boolean truncated() {
        return truncated;
    }

    /** Starts the text of another part on a new line. */
    void startPart() {
        if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
            append('\n');
        }
    }

    void append(char c) {
        if (truncated) {
            return;
        }
        switch (c) {
            case '\u00AD', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF' -> {
                return;
            }
            default -> {
                // kept below
            }
        }
        if (text.length() >= maxChars) {
            truncated = true;
            if (Character.isHighSurrogate(text.charAt(text.length() - 1))) {
                text.setLength(text.length() - 1); // half a character is none
            }
            return;
        }
        text.append(c == '\u00A0' ? ' ' : c);
    }

    /** The last character kept, or a newline at the start. */
    char last() {
        return text.length() == 0 ? '\n' : text.charAt(text.length() - 1);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
