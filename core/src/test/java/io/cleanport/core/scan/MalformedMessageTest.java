package io.cleanport.core.scan;

import static io.cleanport.core.scan.TestMessages.base64;
import static io.cleanport.core.scan.TestMessages.eicar;
import static io.cleanport.core.scan.TestMessages.simple;
import static io.cleanport.core.scan.TestMessages.stream;
import static io.cleanport.core.scan.TestMessages.wire;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.Verdict;

/**
 * Hostile and broken messages end with a verdict, clean or with a finding, never an exception or a hang.
 * Limits exceeded are reported as {@code MIME_LIMIT_EXCEEDED}, problems worked around as
 * {@code MIME_MALFORMED}.
 */
class MalformedMessageTest {
    private static final String NOISE = "\r\n-=:;\" \t=?B*'%\0\u00ff";

    private final MessageScanner scanner = MessageScanner.withDefaults();

    @Test
    void aMissingClosingBoundaryDoesNotHideTheLastPart() throws IOException {
        Verdict verdict = scan(simple("Content-Type: multipart/mixed; boundary=b\n", """
            --b
            Content-Type: text/plain

            hello
            --b
            Content-Type: application/octet-stream; name=eicar.com
            Content-Transfer-Encoding: base64

            """ + base64(eicar()) + "\n"));
        assertThat(verdict.category()).isEqualTo(Category.VIRUS);
        assertThat(verdict.hit("MIME_MALFORMED").orElseThrow().evidence()).contains("Body part ended prematurely");
    }

    @Test
    void aMissingClosingBoundaryInABenignMessageIsCleanWithAFinding() throws IOException {
        Verdict verdict = scan(simple("Content-Type: multipart/mixed; boundary=b\n", "--b\nContent-Type: text/plain\n\nhello\n"));
        assertThat(verdict.isClean()).isTrue();
        assertThat(verdict.ruleIds()).containsExactly("MIME_MALFORMED");
    }

    @Test
    void truncatedBase64IsCleanWithAFinding() throws IOException {
        String truncated = base64(eicar()).substring(0, 45);
        Verdict verdict = scan(simple("Content-Type: multipart/mixed; boundary=b\n", """
            --b
            Content-Type: application/octet-stream; name=eicar.com
            Content-Transfer-Encoding: base64

            """ + truncated + """

            --b--
            """));
        assertThat(verdict.isClean()).isTrue();
        assertThat(verdict.hit("MIME_MALFORMED").orElseThrow().evidence())
            .isEqualTo("Unexpected end of BASE64 stream in part 1");
    }

    @Test
    void base64WithForeignCharactersStillDecodesWhatIsThere() throws IOException {
        String encoded = base64(eicar());
        String noisy = encoded.substring(0, 20) + "!!" + encoded.substring(20);
        Verdict verdict = scan(simple("Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n", noisy + "\n"));
        assertThat(verdict.category()).isEqualTo(Category.VIRUS);
        assertThat(verdict.hit("MIME_MALFORMED").orElseThrow().evidence()).contains("Unexpected base64 byte");
    }

    @Test
    void aHeaderLineOf100KilobytesIsALimitFinding() throws IOException {
        String message = wire("From: a@example.org\nX-Long: " + "a".repeat(100 * 1024) + "\nSubject: s\n\n@EICAR@\n");
        Verdict verdict = scan(message);
        assertThat(verdict.isClean()).isTrue();
        assertThat(verdict.hit("MIME_LIMIT_EXCEEDED").orElseThrow().evidence())
            .isEqualTo("a header line over 65536 bytes in the message");
    }

    @Test
    void aFoldedHeaderFieldOf100KilobytesIsALimitFinding() throws IOException {
        String folded = ("x".repeat(70) + "\n ").repeat(1500);
        Verdict verdict = scan(wire("From: a@example.org\nX-Folded: " + folded + "end\n\nhello\n"));
        assertThat(verdict.hit("MIME_LIMIT_EXCEEDED").orElseThrow().evidence())
            .isEqualTo("a header field over 65536 bytes in the message");
    }

    @Test
    void tooManyHeaderFieldsInAPartIsALimitFinding() throws IOException {
        String fields = "X-Filler: 1\n".repeat(1500);
        Verdict verdict = scan(simple("Content-Type: multipart/mixed; boundary=b\n",
            "--b\n" + fields + "Content-Type: text/plain\n\nhello\n--b--\n"));
        assertThat(verdict.hit("MIME_LIMIT_EXCEEDED").orElseThrow().evidence())
            .isEqualTo("more than 1000 header fields in part 1");
    }

    @Test
    void fiveThousandNestedMultipartsAreCutAtTheDepthLimitAndTheShallowPartsAreStillScanned() throws IOException {
        int levels = 5000;
        StringBuilder body = new StringBuilder();
        // boundaries end with "x" so that none is a prefix of another
        body.append("--b0x\nContent-Type: application/octet-stream; name=first.com\nContent-Transfer-Encoding: base64\n\n")
            .append(base64(eicar())).append("\n");
        for (int i = 0; i < levels; i++) {
            body.append("--b").append(i).append("x\nContent-Type: multipart/mixed; boundary=b").append(i + 1).append("x\n\n");
        }
        body.append("--b").append(levels).append("x\nContent-Type: text/plain\n\n@EICAR@\n");
        for (int i = levels; i >= 0; i--) {
            body.append("--b").append(i).append("x--\n");
        }
        Verdict verdict = scan(simple("Content-Type: multipart/mixed; boundary=b0x\n", body.toString()));
        assertThat(verdict.category()).isEqualTo(Category.VIRUS);
        assertThat(verdict.hit("EICAR_TEST_FILE").orElseThrow().evidence()).isEqualTo("attachment 'first.com' (part 1, application/octet-stream)");
        assertThat(verdict.hit("MIME_LIMIT_EXCEEDED").orElseThrow().evidence())
            .isEqualTo("MIME nesting deeper than 20 levels: multipart/mixed at part 2.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1 was not opened");
    }

