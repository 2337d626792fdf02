package io.cleanport.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class EicarInspectorTest {
    private static final byte[] EICAR = EicarInspector.testString();

    @Test
    void theTestStringIsTheStandardOne() throws Exception {
        assertThat(EICAR).hasSize(68);
        // the well-known digest of the 68-byte EICAR file
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(EICAR)))
            .isEqualTo("44d88612fea8a8f36de82e1278abb02f");
        assertThat(new String(EICAR, StandardCharsets.US_ASCII)).contains("EICAR-STANDARD-ANTIVIRUS-TEST-FILE");
    }

    @Test
    void theTestFileIsTheStringOptionallyFollowedByWhitespaceUpTo128Bytes() {
        assertThat(EicarInspector.isTestFile(EICAR)).isTrue();
        assertThat(EicarInspector.isTestFile(with(EICAR, "\r\n"))).isTrue();
        assertThat(EicarInspector.isTestFile(with(EICAR, " \t\r\n\u001a"))).isTrue();
        assertThat(EicarInspector.isTestFile(with(EICAR, " ".repeat(60)))).isTrue();
        assertThat(EicarInspector.isTestFile(with(EICAR, " ".repeat(61)))).as("129 bytes").isFalse();
        assertThat(EicarInspector.isTestFile(with(EICAR, "\r\nthanks"))).isFalse();
        assertThat(EicarInspector.isTestFile(with(EICAR, "\u000b"))).as("vertical tab is not EICAR whitespace").isFalse();
        assertThat(EicarInspector.isTestFile(with(" ".getBytes(StandardCharsets.US_ASCII), new String(EICAR, StandardCharsets.US_ASCII)))).isFalse();
        assertThat(EicarInspector.isTestFile(java.util.Arrays.copyOf(EICAR, 67))).isFalse();
        assertThat(EicarInspector.isTestFile(new byte[0])).isFalse();
    }

    @Test
    void aSinkFedByteByByteFindsTheTestFileAndReportsAVirus() {
        Findings findings = new Findings();
        ContentSink sink = new EicarInspector().inspect(MessagePart.builder().build(), findings);
        byte[] content = with(EICAR, "\r\n");
        for (byte b : content) {
            assertThat(sink.accept(new byte[] {b}, 0, 1)).isTrue();
        }
        sink.end(true);
        assertThat(findings.verdict().name()).contains("EICAR-Test-File");
        assertThat(findings.verdict().hit("EICAR_TEST_FILE").orElseThrow().evidence()).isEqualTo("message body (text/plain)");
    }

    @Test
    void aSinkDeclinesAsSoonAsThePartCannotBeTheTestFile() {
        Findings findings = new Findings();
        ContentSink sink = new EicarInspector().inspect(MessagePart.builder().build(), findings);
        assertThat(sink.accept("X5O!Q".getBytes(StandardCharsets.US_ASCII), 0, 5)).isFalse();
        sink.end(true);
        assertThat(findings.verdict().isClean()).isTrue();

        ContentSink tooLong = new EicarInspector().inspect(MessagePart.builder().build(), findings);
        assertThat(tooLong.accept(with(EICAR, " ".repeat(70)), 0, 138)).isFalse();
        tooLong.end(true);
        assertThat(findings.hasVirus()).isFalse();
    }

    @Test
    void aSinkCutShortByALimitConcludesNothing() {
        Findings findings = new Findings();
        ContentSink sink = new EicarInspector().inspect(MessagePart.builder().build(), findings);
        sink.accept(EICAR, 0, EICAR.length);
        sink.end(false);
        assertThat(findings.hasVirus()).isFalse();
    }

    @Test
    void theWeightComesFromTheRule() {
        Findings findings = new Findings();
        ContentSink sink = new EicarInspector(EicarInspector.RULE.withScore(42)).inspect(MessagePart.builder().build(), findings);
        sink.accept(EICAR, 0, EICAR.length);
        sink.end(true);
        assertThat(findings.verdict().score()).isEqualTo(42);
    }

    private static byte[] with(byte[] head, String tail) {
        byte[] tailBytes = tail.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = java.util.Arrays.copyOf(head, head.length + tailBytes.length);
        System.arraycopy(tailBytes, 0, out, head.length, tailBytes.length);
        return out;
    }
}
