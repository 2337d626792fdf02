package io.cleanport.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import io.cleanport.core.policy.Downstream;

/**
 * An SMTP server on a free port of 127.0.0.1 that answers by a script set up by the test: its greeting,
 * whether it knows EHLO, the extensions it announces, how it treats STARTTLS and recipients, or whether it
 * stays silent. It records every command line it receives, across connections, and never takes a message:
 * DATA is refused. Connections are served concurrently; {@link #close()} stops the server and drops them.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
    private final Builder script;
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "scripted-smtp");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    private ScriptedSmtpServer(Builder script) throws IOException {
        this.script = script;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A server with every default: greets with 220, knows EHLO, no STARTTLS, relays for anyone. */
    public static ScriptedSmtpServer start() throws IOException {
        return builder().start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    /** This server as a downstream named by its address, {@code 127.0.0.1}. */
    public Downstream downstream() {
        return Downstream.of("127.0.0.1", port());
    }

    /** The command lines received so far, in order, from all connections. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** The command verbs received so far, upper-cased: {@code MAIL}, {@code RCPT}. */
    public List<String> verbs() {
        return commands.stream().map(ScriptedSmtpServer::verb).toList();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket client : clients) {
            client.close();
        }
        threads.shutdownNow();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                connections.incrementAndGet();
                clients.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            if (script.silent) {
                // hold the connection open, saying nothing, until the client or close() ends it
                while (client.getInputStream().read() >= 0) {
                    continue;
                }
                return;
            }
            Socket socket = client;
            BufferedReader in = reader(socket);
            OutputStream out = socket.getOutputStream();
            send(out, script.banner);
            boolean secure = false;
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                String argument = line.indexOf(':') > 0 ? line.substring(line.indexOf(':') + 1).strip() : "";
                switch (verb(line)) {
                    case "EHLO" -> send(out, script.ehlo ? ehloReply(secure) : "500 5.5.1 Command unrecognized");
                    case "HELO" -> send(out, "250 scripted.test");
                    case "STARTTLS" -> {
                        if (secure || script.tls == Tls.NONE) {
                            send(out, "502 5.5.1 STARTTLS not available");
                        } else if (script.tls == Tls.REFUSED) {
                            send(out, script.startTlsReply);
                        } else if (script.tls == Tls.BROKEN) {
                            send(out, "220 2.0.0 Ready to start TLS");
                            // answer the client's first handshake message, so that the text cannot arrive before it
                            socket.getInputStream().read();
                            send(out, "this is not a TLS handshake");
                            return;
                        } else if (script.tls == Tls.INJECTING) {
                            // in one write, as an attacker's injected reply arrives in the same packet
                            send(out, "220 2.0.0 Ready to start TLS\r\n250 2.0.0 injected before the handshake");
                            return;
                        } else {
                            send(out, "220 2.0.0 Ready to start TLS");
                            SSLSocket tls = (SSLSocket) script.tlsContext.getSocketFactory()
                                .createSocket(socket, null, socket.getPort(), true);
                            tls.setUseClientMode(false);
                            tls.startHandshake();
                            socket = tls;
                            in = reader(tls);
                            out = tls.getOutputStream();
                            secure = true;
                        }
                    }
                    case "MAIL" -> send(out, script.mailReply);
                    case "RCPT" -> send(out, rcptReply(argument));
                    case "DATA" -> send(out, "554 5.5.1 This test server takes no message");
                    case "RSET" -> send(out, "250 2.0.0 Reset");
                    case "NOOP" -> send(out, "250 2.0.0 Ok");
                    case "QUIT" -> {
                        send(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> send(out, "500 5.5.2 Command unrecognized");
                }
            }
        } catch (IOException e) {
            // the client went away, or the server is closing
        } finally {
            clients.remove(client);
        }
    }

    private String ehloReply(boolean secure) {
        List<String> lines = new ArrayList<>();
        lines.add("scripted.test greets you");
        lines.addAll(script.extensions);
        if (script.tls != Tls.NONE && !secure) {
            lines.add("STARTTLS");
        }
        StringBuilder reply = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            reply.append(i == 0 ? "" : "\r\n").append("250").append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i));
        }
        return reply.toString();
    }

    private String rcptReply(String argument) {
        if (script.rcptReply != null) {
            return script.rcptReply;
        }
        String address = argument.replace("<", "").replace(">", "").toLowerCase(Locale.ROOT);
        if (script.localDomain == null || address.endsWith("@" + script.localDomain)) {
            return "250 2.1.5 Ok";
        }
        return "550 5.7.1 Relaying denied";
    }

    private static String verb(String line) {
        int space = line.indexOf(' ');
        return (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private enum Tls { NONE, REAL, REFUSED, BROKEN, INJECTING }

    /** The script; every setting is optional. */
    public static final class Builder {
        private String banner = "220 scripted.test ESMTP test";
        private boolean ehlo = true;
        private List<String> extensions = List.of("PIPELINING", "SIZE 10240000", "8BITMIME");
        private Tls tls = Tls.NONE;
        private SSLContext tlsContext;
        private String startTlsReply;
        private String localDomain;
        private String mailReply = "250 2.1.0 Ok";
        private String rcptReply;
        private boolean silent;

        private Builder() {
        }

        /** The greeting as sent, without the final line break; a multi-line greeting separates lines with CRLF. */
        public Builder banner(String value) {
            banner = Objects.requireNonNull(value);
            return this;
        }

        /** Answers EHLO with 500, as a server without ESMTP does; HELO still works. */
        public Builder withoutEhlo() {
            ehlo = false;
            return this;
        }

        /** The extensions EHLO announces, besides STARTTLS (which follows the TLS settings). */
        public Builder extensions(String... values) {
            extensions = List.of(values);
            return this;
        }

        /** Announces STARTTLS and upgrades with this context (see {@link TestCertificates#serverContext(String)}). */
        public Builder startTls(SSLContext context) {
            tls = Tls.REAL;
            tlsContext = Objects.requireNonNull(context);
            return this;
        }

        /** Announces STARTTLS but answers it with {@code reply}, such as {@code 454 4.7.0 TLS not available}. */
        public Builder refuseStartTls(String reply) {
            tls = Tls.REFUSED;
            startTlsReply = Objects.requireNonNull(reply);
            return this;
        }

        /** Announces STARTTLS, answers it with 220, then sends a line of text instead of a handshake and hangs up. */
        public Builder breakTlsHandshake() {
            tls = Tls.BROKEN;
            return this;
        }

        /** Announces STARTTLS and answers it with 220 followed, before any handshake, by a second reply. */
        public Builder injectAfterStartTls() {
            tls = Tls.INJECTING;
            return this;
        }

        /** Accepts recipients in {@code domain} only and refuses others with {@code 550 5.7.1}; by default it accepts all. */
        public Builder relayOnlyFor(String domain) {
            localDomain = domain.toLowerCase(Locale.ROOT);
            return this;
        }

        /** Answers every MAIL FROM with {@code reply}. */
        public Builder mailReply(String reply) {
            mailReply = Objects.requireNonNull(reply);
            return this;
        }

        /** Answers every RCPT TO with {@code reply}, whatever the domain. */
        public Builder rcptReply(String reply) {
            rcptReply = Objects.requireNonNull(reply);
            return this;
        }

        /** Accepts connections but never sends a greeting nor answers anything. */
        public Builder silent() {
            silent = true;
            return this;
        }

        public ScriptedSmtpServer start() throws IOException {
            return new ScriptedSmtpServer(this);
        }
    }
}