    @Test
    void fiveThousandNestedAttachedMessagesAreCutAtTheDepthLimit() throws IOException {
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            message.append("From: a@example.org\nContent-Type: message/rfc822\n\n");
        }
        message.append("From: a@example.org\n\n@EICAR@\n");
        Verdict verdict = scan(wire(message.toString()));
        assertThat(verdict.isClean()).isTrue();
        assertThat(verdict.hit("MIME_LIMIT_EXCEEDED").orElseThrow().evidence())
            .startsWith("MIME nesting deeper than 20 levels: message/rfc822 at the attached message at part 1.1.1");
    }

    @Test
    void twentyThousandPartsStopAtThePartLimit() throws IOException {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            body.append("--b\nContent-Type: text/plain\n\npart ").append(i).append("\n");
        }
        body.append("--b--\n");
        Verdict verdict = scan(simple("Content-Type: multipart/mixed; boundary=b\n", body.toString()));
        assertThat(verdict.isClean()).isTrue();
        assertThat(verdict.ruleIds()).containsExactly("MIME_LIMIT_EXCEEDED");
        assertThat(verdict.hit("MIME_LIMIT_EXCEEDED").orElseThrow().evidence())
            .isEqualTo("more than 1000 MIME parts; stopped at part 1000");
    }

    @Test
    void aHeaderLineWithoutColonIsMalformed() throws IOException {
        Verdict verdict = scan(wire("From: a@example.org\nthis line has no colon\nSubject: s\n\nhello\n"));
        assertThat(verdict.isClean()).isTrue();
        assertThat(verdict.hit("MIME_MALFORMED")).isPresent();
    }

    @Test
    void aBoundaryThatNeverAppearsLeavesNothingToScanButDoesNotFail() throws IOException {
        Verdict verdict = scan(simple("Content-Type: multipart/mixed; boundary=missing\n", "@EICAR@\n"));
        assertThat(verdict.isClean()).isTrue();
    }

    @Test
    void aMultipartWithoutBoundaryIsReadAsText() throws IOException {
        Verdict verdict = scan(simple("Content-Type: multipart/mixed\n", "@EICAR@\n"));
        assertThat(verdict.category()).isEqualTo(Category.VIRUS);
        assertThat(verdict.hit("EICAR_TEST_FILE").orElseThrow().evidence()).isEqualTo("message body (text/plain)");
    }

    @Test
    void emptyAndHeaderOnlyInputsAreClean() throws IOException {
        assertThat(scanner.scan(new ByteArrayInputStream(new byte[0])).isClean()).isTrue();
        assertThat(scan(wire("From: a@example.org\nSubject: no body\n")).isClean()).isTrue();
        assertThat(scan("\r\n\r\n").isClean()).isTrue();
    }

    @Test
    void randomBytesEndWithAVerdict() throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] garbage = new byte[1 + random.nextInt(200_000)];
            random.nextBytes(garbage);
            assertThat(scanner.scan(new ByteArrayInputStream(garbage))).isNotNull();
        }
    }

    @Test
    void randomlyDamagedMimeEndsWithAVerdict() throws IOException {
        String message = simple("Content-Type: multipart/mixed; boundary=b\n", """
            --b
            Content-Type: multipart/alternative; boundary=c

            --c
            Content-Type: text/plain; charset="utf-8"
            Content-Transfer-Encoding: quoted-printable

            caf=C3=A9
            --c--
            --b
            Content-Type: message/rfc822

            Subject: inner
            Content-Type: application/octet-stream; name*0*=utf-8''a%20b; name*1=".exe"
            Content-Transfer-Encoding: base64

            """ + base64(eicar()) + """

            --b--
            """);
        byte[] original = message.getBytes(StandardCharsets.ISO_8859_1);
        Random random = new Random(1);
        for (int i = 0; i < 2000; i++) {
            byte[] damaged = original.clone();
            for (int j = 0; j < 1 + random.nextInt(8); j++) {
                damaged[random.nextInt(damaged.length)] = (byte) NOISE.charAt(random.nextInt(NOISE.length()));
            }
            int length = random.nextInt(damaged.length + 1);
            assertThat(scanner.scan(new ByteArrayInputStream(damaged, 0, length))).isNotNull();
        }
    }

    @Test
    void aLongMessageWhoseContentNobodyNeedsIsSkippedNotLimited() throws IOException {
        // 40 MB of text: over the decoded-content limit, but EICAR reads a few bytes of each part only
        InputStream head = stream(simple("Content-Type: text/plain\n", ""));
        InputStream body = new InputStream() {
            private long left = 40L * 1024 * 1024;

            @Override
            public int read() {
                return left-- > 0 ? (left % 80 == 0 ? '\n' : 'a') : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) read();
                }
                return n;
            }
        };
        Verdict verdict = scanner.scan(new SequenceInputStream(head, body));
        assertThat(verdict).isEqualTo(Verdict.clean());
    }

    private Verdict scan(String message) throws IOException {
        return scanner.scan(stream(message));
    }
}
