package io.cleanport.core.scan;

import static io.cleanport.core.scan.TestMessages.base64;
import static io.cleanport.core.scan.TestMessages.simple;
import static io.cleanport.core.scan.TestMessages.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.google.common.base.Ticker;

import io.cleanport.core.verdict.Verdict;

/** How the walk presents parts to inspectors and feeds them content, within its limits. */
class MessageWalkerTest {
    private static final String MIXED = simple("Content-Type: multipart/mixed; boundary=outer\n", """
        This is the preamble.
        --outer
        Content-Type: multipart/alternative; boundary=alt

        --alt
        Content-Type: text/plain; charset="UTF-8"
        Content-Transfer-Encoding: quoted-printable

        caf=C3=A9
        --alt
        Content-Type: text/html; charset=utf-8

        <p>cafe</p>
        --alt--
        --outer
        Content-Type: application/pdf; name="ignored.pdf"
        Content-Disposition: ATTACHMENT; filename="report.pdf"
        Content-Transfer-Encoding: base64
        X-Part: three

        """ + base64("%PDF-1.4 fake") + """

        --outer
        Content-Type: message/rfc822

        From: someone@example.net
        Subject: forwarded

        forwarded body
        --outer--
        This is the epilogue.
        """);

    @Test
    void presentsEveryLeafPartWithItsPlaceTypeAndNameInMessageOrder() throws IOException {
        Recorder recorder = new Recorder();
        walk(MIXED, recorder);
        assertThat(recorder.parts).extracting(MessagePart::index).containsExactly(1, 2, 3, 4);
        assertThat(recorder.parts).extracting(MessagePart::section).containsExactly("1.1", "1.2", "2", "3.1");
        assertThat(recorder.parts).extracting(MessagePart::depth).containsExactly(2, 2, 1, 2);
        assertThat(recorder.parts).extracting(MessagePart::attachedMessageDepth).containsExactly(0, 0, 0, 1);
        assertThat(recorder.parts).extracting(MessagePart::mimeType)
            .containsExactly("text/plain", "text/html", "application/pdf", "text/plain");
        assertThat(recorder.parts).extracting(MessagePart::transferEncoding)
            .containsExactly("quoted-printable", "7bit", "base64", "7bit");

        MessagePart text = recorder.parts.get(0);
        assertThat(text.charset()).contains("UTF-8");
        assertThat(text.filename()).isEmpty();
        assertThat(text.isAttachment()).isFalse();
        assertThat(text.describe()).isEqualTo("part 1.1 (text/plain)");

        MessagePart pdf = recorder.parts.get(2);
        assertThat(pdf.disposition()).contains("attachment");
        assertThat(pdf.filename()).contains("report.pdf");
        assertThat(pdf.isAttachment()).isTrue();
        assertThat(pdf.header("x-part")).contains("three");
        assertThat(pdf.headers()).extracting(HeaderField::name)
            .containsExactly("Content-Type", "Content-Disposition", "Content-Transfer-Encoding", "X-Part");
        assertThat(pdf.describe()).isEqualTo("attachment 'report.pdf' (part 2, application/pdf)");

        MessagePart forwarded = recorder.parts.get(3);
        assertThat(forwarded.header("Subject")).contains("forwarded");
        assertThat(forwarded.describe()).isEqualTo("part 3.1 (text/plain) inside an attached message");
    }

    @Test
    void feedsDecodedContentButNotPreamblesOrEpilogues() throws IOException {
        Recorder recorder = new Recorder();
        walk(MIXED, recorder);
        // the line break before a boundary belongs to the boundary
        assertThat(recorder.contents()).containsExactly("café", "<p>cafe</p>", "%PDF-1.4 fake", "forwarded body");
        assertThat(recorder.ends).containsOnly(true);
    }

    @Test
    void theBodyOfASinglePartMessageHasTheMessageHeaders() throws IOException {
        Recorder recorder = new Recorder();
        walk(simple("Content-Type: text/plain; charset=iso-8859-1\n", "hello\n"), recorder);
        MessagePart body = recorder.parts.get(0);
        assertThat(body.section()).isEqualTo("1");
        assertThat(body.depth()).isZero();
        assertThat(body.header("subject")).contains("test");
        assertThat(body.describe()).isEqualTo("message body (text/plain)");
        assertThat(recorder.contents()).containsExactly("hello\r\n");
    }

    @Test
    void everyInspectorSeesTheSameContentFromOneRead() throws IOException {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        CountingStream counting = new CountingStream(stream(MIXED));
        new MessageWalker(ScanLimits.defaults(), List.of(first, second)).walk(counting, new Findings());
        assertThat(second.contents()).isEqualTo(first.contents());
        assertThat(counting.read).isEqualTo(MIXED.length());
    }

