package io.cleanport.core.scan;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Builds the messages of the scan tests, in wire form (CRLF line ends). */
final class TestMessages {
    private TestMessages() {
    }

    /** The EICAR test string, as text. */
    static String eicar() {
        return new String(EicarInspector.testString(), StandardCharsets.US_ASCII);
    }

    /** {@code text} with LF line ends turned into CRLF and {@code @EICAR@} replaced by the test string. */
    static String wire(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").replace("@EICAR@", eicar());
    }

    /** Base64 in lines of 76 characters, as mail programs write it. */
    static String base64(byte[] content) {
        return Base64.getMimeEncoder().encodeToString(content);
    }

    static String base64(String content) {
        return base64(content.getBytes(StandardCharsets.ISO_8859_1));
    }

    static InputStream stream(String message) {
        return new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A message whose body is {@code body}, with a few ordinary header fields. */
    static String simple(String contentHeaders, String body) {
        return wire("""
            From: alice@example.org
            To: bob@example.com
            Subject: test
            Message-ID: <1@example.org>
            MIME-Version: 1.0
            """ + contentHeaders + "\n" + body);
    }
}
