package io.cleanport.core.message;

/**
 * Crockford's base32, the alphabet of CleanPort's ids ({@link CleanPortId},
 * {@link io.cleanport.core.quarantine.QuarantineId}): digits and upper-case letters without I, L, O and U,
 * five bits a character, so an id is short, safe in a URL path and a file name, and cannot be misread.
 *
 * <p>Encoding only, most significant bits first, without padding or check symbol: ids are parsed by
 * their shape ({@link #CHARACTER}), never decoded.
 */
public final class CrockfordBase32 {
    /** A regular expression for one upper-case character of the alphabet. */
    public static final String CHARACTER = "[0-9A-HJKMNP-TV-Z]";
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private CrockfordBase32() {
    }

    /** The lowest {@code 5 × characters} bits of {@code value} (at most 12 characters), in {@code characters} characters. */
    public static String encodeLowBits(long value, int characters) {
        if (characters < 0 || characters > 12) {
            throw new IllegalArgumentException("a long holds 0 to 12 base32 characters, not " + characters);
        }
        char[] out = new char[characters];
        long bits = value;
        for (int i = characters - 1; i >= 0; i--) {
            out[i] = ALPHABET[(int) (bits & 31)];
            bits >>>= 5;
        }
        return new String(out);
    }

    /** The first {@code 5 × characters} bits of {@code bytes} (which must have that many), in {@code characters} characters. */
    public static String encodeLeadingBits(byte[] bytes, int characters) {
        if (characters < 0 || 5L * characters > 8L * bytes.length) {
            throw new IllegalArgumentException(bytes.length + " bytes hold fewer than " + characters + " base32 characters");
        }
        char[] out = new char[characters];
        int buffer = 0;
        int buffered = 0;
        int next = 0;
        for (int i = 0; i < characters; i++) {
            if (buffered < 5) {
                buffer = (buffer << 8) | (bytes[next++] & 0xff);
                buffered += 8;
            }
            buffered -= 5;
            out[i] = ALPHABET[(buffer >>> buffered) & 31];
        }
        return new String(out);
    }
}
