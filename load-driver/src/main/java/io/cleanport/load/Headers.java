package io.cleanport.load;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Cheap scanning of an RFC 5322 header block held as raw bytes. */
final class Headers {

    private Headers() {
    }

    /**
     * Length of the header block: the offset just past the empty line that ends it (CRLF CRLF or LF LF),
     * or {@code len} when the message has no body separator.
     */
    static int headerBlockLength(byte[] data, int len) {
        int i = 0;
        while (i < len) {
            // i is at the start of a line
            if (data[i] == '\n') {
                return i + 1;
            }
            if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n') {
                return i + 2;
            }
            while (i < len && data[i] != '\n') {
                i++;
            }
            i++;
        }
        return len;
    }

    /** First value of the named header field, unfolded and trimmed, or null. */
    static String first(byte[] data, String name) {
        List<String> values = scan(data, name, true);
        return values.isEmpty() ? null : values.get(0);
    }

    /** All values of the named header field, in order. */
    static List<String> all(byte[] data, String name) {
        return scan(data, name, false);
    }

    private static List<String> scan(byte[] data, String name, boolean firstOnly) {
        List<String> found = new ArrayList<>(1);
        if (data == null) {
            return found;
        }
        final int len = data.length;
        final int n = name.length();
        int i = 0;
        while (i < len) {
            int lineStart = i;
            if (data[i] == '\n' || (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')) {
                break; // end of header block
            }
            if (lineStart + n < len && data[lineStart + n] == ':' && nameMatches(data, lineStart, name)) {
                // value runs to end of line, plus any continuation lines starting with SP or HT
                ByteArrayOutputStream value = new ByteArrayOutputStream(64);
                int j = lineStart + n + 1;
                while (true) {
                    int eol = j;
                    while (eol < len && data[eol] != '\n') {
                        eol++;
                    }
                    int contentEnd = eol;
                    if (contentEnd > j && data[contentEnd - 1] == '\r') {
                        contentEnd--;
                    }
                    value.write(data, j, contentEnd - j);
                    j = eol + 1;
                    if (j < len && (data[j] == ' ' || data[j] == '\t')) {
                        continue; // folded: unfolding removes only the line break
                    }
                    break;
                }
                found.add(new String(value.toByteArray(), StandardCharsets.UTF_8).trim());
                if (firstOnly) {
                    return found;
                }
                i = j;
                continue;
            }
            while (i < len && data[i] != '\n') {
                i++;
            }
            i++;
        }
        return found;
    }

    private static boolean nameMatches(byte[] data, int off, String name) {
        for (int k = 0; k < name.length(); k++) {
            int a = data[off + k] & 0xff;
            int b = name.charAt(k);
            if (a != b && toLower(a) != toLower(b)) {
                return false;
            }
        }
        return true;
    }

    private static int toLower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
}
