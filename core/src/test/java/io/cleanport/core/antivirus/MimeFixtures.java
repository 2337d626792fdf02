package io.cleanport.core.antivirus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Raw messages with attachments, built in the tests (no real malware: harmless stand-ins with the right structure). */
final class MimeFixtures {
    private MimeFixtures() {
    }

    static Builder message(String subject, String text) {
        return new Builder(subject, text);
    }

    static final class Builder {
        private final String subject;
        private final String text;
        private final List<String> parts = new ArrayList<>();

        private Builder(String subject, String text) {
            this.subject = subject;
            this.text = text;
        }

        Builder attach(String name, String type, byte[] content) {
            parts.add("Content-Type: " + type + "; name=\"" + name + "\"\r\n"
                + "Content-Disposition: attachment; filename=\"" + name + "\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(content) + "\r\n");
            return this;
        }

        /** A part given whole: its header fields, a blank line, its body. */
        Builder part(String raw) {
            parts.add(raw.replace("\r\n", "\n").replace("\n", "\r\n"));
            return this;
        }

        byte[] bytes() {
            StringBuilder message = new StringBuilder()
                .append("From: sender@senders.test\r\nTo: alice@example.test\r\nSubject: ").append(subject).append("\r\n")
                .append("Date: Tue, 1 Dec 2026 08:00:00 +0000\r\nMessage-ID: <fixture@senders.test>\r\nMIME-Version: 1.0\r\n");
            if (parts.isEmpty()) {
                message.append("Content-Type: text/plain; charset=UTF-8\r\n\r\n").append(text).append("\r\n");
            } else {
                message.append("Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n")
                    .append("Content-Type: text/plain; charset=UTF-8\r\n\r\n").append(text).append("\r\n");
                for (String part : parts) {
                    message.append("--b1\r\n").append(part);
                }
                message.append("--b1--\r\n");
            }
            return message.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
