package io.cleanport.load;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

/**
 * Builds the load messages: a per-message header block (From, To, Subject, Date, Message-ID, MIME headers
 * and {@code X-Load-Id}) and one shared text/plain body of printable ASCII lines of at most 76 characters,
 * sized so that the whole message comes close to the requested size. The body is generated once and kept
 * already dot-stuffed for transmission.
 */
final class MessageFactory {

    static final String LOAD_ID_HEADER = "X-Load-Id";
    static final int MAX_LINE = 76;

    private static final String[] WORDS = {
        "the", "invoice", "for", "march", "is", "attached", "please", "review", "and", "confirm", "by",
        "friday", "our", "team", "will", "ship", "order", "after", "payment", "has", "been", "received",
        "meeting", "agenda", "includes", "budget", "planning", "quarterly", "results", "customer", "feedback",
        "regarding", "delivery", "schedule", "we", "would", "like", "to", "thank", "you", "again", "with",
        "best", "regards", "from", "office", "support", "ticket", "update", "status", "pending", "approval",
        "report", "summary", "project", "timeline", "next", "steps", "contract", "renewal", "question",
        "about", "account", "balance", "reminder", "that", "this", "week", "travel", "booking", "hotel",
        "conference", "call", "notes", "minutes", "draft", "version", "final", "signed", "copy", "warehouse",
        "inventory", "count", "shipment", "tracking", "number", "price", "list", "discount", "offer",
    };

    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final String runId;
    private final String from;
    private final List<String> recipients;
    private final String toHeader;
    private final String date;
    private final byte[] body;
    private final byte[] stuffedBody;

    MessageFactory(String runId, int targetSize, String from, List<String> recipients, long seed) {
        this.runId = runId;
        this.from = from;
        this.recipients = recipients;
        this.toHeader = String.join(", ", recipients);
        this.date = DATE.format(ZonedDateTime.now());
        int headerEstimate = header(999_999).length;
        this.body = body(Math.max(0, targetSize - headerEstimate), new Random(seed));
        this.stuffedBody = dotStuff(body);
    }

    /** The X-Load-Id value of message n. */
    String loadId(int n) {
        return runId + "-" + n;
    }

    /** Header block of message n, including the empty line that ends it. */
    byte[] header(int n) {
        String id = loadId(n);
        StringBuilder sb = new StringBuilder(400);
        sb.append("From: Load Driver <").append(from).append(">\r\n");
        sb.append("To: ").append(toHeader).append("\r\n");
        sb.append("Subject: Load test message ").append(n).append(" of run ").append(runId).append("\r\n");
        sb.append("Date: ").append(date).append("\r\n");
        sb.append("Message-ID: <").append(id).append("@load-driver.test>\r\n");
        sb.append("MIME-Version: 1.0\r\n");
        sb.append("Content-Type: text/plain; charset=us-ascii\r\n");
        sb.append("Content-Transfer-Encoding: 7bit\r\n");
        sb.append(LOAD_ID_HEADER).append(": ").append(id).append("\r\n");
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The body as it goes on the wire (dot-stuffed; ends with CRLF). */
    byte[] stuffedBody() {
        return stuffedBody;
    }

    /** Size of the body before dot-stuffing. */
    int bodySize() {
        return body.length;
    }

    /** The full message n as the downstream should receive it (no dot-stuffing). */
    byte[] message(int n) {
        byte[] h = header(n);
        byte[] b = body;
        byte[] m = new byte[h.length + b.length];
        System.arraycopy(h, 0, m, 0, h.length);
        System.arraycopy(b, 0, m, h.length, b.length);
        return m;
    }

    List<String> recipients() {
        return recipients;
    }

    String from() {
        return from;
    }

    /** Printable text of about {@code size} bytes: sentences in lines of at most 76 chars, CRLF-terminated. */
    static byte[] body(int size, Random random) {
        StringBuilder sb = new StringBuilder(size + 100);
        StringBuilder line = new StringBuilder(MAX_LINE);
        int sentenceWords = 0;
        boolean capital = true;
        int linesInParagraph = 0;
        while (sb.length() + line.length() + 2 < size) {
            String w = WORDS[random.nextInt(WORDS.length)];
            if (capital) {
                w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
                capital = false;
            }
            sentenceWords++;
            if (sentenceWords > 6 && random.nextInt(6) == 0) {
                w = w + (random.nextInt(5) == 0 ? "," : ".");
                if (w.endsWith(".")) {
                    sentenceWords = 0;
                    capital = true;
                }
            }
            int needed = line.length() == 0 ? w.length() : line.length() + 1 + w.length();
            if (needed > MAX_LINE) {
                sb.append(line).append("\r\n");
                line.setLength(0);
                linesInParagraph++;
                if (linesInParagraph >= 5 && capital && random.nextInt(2) == 0) {
                    sb.append("\r\n");
                    linesInParagraph = 0;
                }
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(w);
        }
        if (line.length() > 0) {
            sb.append(line).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Doubles a dot at the start of every CRLF-delimited line (RFC 5321 4.5.2). */
    static byte[] dotStuff(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 16);
        boolean bol = true;
        byte prev = 0;
        for (byte b : data) {
            if (bol && b == '.') {
                out.write('.');
            }
            out.write(b);
            bol = b == '\n' && prev == '\r';
            prev = b;
        }
        return out.toByteArray();
    }
}