    @Test
    void aSinkThatHasSeenEnoughGetsNoMoreWhileOthersGoOn() throws IOException {
        String big = "x".repeat(100_000);
        Recorder all = new Recorder();
        Recorder firstChunkOnly = new Recorder(1);
        walk(simple("", big), all, firstChunkOnly);
        assertThat(all.contents().get(0)).isEqualTo(big);
        assertThat(firstChunkOnly.contents().get(0).length()).isLessThan(big.length()).isPositive();
        assertThat(firstChunkOnly.ends).containsExactly(true);
    }

    @Test
    void anInspectorMayJudgeFromMetadataAloneAndContentNobodyWantsIsNotDecoded() throws IOException {
        List<String> seen = new ArrayList<>();
        PartInspector namesOnly = (part, findings) -> {
            part.filename().ifPresent(seen::add);
            return ContentSink.NONE;
        };
        Findings findings = new Findings();
        String brokenBase64 = simple("Content-Type: application/octet-stream; name=a.bin\nContent-Transfer-Encoding: base64\n", "QUJD=Q\n");
        new MessageWalker(ScanLimits.defaults(), List.of(namesOnly)).walk(stream(brokenBase64), findings);
        assertThat(seen).containsExactly("a.bin");
        assertThat(findings.hits()).as("not decoded, so no decoding problem").isEmpty();

        new MessageWalker(ScanLimits.defaults(), List.of(new Recorder())).walk(stream(brokenBase64), findings);
        assertThat(findings.hasHit("MIME_MALFORMED")).isTrue();
    }

    @Test
    void readsTheDeclaredFileNameInEveryUsualEncoding() throws IOException {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("Content-Disposition: attachment; filename*=UTF-8''%E2%82%AC%20rates.pdf", "€ rates.pdf");
        cases.put("Content-Disposition: attachment; filename*0*=utf-8''Rechnung%20M; filename*1*=%C3%A4rz; filename*2=\".pdf\"",
            "Rechnung März.pdf");
        cases.put("Content-Disposition: attachment; filename*1=\"2.exe\"; filename*0=\"part1.\"", "part1.2.exe");
        cases.put("Content-Disposition: attachment; filename=\"=?UTF-8?B?w6l0w6kuZG9jeA==?=\"", "été.docx");
        cases.put("Content-Disposition: attachment; filename=\"plain.pdf\"; filename*=utf-8''real.exe", "real.exe");
        cases.put("Content-Type: application/octet-stream; name=\"only-type.zip\"", "only-type.zip");
        cases.put("Content-Type: application/octet-stream; name*=iso-8859-1''na%EFve.txt", "naïve.txt");
        cases.put("Content-Disposition: attachment; filename*=bogus-charset''a%ZZb%4", "a%ZZb%4");
        cases.put("Content-Disposition: attachment; filename=\"caf\u00c3\u00a9.txt\"", "café.txt"); // raw UTF-8 bytes
        cases.put("Content-Disposition: inline", null);
        for (Map.Entry<String, String> entry : cases.entrySet()) {
            Recorder recorder = new Recorder();
            walk(simple(entry.getKey() + "\n", "x\n"), recorder);
            assertThat(recorder.parts.get(0).filename().orElse(null)).as(entry.getKey()).isEqualTo(entry.getValue());
        }
    }

    @Test
    void evidenceFromHostileNamesIsPrintable() throws IOException {
        Recorder recorder = new Recorder();
        walk(simple("Content-Disposition: attachment; filename*=utf-8''invoice%E2%80%AEfdp.exe%0D%0AX-Evil: 1\n", "x\n"), recorder);
        MessagePart part = recorder.parts.get(0);
        assertThat(part.filename()).contains("invoice\u202Efdp.exe\r\nX-Evil: 1");
        assertThat(part.describe()).isEqualTo("attachment 'invoice\\u202Efdp.exe\\u000D\\u000AX-Evil: 1' (part 1, text/plain)");
    }

    @Test
    void aLeafAtTheDepthLimitIsInspectedAContainerThereIsNotOpened() throws IOException {
        String nested = simple("Content-Type: multipart/mixed; boundary=a\n", """
            --a
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain

            at depth two
            --b
            Content-Type: multipart/mixed; boundary=c

            --c
            Content-Type: text/plain

            at depth three
            --c--
            --b--
            --a--
            """);
        Recorder recorder = new Recorder();
        Findings findings = new Findings();
        new MessageWalker(ScanLimits.defaults().withMaxDepth(2), List.of(recorder)).walk(stream(nested), findings);
        assertThat(recorder.contents()).containsExactly("at depth two");
        assertThat(findings.hits()).singleElement().satisfies(hit -> {
            assertThat(hit.ruleId()).isEqualTo("MIME_LIMIT_EXCEEDED");
            assertThat(hit.evidence()).isEqualTo("MIME nesting deeper than 2 levels: multipart/mixed at part 1.2 was not opened");
        });

        Recorder deeper = new Recorder();
        new MessageWalker(ScanLimits.defaults().withMaxDepth(3), List.of(deeper)).walk(stream(nested), new Findings());
        assertThat(deeper.contents()).containsExactly("at depth two", "at depth three");
    }

