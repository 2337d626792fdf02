package io.cleanport.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageFactoryTest {

    @Test
    void messagesAreRealisticTextOfAboutTheRequestedSize() {
        for (int size : new int[] {0, 500, 10 * 1024, 100_000}) {
            MessageFactory f = new MessageFactory("run1", size, "s@example.org", List.of("u@example.com"), 1);
            byte[] m = f.message(12);
            if (size >= 500) {
                assertThat(Math.abs(m.length - size)).as("size %d got %d", size, m.length).isLessThan(100);
            }
            String text = new String(m, StandardCharsets.US_ASCII);
            assertThat(text).startsWith("From: Load Driver <s@example.org>\r\nTo: u@example.com\r\nSubject: ")
                    .contains("\r\nDate: ", "\r\nMessage-ID: <run1-12@load-driver.test>\r\n",
                            "\r\nX-Load-Id: run1-12\r\n\r\n")
                    .endsWith("\r\n");
            ReceivedMail r = new ReceivedMail(1, "h", "s", List.of("u"), m.length, 0, java.time.Instant.now(), m,
                    DownstreamSmtpServer.Retention.FULL);
            assertThat(r.header("X-Load-Id")).isEqualTo("run1-12");
            String body = text.substring(text.indexOf("\r\n\r\n") + 4);
            assertThat(body.split("\r\n", -1)).allSatisfy(line -> {
                assertThat(line.length()).isLessThanOrEqualTo(76);
                assertThat(line.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
            });
        }
    }

    @Test
    void dotStuffing() {
        byte[] in = ".a\r\nb\r\n..\r\nc\n.d\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(new String(MessageFactory.dotStuff(in), StandardCharsets.US_ASCII))
                .isEqualTo("..a\r\nb\r\n...\r\nc\n.d\r\n");
    }

    @Test
    void bodyIsDeterministicPerSeed() {
        assertThat(MessageFactory.body(5000, new Random(3))).isEqualTo(MessageFactory.body(5000, new Random(3)));
    }
}
