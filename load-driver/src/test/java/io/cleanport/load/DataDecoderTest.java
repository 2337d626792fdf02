package io.cleanport.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DataDecoderTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void unstuffsAndStopsAtTerminatorForEverySplitPosition() {
        String wire = "Subject: x\r\n\r\n..leading dot\r\n...\r\n..\r\nplain\r\n.\r\nNEXT COMMAND\r\n";
        byte[] expected = bytes("Subject: x\r\n\r\n.leading dot\r\n..\r\n.\r\nplain\r\n");
        byte[] data = bytes(wire);
        int terminatorEnd = wire.indexOf("NEXT");
        for (int split1 = 0; split1 <= data.length; split1++) {
            for (int split2 = split1; split2 <= data.length; split2 += 3) {
                DataDecoder d = new DataDecoder(1 << 20, 16);
                int consumed = 0;
                int[] bounds = {split1, split2, data.length};
                int from = 0;
                for (int bound : bounds) {
                    if (d.isComplete()) {
                        break;
                    }
                    consumed += d.feed(data, from, bound - from);
                    from = bound;
                }
                assertThat(d.isComplete()).as("split %d/%d", split1, split2).isTrue();
                assertThat(consumed).as("split %d/%d", split1, split2).isEqualTo(terminatorEnd);
                assertThat(d.toByteArray()).as("split %d/%d", split1, split2).isEqualTo(expected);
            }
        }
    }

    @Test
    void byteAtATime() {
        byte[] data = bytes("a\r\n.b\r\n\r\n.\r\n");
        DataDecoder d = new DataDecoder(1024);
        int i = 0;
        while (!d.isComplete()) {
            i += d.feed(data, i, 1);
        }
        assertThat(i).isEqualTo(data.length);
        assertThat(d.toByteArray()).isEqualTo(bytes("a\r\nb\r\n\r\n"));
    }

    @Test
    void emptyMessage() {
        DataDecoder d = new DataDecoder(1024);
        assertThat(d.feed(bytes(".\r\nQUIT\r\n"), 0, 9)).isEqualTo(3);
        assertThat(d.isComplete()).isTrue();
        assertThat(d.toByteArray()).isEmpty();
    }

    @Test
    void bareLineFeedsAndCarriageReturnsAreData() {
        // "<LF>.<LF>", "<LF>.<CRLF>" and "<CR>.<CR>" must not end the message (no SMTP smuggling)
        String content = "a\n.\nb\n.\r\nc\r.\rd\r\r\n.x\r.\r\n";
        DataDecoder d = new DataDecoder(1024);
        byte[] wire = bytes(content + ".\r\n");
        assertThat(d.feed(wire, 0, wire.length)).isEqualTo(wire.length);
        assertThat(d.isComplete()).isTrue();
        // only the dot at the start of the CRLF-delimited line ".x\r.\r\n" is removed
        assertThat(new String(d.toByteArray(), StandardCharsets.ISO_8859_1))
                .isEqualTo("a\n.\nb\n.\r\nc\r.\rd\r\r\nx\r.\r\n");
    }

    @Test
    void dotCrFollowedByDataIsUnstuffed() {
        DataDecoder d = new DataDecoder(1024);
        byte[] wire = bytes(".\rX\r\n.\r\r\n.\r\n");
        d.feed(wire, 0, wire.length);
        assertThat(d.isComplete()).isTrue();
        assertThat(d.toByteArray()).isEqualTo(bytes("\rX\r\n\r\r\n"));
    }

    @Test
    void eightBitAndLongLinesPass() {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        for (int i = 0; i < 100_000; i++) {
            m.write(0x80 + (i % 0x70));
        }
        m.writeBytes(bytes("\r\n"));
        byte[] msg = m.toByteArray();
        DataDecoder d = new DataDecoder(1 << 20, 16);
        byte[] wire = new byte[msg.length + 3];
        System.arraycopy(msg, 0, wire, 0, msg.length);
        System.arraycopy(bytes(".\r\n"), 0, wire, msg.length, 3);
        d.feed(wire, 0, wire.length);
        assertThat(d.isComplete()).isTrue();
        assertThat(d.toByteArray()).isEqualTo(msg);
    }

    @Test
    void overflowKeepsReadingToTheTerminator() {
        DataDecoder d = new DataDecoder(10);
        byte[] wire = bytes("0123456789abcdef\r\n..x\r\n.\r\n");
        assertThat(d.feed(wire, 0, wire.length)).isEqualTo(wire.length);
        assertThat(d.isComplete()).isTrue();
        assertThat(d.overflowed()).isTrue();
        assertThat(d.decodedSize()).isEqualTo(16 + 2 + 2 + 2);
        d.reset();
        byte[] small = bytes("ok\r\n.\r\n");
        d.feed(small, 0, small.length);
        assertThat(d.overflowed()).isFalse();
        assertThat(d.toByteArray()).isEqualTo(bytes("ok\r\n"));
    }
}