    @Test
    void stopsWhenTheDecodedContentBudgetIsSpent() throws IOException {
        String message = simple("Content-Type: multipart/mixed; boundary=b\n",
            "--b\n\n" + "a".repeat(600) + "\n--b\n\n" + "b".repeat(600) + "\n--b\n\nthird\n--b--\n");
        Recorder recorder = new Recorder();
        Findings findings = new Findings();
        new MessageWalker(ScanLimits.defaults().withMaxDecodedBytes(1000), List.of(recorder)).walk(stream(message), findings);
        assertThat(recorder.contents()).hasSize(2);
        assertThat(recorder.contents().get(1)).hasSize(400);
        assertThat(recorder.ends).containsExactly(true, false);
        assertThat(findings.verdict().hit("MIME_LIMIT_EXCEEDED").orElseThrow().evidence())
            .isEqualTo("more than 1000 bytes of decoded content; stopped in part 2 (text/plain)");
    }

    @Test
    void aBudgetSpentExactlyAtTheEndOfAPartIsNoFinding() throws IOException {
        Recorder recorder = new Recorder();
        Findings findings = new Findings();
        new MessageWalker(ScanLimits.defaults().withMaxDecodedBytes(8), List.of(recorder))
            .walk(stream(simple("", "123456\n")), findings); // 8 bytes with the CRLF
        assertThat(recorder.ends).containsExactly(true);
        assertThat(findings.hits()).isEmpty();
    }

    @Test
    void stopsWhenTheScanTimeIsSpent() throws IOException {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            body.append("--b\n\npart ").append(i).append('\n');
        }
        Ticker oneSecondPerLook = new Ticker() {
            private long now;

            @Override
            public long read() {
                return now += TimeUnit.SECONDS.toNanos(1);
            }
        };
        Recorder recorder = new Recorder();
        Findings findings = new Findings();
        new MessageWalker(ScanLimits.defaults().withMaxScanTime(Duration.ofSeconds(30)), List.of(recorder), oneSecondPerLook)
            .walk(stream(simple("Content-Type: multipart/mixed; boundary=b\n", body + "--b--\n")), findings);
        assertThat(recorder.parts.size()).isBetween(1, 20);
        assertThat(findings.verdict().hit("SCAN_TIME_EXCEEDED").orElseThrow().evidence())
            .startsWith("scanning took longer than 30000 ms; stopped at part ");
    }

    @Test
    void anInspectorFailureIsNotHidden() {
        PartInspector failing = (part, findings) -> {
            throw new IllegalStateException("inspector bug");
        };
        assertThatThrownBy(() -> walk(MIXED, failing)).isInstanceOf(IllegalStateException.class).hasMessage("inspector bug");
    }

    @Test
    void aStreamThatCannotBeReadIsAnIOException() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };
        assertThatThrownBy(() -> MessageScanner.withDefaults().scan(failing)).isInstanceOf(IOException.class);
    }

    @Test
    void scansOfOneScannerAreIndependent() throws IOException {
        MessageScanner scanner = MessageScanner.withDefaults();
        Verdict virus = scanner.scan(stream(simple("", "@EICAR@\n")));
        Verdict clean = scanner.scan(stream(simple("", "hello\n")));
        assertThat(virus.isClean()).isFalse();
        assertThat(clean).isEqualTo(Verdict.clean());
    }

    private static void walk(String message, PartInspector... inspectors) throws IOException {
        new MessageWalker(ScanLimits.defaults(), List.of(inspectors)).walk(stream(message), new Findings());
    }

    /** Records the parts and their content; declines content after {@code maxChunks} chunks. */
    private static final class Recorder implements PartInspector {
        final List<MessagePart> parts = new ArrayList<>();
        final List<ByteArrayOutputStream> contents = new ArrayList<>();
        final List<Boolean> ends = new ArrayList<>();
        private final int maxChunks;

        Recorder() {
            this(Integer.MAX_VALUE);
        }

        Recorder(int maxChunks) {
            this.maxChunks = maxChunks;
        }

        @Override
        public ContentSink inspect(MessagePart part, Findings findings) {
            parts.add(part);
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            contents.add(content);
            return new ContentSink() {
                private int chunks;

                @Override
                public boolean accept(byte[] chunk, int offset, int length) {
                    content.write(chunk, offset, length);
                    return ++chunks < maxChunks;
                }

                @Override
                public void end(boolean complete) {
                    ends.add(complete);
                }
            };
        }

        List<String> contents() {
            return contents.stream().map(bytes -> bytes.toString(StandardCharsets.UTF_8)).toList();
        }
    }

    private static final class CountingStream extends InputStream {
        private final InputStream in;
        long read;

        CountingStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                read++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                read += n;
            }
            return n;
        }
    }
}
