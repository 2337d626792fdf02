package io.cleanport.core.spam;

/**
 * The bounds of what the {@link SpamMessageParser} keeps of one message, on top of the walk's own
 * {@link io.cleanport.core.scan.ScanLimits} (parts, depth, header sizes, decoded bytes, time). Past a bound the
 * rest is not kept and the message is marked {@link SpamMessage#truncated()}.
 *
 * @param maxTextChars   characters of text (plain parts, then the visible text of HTML parts), 1 to 16 Mi
 * @param maxHtmlChars   characters of HTML as written, 0 to 16 Mi
 * @param maxLinks       links (HTML links and URLs found in the text), 0 to 100,000
 * @param maxHeaderBytes bytes of the message's own header, 1 KiB to 16 MiB
 */
public record SpamLimits(int maxTextChars, int maxHtmlChars, int maxLinks, int maxHeaderBytes) {
    /** 200 KiB of text, 500 KiB of HTML, 500 links, 256 KiB of header. */
    private static final SpamLimits DEFAULTS = new SpamLimits(200 * 1024, 500 * 1024, 500, 256 * 1024);

    /**
     * @throws IllegalArgumentException naming the limit out of range
     */
    public SpamLimits {
        check("maxTextChars", maxTextChars, 1, 16 << 20);
        check("maxHtmlChars", maxHtmlChars, 0, 16 << 20);
        check("maxLinks", maxLinks, 0, 100_000);
        check("maxHeaderBytes", maxHeaderBytes, 1024, 16 << 20);
    }

    /** 200 KiB of text, 500 KiB of HTML, 500 links, 256 KiB of header. */
    public static SpamLimits defaults() {
        return DEFAULTS;
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " is out of range; expected " + min + " to " + max);
        }
    }
}
