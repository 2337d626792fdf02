package io.cleanport.core.scan;

import java.util.Base64;
import java.util.Objects;

import io.cleanport.core.verdict.Rule;

/**
 * Finds the EICAR anti-virus test file, in the message body or in any part, whatever its transfer
 * encoding, inside nested multiparts and attached messages: a virus named {@value #VIRUS_NAME}.
 *
 * <p>Detection follows the EICAR specification rather than a substring search: a part is the test file
 * when its decoded content starts with the 68-byte test string, followed only by whitespace (space, tab,
 * CR, LF, Ctrl-Z), {@value #MAX_FILE_BYTES} bytes in all at most. This is what anti-virus engines
 * detect; a substring search would also flag a message that quotes the string in a longer text (a
 * security bulletin, this class's own source), and a message that merely mentions EICAR is not a virus.
 * No more than the first 129 bytes of a part are needed to decide.
 */
public final class EicarInspector implements PartInspector {
    public static final String VIRUS_NAME = "EICAR-Test-File";
    public static final Rule RULE = Rule.of("EICAR_TEST_FILE", 100, "the EICAR anti-virus test file");
    /** The largest test file the specification allows: the string and trailing whitespace. */
    public static final int MAX_FILE_BYTES = 128;

    /*
     * The test string is kept encoded so that this source file and the compiled class do not themselves
     * start with it: desktop anti-virus on a developer's machine would quarantine them.
     */
    private static final byte[] SIGNATURE = Base64.getDecoder().decode(
        "WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo=");

    private final Rule rule;

    public EicarInspector() {
        this(RULE);
    }

    /** With the rule's weight replaced by configuration. */
    public EicarInspector(Rule rule) {
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    /** The 68-byte test string (a copy). */
    public static byte[] testString() {
        return SIGNATURE.clone();
    }

    /** Whether {@code content} as a whole is the EICAR test file. */
    public static boolean isTestFile(byte[] content) {
        Objects.requireNonNull(content, "content");
        if (content.length < SIGNATURE.length || content.length > MAX_FILE_BYTES) {
            return false;
        }
        for (int i = 0; i < content.length; i++) {
            if (!fits(content[i], i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public ContentSink inspect(MessagePart part, Findings findings) {
        return new Sink(part, findings);
    }

    /** Whether {@code b} may stand at {@code position} of a test file. */
    private static boolean fits(byte b, int position) {
        if (position < SIGNATURE.length) {
            return b == SIGNATURE[position];
        }
        return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0x1a;
    }

    /** Reads a part until it can no longer be the test file. */
    private final class Sink implements ContentSink {
        private final MessagePart part;
        private final Findings findings;
        private int length;
        private boolean impossible;

        Sink(MessagePart part, Findings findings) {
            this.part = part;
            this.findings = findings;
        }

        @Override
        public boolean accept(byte[] chunk, int offset, int count) {
            for (int i = 0; i < count; i++) {
                if (length >= MAX_FILE_BYTES || !fits(chunk[offset + i], length)) {
                    impossible = true;
                    return false;
                }
                length++;
            }
            return true;
        }

        @Override
        public void end(boolean complete) {
            if (complete && !impossible && length >= SIGNATURE.length) {
                findings.virus(VIRUS_NAME, rule.hit(part.describe()));
            }
        }
    }
}
