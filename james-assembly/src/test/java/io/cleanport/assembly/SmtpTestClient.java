package io.cleanport.assembly;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A plain SMTP client over a socket, for tests that need to see every reply exactly as an MTA would.
 */
final class SmtpTestClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private SmtpTestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        this.out = socket.getOutputStream();
    }

    static SmtpTestClient connect(int port) throws IOException {
        return connect(port, "127.0.0.1");
    }

    /** Connects from {@code localAddress}, another loopback address (127.0.0.2) standing for another client network. */
    static SmtpTestClient connect(int port, String localAddress) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(60_000);
        SmtpTestClient client = new SmtpTestClient(socket);
        client.reply();
        return client;
    }

    /** Sends one command line and returns the complete (possibly multi-line) reply. */
    String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return reply();
    }

    String ehlo() throws IOException {
        return command("EHLO client.test");
    }

    /** DATA with the given message (CRLF line ends expected), dot-stuffed; returns the final reply. */
    String data(byte[] message) throws IOException {
        String go = command("DATA");
        if (!go.startsWith("354")) {
            return go;
        }
        out.write(dotStuff(message));
        out.write(".\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return reply();
    }

    /** One complete transaction; returns the reply to the end of DATA (or the first refusal). */
    String send(String from, String to, byte[] message) throws IOException {
        String mail = command("MAIL FROM:<" + from + ">");
        if (!mail.startsWith("250")) {
            return mail;
        }
        String rcpt = command("RCPT TO:<" + to + ">");
        if (!rcpt.startsWith("250")) {
            command("RSET");
            return rcpt;
        }
        return data(message);
    }

    private static byte[] dotStuff(byte[] message) {
        java.io.ByteArrayOutputStream stuffed = new java.io.ByteArrayOutputStream(message.length + 64);
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                stuffed.write('.');
            }
            stuffed.write(b);
            lineStart = b == '\n';
        }
        if (!lineStart) {
            stuffed.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        return stuffed.toByteArray();
    }

    private String reply() throws IOException {
        StringBuilder reply = new StringBuilder();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed by the server; reply so far: " + reply);
            }
            reply.append(line).append('\n');
            if (line.length() < 4 || line.charAt(3) != '-') {
                return reply.toString();
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (!socket.isClosed()) {
                command("QUIT");
            }
        } catch (IOException ignored) {
            // the server may already have closed the connection
        } finally {
            socket.close();
        }
    }
}
