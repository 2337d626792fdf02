package io.cleanport.core.scan;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Decodes the content of a text part in its charset as the walk hands it over, chunk by chunk (the
 * transfer encoding is already undone): a character cut across chunks is kept until its last byte arrives.
 * The characters go on in pieces of at most 8192; a piece is valid only during the call.
 *
 * <p>Where the charset is undeclared or says little (us-ascii, often 8-bit all the same), {@link #utf8}
 * reads strict UTF-8 while the bytes are UTF-8 and a fallback charset from the first byte that is not.
 * One instance per part.
 */
public final class PartTextDecoder {
    private static final int DECODED_CHARS = 8192;

    private final CharBuffer decoded = CharBuffer.allocate(DECODED_CHARS);
    private final Consumer<CharSequence> out;
    private final Charset fallback;
    private final Runnable notUtf8;
    private CharsetDecoder decoder;
    private byte[] pending = new byte[0];

    private PartTextDecoder(CharsetDecoder decoder, Charset fallback, Runnable notUtf8, Consumer<CharSequence> out) {
        this.decoder = decoder;
        this.fallback = fallback;
        this.notUtf8 = notUtf8;
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Strict UTF-8 while the bytes are UTF-8; from the first byte that is not, {@code fallback}, with malformed
     * and unmappable input replaced.
     *
     * @param notUtf8 called once, when the bytes prove not to be UTF-8
     */
    public static PartTextDecoder utf8(Charset fallback, Runnable notUtf8, Consumer<CharSequence> out) {
        return new PartTextDecoder(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT), Objects.requireNonNull(fallback, "fallback"),
            Objects.requireNonNull(notUtf8, "notUtf8"), out);
    }

    /** {@code charset}, with malformed and unmappable input replaced. */
    public static PartTextDecoder of(Charset charset, Consumer<CharSequence> out) {
        return new PartTextDecoder(lenient(charset), null, null, out);
    }

    /**
     * Where plain text goes into {@code text}: its line ends (CRLF, CR, LF), whatever the sender's convention,
     * become {@code \n}. One per part.
     */
    public static Consumer<CharSequence> plainText(MessageText text) {
        Objects.requireNonNull(text, "text");
        return new Consumer<>() {
            private boolean afterCarriageReturn;

            @Override
            public void accept(CharSequence chars) {
                for (int i = 0; i < chars.length(); i++) {
                    char c = chars.charAt(i);
                    if (c == '\n' && afterCarriageReturn) {
                        afterCarriageReturn = false;
                        continue;
                    }
                    afterCarriageReturn = c == '\r';
                    text.append(afterCarriageReturn ? '\n' : c);
                }
            }
        };
    }

    /** The next bytes of the part. */
    public void write(byte[] chunk, int offset, int length) {
        ByteBuffer input;
        if (pending.length == 0) {
            input = ByteBuffer.wrap(chunk, offset, length);
        } else {
            byte[] joined = Arrays.copyOf(pending, pending.length + length);
            System.arraycopy(chunk, offset, joined, pending.length, length);
            input = ByteBuffer.wrap(joined);
        }
        decode(input, false);
        pending = new byte[input.remaining()];
        input.get(pending);
    }

    /** The end of the part: a character cut short is decoded as malformed. */
    public void end() {
        decode(ByteBuffer.wrap(pending), true);
        pending = new byte[0];
        decoder.flush(decoded);
        emit();
    }

    private void decode(ByteBuffer input, boolean last) {
        while (true) {
            CoderResult result = decoder.decode(input, decoded, last);
            emit();
            if (result.isError()) {
                // only the strict UTF-8 decoder reports: the text is in some 8-bit charset after all
                notUtf8.run();
                decoder = lenient(fallback);
            } else if (result.isUnderflow()) {
                return;
            }
        }
    }

    private void emit() {
        decoded.flip();
        out.accept(decoded);
        decoded.clear();
    }

    private static CharsetDecoder lenient(Charset charset) {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }
}
