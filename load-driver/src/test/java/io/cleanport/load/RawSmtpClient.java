package io.cleanport.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Byte-level SMTP client for tests: writes exactly what it is given and reads reply lines. */
final class RawSmtpClient implements AutoCloseable {

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawSmtpClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    RawSmtpClient write(String s) throws IOException {
        return write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawSmtpClient write(byte[] b) throws IOException {
        out.write(b);
        out.flush();
        return this;
    }

    /** One reply line without CRLF, or null at EOF. */
    String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    /** A complete (possibly multi-line) reply, its lines in order. */
    List<String> reply() throws IOException {
        List<String> lines = new ArrayList<>();
        String l;
        do {
            l = line();
            if (l == null) {
                throw new IOException("EOF after " + lines);
            }
            lines.add(l);
        } while (l.length() > 3 && l.charAt(3) == '-');
        return lines;
    }

    /** The last line of the next reply. */
    String last() throws IOException {
        List<String> r = reply();
        return r.get(r.size() - 1);
    }

    /** Sends a command and returns the last line of its reply. */
    String cmd(String command) throws IOException {
        write(command + "\r\n");
        return last();
    }

    /** Greeting + EHLO. */
    RawSmtpClient hello() throws IOException {
        String greeting = last();
        if (!greeting.startsWith("220")) {
            throw new IOException("greeting " + greeting);
        }
        String ehlo = cmd("EHLO client.test");
        if (!ehlo.startsWith("250")) {
            throw new IOException("EHLO " + ehlo);
        }
        return this;
    }

    /** A whole transaction with the message dot-stuffed by the client; returns the final reply line. */
    String send(String from, List<String> rcpts, byte[] message) throws IOException {
        String r = cmd("MAIL FROM:<" + from + ">");
        if (!r.startsWith("250")) {
            return r;
        }
        for (String rcpt : rcpts) {
            cmd("RCPT TO:<" + rcpt + ">");
        }
        r = cmd("DATA");
        if (!r.startsWith("354")) {
            return r;
        }
        write(MessageFactory.dotStuff(message));
        write(".\r\n");
        return last();
    }

    /** Reads until EOF (or a reset), returning what was read. */
    String drain() {
        StringBuilder sb = new StringBuilder();
        try {
            String l;
            while ((l = line()) != null) {
                sb.append(l).append('\n');
            }
        } catch (IOException e) {
            // reset counts as closed
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
