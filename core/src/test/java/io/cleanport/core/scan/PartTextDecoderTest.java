package io.cleanport.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/** A text part's bytes decoded as they stream by. */
class PartTextDecoderTest {
    private static void writeByteByByte(PartTextDecoder decoder, byte[] bytes) {
        for (byte b : bytes) {
            decoder.write(new byte[] {b}, 0, 1);
        }
        decoder.end();
    }

    @Test
    void aCharacterCutAcrossChunksIsKept() {
        StringBuilder out = new StringBuilder();
        AtomicInteger notUtf8 = new AtomicInteger();
        writeByteByByte(PartTextDecoder.utf8(StandardCharsets.ISO_8859_1, notUtf8::incrementAndGet, out::append),
            "Café \uD83D\uDE00".getBytes(StandardCharsets.UTF_8));

        assertThat(out).hasToString("Café \uD83D\uDE00");
        assertThat(notUtf8).hasValue(0);
    }

    @Test
    void bytesThatAreNotUtf8AreReadInTheFallbackFromThereOn() {
        StringBuilder out = new StringBuilder();
        AtomicInteger notUtf8 = new AtomicInteger();
        PartTextDecoder decoder = PartTextDecoder.utf8(StandardCharsets.ISO_8859_1, notUtf8::incrementAndGet, out::append);
        byte[] bytes = "caf\u00E9 \u00E9t\u00E9".getBytes(StandardCharsets.ISO_8859_1);
        decoder.write(bytes, 0, bytes.length);
        decoder.end();

        assertThat(out).hasToString("caf\u00E9 \u00E9t\u00E9");
        assertThat(notUtf8).hasValue(1);
    }

    @Test
    void aDeclaredCharsetReplacesWhatItCannotRead() {
        StringBuilder out = new StringBuilder();
        writeByteByByte(PartTextDecoder.of(StandardCharsets.UTF_8, out::append), new byte[] {'a', (byte) 0xFF, 'b', (byte) 0xC3});

        assertThat(out).hasToString("a\uFFFDb\uFFFD");
    }

    @Test
    void plainTextLineEndsBecomeNewlines() {
        MessageText text = new MessageText(100);
        Consumer<CharSequence> plain = PartTextDecoder.plainText(text);
        plain.accept("a\r\nb\r");
        plain.accept("\nc\rd\n\ne");

        assertThat(text).hasToString("a\nb\nc\nd\n\ne");
    }
}
