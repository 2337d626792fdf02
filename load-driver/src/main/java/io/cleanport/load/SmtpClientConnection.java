package io.cleanport.load;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** A minimal SMTP client connection used by the load driver: EHLO once, then many transactions. */
final class SmtpClientConnection implements Closeable {

    /** An SMTP reply: its code and its lines joined by '\n'. */
    record Reply(int code, String text) {
        boolean positive() {
            return code >= 200 && code < 300;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * Outcome of one transaction.
     *
     * @param accepted   true when the end of DATA was answered 250 and every recipient was accepted
     * @param reason     why not, e.g. "RCPT 451" (null when accepted)
     * @param reply      the reply that decided the outcome
     * @param replyNanos System.nanoTime() right after the deciding reply was read
     * @param broken     the server is closing the connection (421) and it must not be reused
     */
    record Outcome(boolean accepted, String reason, Reply reply, long replyNanos, boolean broken) {
    }

    /** Thrown when the greeting or EHLO/HELO is refused. */
    static final class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;
        final transient Reply reply;

        RefusedException(String stage, Reply reply) {
            super(stage + " refused: " + reply.text());
            this.reply = reply;
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] END_OF_DATA = {'.', '\r', '\n'};

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private final StringBuilder lineBuf = new StringBuilder(128);
    private boolean pipelining;

    private SmtpClientConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    /** Connects, reads the greeting and says EHLO (HELO when EHLO is refused). */
    static SmtpClientConnection open(InetSocketAddress target, Duration connectTimeout, Duration ioTimeout,
                                     String ehloName, boolean usePipelining) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(target, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, ioTimeout.toMillis()));
            SmtpClientConnection c = new SmtpClientConnection(socket);
            Reply greeting = c.readReply();
            if (greeting.code() != 220) {
                throw new RefusedException("greeting", greeting);
            }
            c.command("EHLO " + ehloName);
            c.out.flush();
            Reply ehlo = c.readReply();
            if (ehlo.code() == 250) {
                c.pipelining = usePipelining && ehlo.text().lines()
                        .anyMatch(l -> l.length() > 4 && l.substring(4).trim().equalsIgnoreCase("PIPELINING"));
            } else {
                c.command("HELO " + ehloName);
                c.out.flush();
                Reply helo = c.readReply();
                if (helo.code() != 250) {
                    throw new RefusedException("HELO", helo);
                }
            }
            return c;
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing
            }
            throw e;
        }
    }

    boolean pipelining() {
        return pipelining;
    }

    /**
     * Sends one message. {@code header} and {@code stuffedBody} together are the message as it goes on the
     * wire (already dot-stuffed, ending with CRLF). After a refusal the transaction is reset with RSET.
     */
    Outcome send(String from, List<String> recipients, byte[] header, byte[] stuffedBody) throws IOException {
        String failure = null;
        Reply failed = null;
        int okRcpts = 0;
        Reply data;
        if (pipelining) {
            command("MAIL FROM:<" + from + ">");
            for (String r : recipients) {
                command("RCPT TO:<" + r + ">");
            }
            command("DATA");
            out.flush();
            Reply mail = readReply();
            if (!mail.positive()) {
                failure = "MAIL " + mail.code();
                failed = mail;
            }
            for (int i = 0; i < recipients.size(); i++) {
                Reply rcpt = readReply();
                if (rcpt.positive()) {
                    okRcpts++;
                } else if (failure == null) {
                    failure = "RCPT " + rcpt.code();
                    failed = rcpt;
                }
            }
            data = readReply();
        } else {
            command("MAIL FROM:<" + from + ">");
            out.flush();
            Reply mail = readReply();
            if (!mail.positive()) {
                return refused("MAIL " + mail.code(), mail);
            }
            for (String r : recipients) {
                command("RCPT TO:<" + r + ">");
                out.flush();
                Reply rcpt = readReply();
                if (rcpt.positive()) {
                    okRcpts++;
                } else if (failure == null) {
                    failure = "RCPT " + rcpt.code();
                    failed = rcpt;
                }
            }
            if (okRcpts == 0) {
                return refused(failure, failed);
            }
            command("DATA");
            out.flush();
            data = readReply();
        }
        if (data.code() != 354) {
            if (failure == null) {
                failure = "DATA " + data.code();
                failed = data;
            }
            return refused(failure, failed);
        }
        out.write(header);
        out.write(stuffedBody);
        out.write(END_OF_DATA);
        out.flush();
        Reply done = readReply();
        long replyNanos = System.nanoTime();
        if (done.code() == 250 && failure == null) {
            return new Outcome(true, null, done, replyNanos, false);
        }
        if (failure == null) {
            failure = "end-of-data " + done.code();
            failed = done;
        } else {
            failure = failure + " (partial)";
        }
        Outcome o = refused(failure, failed);
        return new Outcome(false, o.reason(), o.reply(), replyNanos, o.broken() || done.code() == 421);
    }

    private Outcome refused(String reason, Reply reply) throws IOException {
        long now = System.nanoTime();
        if (reply.code() == 421) {
            return new Outcome(false, reason, reply, now, true);
        }
        command("RSET");
        out.flush();
        Reply rset = readReply();
        return new Outcome(false, reason, reply, now, rset.code() != 250);
    }

    /** Says QUIT and closes, ignoring errors. */
    void quit() {
        try {
            command("QUIT");
            out.flush();
            readReply();
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing
        }
    }

    private void command(String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
    }

    Reply readReply() throws IOException {
        StringBuilder text = null;
        while (true) {
            String line = readLine();
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                    || !Character.isDigit(line.charAt(2))
                    || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
                throw new IOException("malformed SMTP reply: " + line);
            }
            boolean more = line.length() > 3 && line.charAt(3) == '-';
            if (text == null) {
                if (!more) {
                    return new Reply(Integer.parseInt(line.substring(0, 3)), line);
                }
                text = new StringBuilder(line);
            } else {
                text.append('\n').append(line);
            }
            if (!more) {
                return new Reply(Integer.parseInt(line.substring(0, 3)), text.toString());
            }
        }
    }

    private String readLine() throws IOException {
        lineBuf.setLength(0);
        while (true) {
            if (pos == limit) {
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    throw new EOFException("connection closed by server");
                }
                pos = 0;
                limit = n;
            }
            byte b = buf[pos++];
            if (b == '\n') {
                int len = lineBuf.length();
                if (len > 0 && lineBuf.charAt(len - 1) == '\r') {
                    lineBuf.setLength(len - 1);
                }
                return lineBuf.toString();
            }
            if (lineBuf.length() > 64 * 1024) {
                throw new IOException("SMTP reply line too long");
            }
            lineBuf.append((char) (b & 0xff));
        }
    }
}
