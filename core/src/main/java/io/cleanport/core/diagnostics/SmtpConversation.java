package io.cleanport.core.diagnostics;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import com.google.common.net.InetAddresses;

/**
 * One diagnostic SMTP client conversation with a server, with the time and size bounds of
 * {@link SmtpProbeSettings}. It sends commands and reads replies; deciding what a reply means is the
 * caller's job. Every failure is a {@link SmtpConversationException} whose message says what happened.
 *
 * <p>Not thread-safe: one conversation is one sequence of commands.
 */
public final class SmtpConversation implements AutoCloseable {
    private static final String GREETING = "the server's greeting";

    private final SmtpProbeSettings settings;
    private final InetSocketAddress address;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean extended;
    private List<String> extensions = List.of();
    private TlsSession tls;

    private SmtpConversation(SmtpProbeSettings settings, InetSocketAddress address, Socket socket) throws IOException {
        this.settings = settings;
        this.address = address;
        use(socket);
    }

    /**
     * Opens a TCP connection; the server's greeting is left for {@link #greeting()}.
     *
     * @param address a resolved address and port
     * @throws SmtpConversationException saying why there is no connection (refused, timed out, no route)
     */
    public static SmtpConversation connect(InetSocketAddress address, SmtpProbeSettings settings) throws SmtpConversationException {
        Objects.requireNonNull(settings, "settings");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address: " + address + " is not resolved");
        }
        Socket socket = new Socket();
        try {
            socket.connect(address, (int) settings.connectTimeout().toMillis());
            return new SmtpConversation(settings, address, socket);
        } catch (IOException e) {
            closeQuietly(socket);
            String target = describe(address);
            if (e instanceof SocketTimeoutException) {
                throw new SmtpConversationException("no answer from " + target + ": timed out after "
                    + SmtpProbeSettings.words(settings.connectTimeout()) + " (a firewall may drop the gateway's packets)", e);
            }
            if (e instanceof NoRouteToHostException) {
                throw new SmtpConversationException("no route from the gateway to " + target + ": " + e.getMessage(), e);
            }
            if (e instanceof ConnectException && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("refused")) {
                throw new SmtpConversationException("connection refused by " + target
                    + ": nothing listens on that port, or a firewall rejects the gateway", e);
            }
            throw new SmtpConversationException("could not connect to " + target + ": " + e.getMessage(), e);
        }
    }

    /** An address as messages write it: {@code 192.0.2.1:25}, {@code [2001:db8::1]:25}. */
    private static String describe(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : InetAddresses.toAddrString(address.getAddress());
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Reads the server's greeting, the reply it sends before any command. */
    public SmtpReply greeting() throws SmtpConversationException {
        return read(GREETING);
    }

    /**
     * Sends one command and reads the reply.
     *
     * @param line the command without its line ending, such as {@code MAIL FROM:<a@example.com>}
     * @throws IllegalArgumentException when {@code line} holds a line break, which would smuggle in a second command
     */
    public SmtpReply command(String line) throws SmtpConversationException {
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("line: a command must not contain a line break");
        }
        String name = commandName(line);
        try {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new SmtpConversationException("the connection broke while the gateway sent " + name + ": " + e.getMessage(), e);
        }
        return read("the reply to " + name);
    }

    /**
     * Introduces the gateway with EHLO, or with HELO when the server refuses EHLO outright (5xx, as a server
     * without ESMTP does). Afterwards {@link #extensions()} lists what the EHLO reply announced.
     *
     * @return the positive reply
     * @throws SmtpConversationException when the server refuses the greeting too, or the conversation fails
     */
    public SmtpReply hello() throws SmtpConversationException {
        extended = false;
        extensions = List.of();
        SmtpReply ehlo = command("EHLO " + settings.heloName());
        if (ehlo.isPositive()) {
            extended = true;
            extensions = extensions(ehlo);
            return ehlo;
        }
        if (!ehlo.isPermanentNegative()) {
            throw new SmtpConversationException("the server refused EHLO: " + ehlo);
        }
        SmtpReply helo = command("HELO " + settings.heloName());
        if (!helo.isPositive()) {
            throw new SmtpConversationException("the server refused both EHLO (" + ehlo + ") and HELO (" + helo + ")");
        }
        return helo;
    }

    /** Whether the server accepted EHLO in the last {@link #hello()}; false after a fall-back to HELO. */
    public boolean isExtended() {
        return extended;
    }

    /**
     * The extensions of the last EHLO reply, one per line with the keyword upper-cased and its parameters
     * as sent, such as {@code SIZE 52428800} or {@code STARTTLS}; empty after HELO.
     */
    public List<String> extensions() {
        return extensions;
    }

    /** Whether the last EHLO reply announced {@code keyword}, compared without regard to case. */
    public boolean offers(String keyword) {
        String wanted = keyword.toUpperCase(Locale.ROOT);
        return extensions.stream().anyMatch(extension -> extension.equals(wanted) || extension.startsWith(wanted + " "));
    }

    /**
     * Sends STARTTLS, upgrades the connection to TLS and introduces the gateway again with EHLO, as RFC 3207
     * requires. Any certificate is accepted, since the point is to describe it: see {@link ServerCertificate}.
     * When the handshake succeeded but the EHLO after it failed, {@link #tls()} still describes the session.
     *
     * @param host the name the gateway knows the server by: sent for SNI and checked against the certificate
     * @throws SmtpConversationException when the server refuses STARTTLS, the handshake fails, or the server
     *                                   refuses EHLO over TLS
     */
    public TlsSession startTls(String host) throws SmtpConversationException {
        SmtpReply reply = command("STARTTLS");
        if (reply.code() != 220) {
            throw new SmtpConversationException("the server refused STARTTLS: " + reply);
        }
        SSLSocket secure;
        try {
            // anything read before the handshake did not come through TLS and must not be taken for a reply
            // that did (the command injection of CVE-2011-0411)
            if (in.available() > 0) {
                throw new SmtpConversationException("the server sent more than its reply to STARTTLS before the TLS handshake");
            }
            secure = (SSLSocket) acceptAnyCertificate().getSocketFactory()
                .createSocket(socket, address.getAddress().getHostAddress(), address.getPort(), true);
            secure.setUseClientMode(true);
            if (!InetAddresses.isInetAddress(host)) {
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(host)));
                secure.setSSLParameters(parameters);
            }
            secure.startHandshake();
        } catch (SmtpConversationException e) {
            close();
            throw e;
        } catch (SocketTimeoutException e) {
            close();
            throw new SmtpConversationException("timed out after " + SmtpProbeSettings.words(settings.readTimeout())
                + " during the TLS handshake", e);
        } catch (SSLException e) {
            close();
            throw new SmtpConversationException("the TLS handshake failed: " + e.getMessage(), e);
        } catch (IOException | IllegalArgumentException e) {
            close();
            throw new SmtpConversationException("the connection broke during the TLS handshake: " + e.getMessage(), e);
        }
        try {
            use(secure);
        } catch (IOException e) {
            close();
            throw new SmtpConversationException("the connection broke after the TLS handshake: " + e.getMessage(), e);
        }
        SSLSession session = secure.getSession();
        tls = new TlsSession(session.getProtocol(), session.getCipherSuite(), peerCertificate(session, host));
        try {
            hello();
        } catch (SmtpConversationException e) {
            throw new SmtpConversationException("after the TLS handshake, " + e.getMessage(), e);
        }
        return tls;
    }

    /** The TLS session, once {@link #startTls(String)} has completed a handshake. */
    public Optional<TlsSession> tls() {
        return Optional.ofNullable(tls);
    }

    /**
     * Ends the conversation politely with QUIT. A failure is ignored: the conversation is over either way,
     * and whether a server says goodbye tells nothing about how it takes mail.
     */
    public void quit() {
        if (socket.isClosed()) {
            return;
        }
        try {
            command("QUIT");
        } catch (SmtpConversationException e) {
            close();
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private void use(Socket next) throws IOException {
        next.setSoTimeout((int) settings.readTimeout().toMillis());
        socket = next;
        in = new BufferedInputStream(next.getInputStream());
        out = next.getOutputStream();
    }

    /** @param awaited what the gateway waits for, for messages: "the reply to EHLO" */
    private SmtpReply read(String awaited) throws SmtpConversationException {
        List<String> lines = new ArrayList<>();
        int code = 0;
        while (true) {
            if (lines.size() == settings.maxReplyLines()) {
                throw new SmtpConversationException(awaited + " has more than " + settings.maxReplyLines() + " lines");
            }
            String line = readLine(awaited);
            boolean last = line.length() == 3 || (line.length() > 3 && line.charAt(3) == ' ');
            if (line.length() < 3 || !(last || line.charAt(3) == '-') || !isCode(line)) {
                throw new SmtpConversationException(awaited + " is not SMTP: '" + abbreviate(line) + "'");
            }
            int lineCode = Integer.parseInt(line.substring(0, 3));
            if (code != 0 && lineCode != code) {
                throw new SmtpConversationException(awaited + " mixes the codes " + code + " and " + lineCode);
            }
            code = lineCode;
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (last) {
                return new SmtpReply(code, lines);
            }
        }
    }

    private String readLine(String awaited) throws SmtpConversationException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new SmtpConversationException("the server closed the connection while the gateway waited for " + awaited);
                }
                if (b == '\n') {
                    break;
                }
                // the CR of CRLF is not part of the line's length
                if (line.size() > settings.maxLineLength() || (line.size() == settings.maxLineLength() && b != '\r')) {
                    throw new SmtpConversationException(awaited + " has a line longer than " + settings.maxLineLength() + " characters");
                }
                line.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new SmtpConversationException("timed out after " + SmtpProbeSettings.words(settings.readTimeout())
                + " waiting for " + awaited, e);
        } catch (SmtpConversationException e) {
            throw e;
        } catch (IOException e) {
            throw new SmtpConversationException("the connection broke while the gateway waited for " + awaited + ": " + e.getMessage(), e);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        // the text ends up in reports and on screens: control characters would garble or forge them
        return text.codePoints()
            .map(c -> Character.isISOControl(c) && c != '\t' ? '?' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    }

    private static boolean isCode(String line) {
        return line.charAt(0) >= '1' && line.charAt(0) <= '5' && isDigit(line.charAt(1)) && isDigit(line.charAt(2));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "…";
    }

    /** The command's name for messages: the verb, with the keyword of MAIL FROM and RCPT TO. */
    private static String commandName(String line) {
        int colon = line.indexOf(':');
        int space = line.indexOf(' ');
        String name = colon > 0 ? line.substring(0, colon) : space > 0 ? line.substring(0, space) : line;
        return name.toUpperCase(Locale.ROOT);
    }

    private static List<String> extensions(SmtpReply ehlo) {
        // the first line is the server's name and greeting; each further line is one extension
        return ehlo.lines().stream().skip(1)
            .map(String::strip)
            .filter(line -> !line.isEmpty())
            .map(line -> {
                int space = line.indexOf(' ');
                return space < 0 ? line.toUpperCase(Locale.ROOT) : line.substring(0, space).toUpperCase(Locale.ROOT) + line.substring(space);
            })
            .toList();
    }

    private static Optional<ServerCertificate> peerCertificate(SSLSession session, String host) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate certificate
                ? Optional.of(ServerCertificate.of(certificate, host))
                : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that is left to do with it
        }
    }

    private static SSLContext acceptAnyCertificate() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AcceptAnyCertificate()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make a TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * Trusts every certificate: a probe reports what the server presents instead of refusing it. Extended, so
     * that the JDK leaves host name checking to it as well (and it does none).
     */
    private static final class AcceptAnyCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
