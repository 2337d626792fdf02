package io.cleanport.core.scan;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;

/**
 * Reads the disposition and the file name a part declares, the way mail programs do, from header
 * values written by anyone: never throws, whatever the input.
 *
 * <p>The file name is the {@code filename} of {@code Content-Disposition}, else the {@code name} of
 * {@code Content-Type}. For each, the RFC 2231 form ({@code filename*}, {@code filename*0*},
 * {@code filename*1}…) wins over the plain one, as in current mail programs. Then RFC 2047 encoded words
 * are decoded (not allowed in parameters, yet common), and raw 8-bit bytes that form valid UTF-8 are read
 * as UTF-8.
 */
final class DeclaredFileName {
    private static final Pattern EXTENDED = Pattern.compile("([^*]+)\\*(?:([0-9]{1,3})(\\*)?)?");
    private static final Pattern RFC2231_PREFIX = Pattern.compile("([^']*)'[^']*'(.*)", Pattern.DOTALL);
    private static final int MAX_PIECES = 100;

    private DeclaredFileName() {
    }

    /** The disposition type in lower case ({@code attachment}, {@code inline}), if declared. */
    static String dispositionType(List<HeaderField> headers) {
        return first(headers, "Content-Disposition")
            .map(field -> parse(field).getValue())
            .map(value -> value.trim().toLowerCase(Locale.ROOT))
            .filter(value -> !value.isEmpty())
            .orElse(null);
    }

    /** The declared file name, decoded; {@code null} when none is declared. */
    static String of(List<HeaderField> headers) {
        String name = first(headers, "Content-Disposition").map(field -> parameter(parse(field).getParams(), "filename")).orElse(null);
        if (name == null) {
            name = first(headers, "Content-Type").map(field -> parameter(parse(field).getParams(), "name")).orElse(null);
        }
        return name == null || name.isBlank() ? null : name;
    }

    private static Optional<HeaderField> first(List<HeaderField> headers, String name) {
        return headers.stream().filter(field -> field.is(name)).findFirst();
    }

    private static RawBody parse(HeaderField field) {
        return RawFieldParser.DEFAULT.parseRawBody(new RawField(field.name(), field.value()));
    }

    private static String parameter(List<NameValuePair> parameters, String key) {
        String plain = null;
        TreeMap<Integer, String> pieces = new TreeMap<>();
        TreeMap<Integer, Boolean> encoded = new TreeMap<>();
        for (NameValuePair parameter : parameters) {
            String name = parameter.getName() == null ? "" : parameter.getName().trim().toLowerCase(Locale.ROOT);
            String value = parameter.getValue() == null ? "" : parameter.getValue();
            if (name.equals(key)) {
                if (plain == null) {
                    plain = value;
                }
                continue;
            }
            Matcher matcher = EXTENDED.matcher(name);
            if (matcher.matches() && matcher.group(1).equals(key) && pieces.size() < MAX_PIECES) {
                int section = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
                pieces.putIfAbsent(section, value);
                encoded.putIfAbsent(section, matcher.group(2) == null || matcher.group(3) != null);
            }
        }
        String name = pieces.isEmpty() ? plain : rfc2231(pieces, encoded);
        return name == null ? null : decodeWords(asUtf8IfValid(name));
    }

    private static String rfc2231(TreeMap<Integer, String> pieces, TreeMap<Integer, Boolean> encoded) {
        Charset charset = StandardCharsets.ISO_8859_1;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean first = true;
        for (var piece : pieces.entrySet()) {
            String value = piece.getValue();
            boolean isEncoded = encoded.get(piece.getKey());
            if (first && isEncoded) {
                Matcher prefix = RFC2231_PREFIX.matcher(value);
                if (prefix.matches()) {
                    charset = charset(prefix.group(1));
                    value = prefix.group(2);
                }
            }
            first = false;
            appendPiece(bytes, value, isEncoded);
        }
        return decode(bytes.toByteArray(), charset);
    }

    /** Percent-decodes an encoded piece; a {@code %} not followed by two hex digits stays as it is. */
    private static void appendPiece(ByteArrayOutputStream bytes, String value, boolean isEncoded) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isEncoded && c == '%' && i + 2 < value.length() && hex(value.charAt(i + 1)) >= 0 && hex(value.charAt(i + 2)) >= 0) {
                bytes.write(hex(value.charAt(i + 1)) * 16 + hex(value.charAt(i + 2)));
                i += 2;
            } else if (c <= 0xff) {
                bytes.write(c);
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static Charset charset(String name) {
        try {
            return name.isBlank() ? StandardCharsets.ISO_8859_1 : Charset.forName(name.trim());
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8; // unknown or malformed charset name: the most likely one
        }
    }

    private static String decode(byte[] bytes, Charset charset) {
        return new String(bytes, charset); // malformed input is replaced, never thrown
    }

    /** Header bytes arrive as one char per byte; when they form valid UTF-8 they were meant as UTF-8. */
    private static String asUtf8IfValid(String latin1) {
        boolean eightBit = false;
        for (int i = 0; i < latin1.length(); i++) {
            char c = latin1.charAt(i);
            if (c > 0xff) {
                return latin1;
            }
            eightBit |= c >= 0x80;
        }
        if (!eightBit) {
            return latin1;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1)))
                .toString();
        } catch (CharacterCodingException e) {
            return latin1;
        }
    }

    private static String decodeWords(String name) {
        if (!name.contains("=?")) {
            return name;
        }
        try {
            return DecoderUtil.decodeEncodedWords(name, DecodeMonitor.SILENT);
        } catch (RuntimeException e) {
            return name;
        }
    }
}
