package io.cleanport.load;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * An in-process SMTP server on 127.0.0.1 that stands in for a customer's mail server: the place a
 * gateway delivers to in end-to-end tests, and the baseline of the load driver.
 *
 * <p>It speaks the ESMTP subset that JavaMail's SMTPTransport (James RemoteDelivery) and ordinary clients
 * use: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT, with PIPELINING, 8BITMIME, SIZE and
 * ENHANCEDSTATUSCODES advertised (no STARTTLS, no AUTH). One platform thread serves each session.
 * Replies are buffered and flushed whenever the server is about to wait for more input, which makes
 * pipelined command groups cheap.
 *
 * <p>Limits: command lines up to {@value #MAX_COMMAND_LINE} bytes (500 beyond), messages up to
 * {@link Builder#maxMessageSize(int)} (default 64 MB, 552 beyond), SIZE= above the advertised
 * {@value #ADVERTISED_SIZE} refused with 552, an idle timeout per session (default 60 s, then 421) and
 * at most {@link Builder#maxSessions(int)} concurrent sessions (421 beyond). A client that disconnects in
 * the middle of DATA leaves nothing behind.
 *
 * <p>The DATA phase is decoded strictly: only {@code <CRLF>.<CRLF>} ends a message, bare LF and bare CR
 * are data. The stored bytes are the message after dot-unstuffing, including the CRLF that ends its last
 * line, without the final {@code .<CRLF>}.
 *
 * <p>{@link #stop()} closes the listener and every live session; {@link #restart()} binds the same port
 * again and keeps what was received and the behaviour switches. A fresh {@link #start(int)} on the port
 * of a closed server works as well (the socket is bound with SO_REUSEADDR).
 */
public final class DownstreamSmtpServer implements AutoCloseable {

    /** The SIZE value advertised in the EHLO reply; MAIL FROM with a larger SIZE= gets 552. */
    public static final int ADVERTISED_SIZE = 52_428_800;
    /** Default limit of a message's size; DATA beyond it is read to its end and answered 552. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024 * 1024;
    /** Longest command line accepted, without its CRLF. */
    public static final int MAX_COMMAND_LINE = 8192;
    /** Most recipients taken in one transaction (452 beyond). */
    public static final int MAX_RECIPIENTS = 1000;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_SESSIONS = 2000;

    private static final Pattern REPLY = Pattern.compile("[2-5][0-9][0-9]([ ].*)?");

    /** What is kept of each received message. The {@link #onReceive} listeners always see the whole message. */
    public enum Retention {
        /** The whole message. */
        FULL,
        /** Only the header block (so {@link ReceivedMail#header(String)} still works); bounds memory. */
        HEADERS,
        /** Envelope, size and timestamps only. */
        METADATA
    }

    /** Handle returned by {@link #onReceive(Consumer)}; closing it removes the listener. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final String hostname;
    private final Duration idleTimeout;
    private final int maxMessageSize;
    private final int maxSessions;
    private volatile Retention retention;

    private volatile String rcptReject;                       // reply to every RCPT, or null
    private volatile String dataReject;                       // reply after end of DATA, or null
    private final Map<String, String> recipientRejects = new ConcurrentHashMap<>();

    private final List<Consumer<ReceivedMail>> listeners = new CopyOnWriteArrayList<>();
    private final Object mailLock = new Object();
    private final ArrayList<ReceivedMail> mails = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();

    private final Set<Socket> liveSockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger activeSessions = new AtomicInteger();
    private final AtomicLong connectionsAccepted = new AtomicLong();
    private final AtomicInteger threadIds = new AtomicInteger();

    private volatile int port;
    private volatile boolean running;
    private ServerSocket serverSocket;
    private ExecutorService executor;
    private Thread acceptThread;

    private DownstreamSmtpServer(Builder b) {
        this.port = b.port;
        this.hostname = b.hostname;
        this.idleTimeout = b.idleTimeout;
        this.maxMessageSize = b.maxMessageSize;
        this.maxSessions = b.maxSessions;
        this.retention = b.retention;
    }

    /** Starts a server on a free port of 127.0.0.1 with default settings. */
    public static DownstreamSmtpServer start() {
        return builder().start();
    }

    /** Starts a server on the given port of 127.0.0.1 (0 = a free port) with default settings. */
    public static DownstreamSmtpServer start(int port) {
        return builder().port(port).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a server; {@link #start()} binds it. */
    public static final class Builder {
        private int port;
        private String hostname = "downstream.test";
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private int maxSessions = DEFAULT_MAX_SESSIONS;
        private Retention retention = Retention.FULL;

        private Builder() {
        }

        /** Port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port);
            }
            this.port = port;
            return this;
        }

        /** Name used in the greeting and the EHLO reply. */
        public Builder hostname(String hostname) {
            this.hostname = Objects.requireNonNull(hostname);
            return this;
        }

        /** A session with no input for this long gets 421 and is closed. */
        public Builder idleTimeout(Duration idleTimeout) {
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("idle timeout must be positive");
            }
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder maxMessageSize(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("max message size must be positive");
            }
            this.maxMessageSize = bytes;
            return this;
        }

        public Builder maxSessions(int sessions) {
            if (sessions <= 0) {
                throw new IllegalArgumentException("max sessions must be positive");
            }
            this.maxSessions = sessions;
            return this;
        }

        public Builder retention(Retention retention) {
            this.retention = Objects.requireNonNull(retention);
            return this;
        }

        public DownstreamSmtpServer start() {
            DownstreamSmtpServer server = new DownstreamSmtpServer(this);
            server.bind();
            return server;
        }
    }

    // ------------------------------------------------------------------ lifecycle

    private synchronized void bind() {
        if (running) {
            return;
        }
        ServerSocket ss = null;
        try {
            ss = new ServerSocket();
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        } catch (IOException e) {
            closeQuietly(ss);
            throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
        }
        serverSocket = ss;
        port = ss.getLocalPort();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "downstream-smtp-" + port + "-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        running = true;
        ServerSocket listening = ss;
        ExecutorService sessionPool = executor;
        acceptThread = new Thread(() -> acceptLoop(listening, sessionPool), "downstream-smtp-accept-" + port);
        acceptThread.setDaemon(true);
        acceptThread.start();
    }

    /** The bound port (stays the same across {@link #stop()} and {@link #restart()}). */
    public int port() {
        return port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    public boolean isRunning() {
        return running;
    }

    /**
     * Stops accepting connections and closes every live session (a message in the middle of DATA is
     * dropped). Received messages, listeners and behaviour switches are kept. Idempotent.
     */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        closeQuietly(serverSocket);
        for (Socket s : liveSockets) {
            closeQuietly(s);
        }
        executor.shutdownNow();
        try {
            acceptThread.join(5000);
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        serverSocket = null;
        executor = null;
        acceptThread = null;
    }

    /** Binds the same port again after {@link #stop()} (a no-op while running). */
    public synchronized void restart() {
        bind();
    }

    /** Same as {@link #stop()}; the server may still be {@link #restart() restarted}. */
    @Override
    public void close() {
        stop();
    }

    // ------------------------------------------------------------------ received mail

    /** A snapshot of the messages received (since creation or the last {@link #clear()}), in order. */
    public List<ReceivedMail> received() {
        synchronized (mailLock) {
            return List.copyOf(mails);
        }
    }

    /** Number of messages received since creation or the last {@link #clear()}. */
    public int count() {
        synchronized (mailLock) {
            return mails.size();
        }
    }

    /**
     * Waits until at least {@code n} messages have been received. Returns false on timeout or interrupt
     * (the interrupt flag is then set again).
     */
    public boolean awaitCount(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (mailLock) {
            while (mails.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(mailLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Forgets the messages received so far and restarts the sequence numbers. */
    public void clear() {
        synchronized (mailLock) {
            mails.clear();
            sequence.set(0);
        }
    }

    /**
     * Registers a listener called for each accepted message, on the session's thread, before the 250
     * reply is sent and before the message is added to {@link #received()}. It always gets the whole
     * message whatever the {@link Retention}. It should be quick; exceptions it throws are reported on
     * stderr and otherwise ignored.
     */
    public Subscription onReceive(Consumer<ReceivedMail> listener) {
        Objects.requireNonNull(listener);
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public Retention retention() {
        return retention;
    }

    /** Changes what is kept of messages received from now on. */
    public DownstreamSmtpServer retention(Retention retention) {
        this.retention = Objects.requireNonNull(retention);
        return this;
    }

    // ------------------------------------------------------------------ behaviour switches

    /** Answers every RCPT TO with this reply, e.g. {@code "451 4.3.0 try later"} or {@code "550 5.1.1 no such user"}. */
    public void rejectAllWith(String reply) {
        rcptReject = checkReply(reply);
    }

    /** Answers the end of DATA with this reply instead of 250 (the message is then not stored). */
    public void rejectDataWith(String reply) {
        dataReject = checkReply(reply);
    }

    /** Answers RCPT TO for this one address (case-insensitive) with this reply. */
    public void rejectRecipient(String address, String reply) {
        recipientRejects.put(address.toLowerCase(Locale.ROOT), checkReply(reply));
    }

    /** Clears every rejection set by the methods above. */
    public void acceptAll() {
        rcptReject = null;
        dataReject = null;
        recipientRejects.clear();
    }

    private static String checkReply(String reply) {
        Objects.requireNonNull(reply);
        if (!REPLY.matcher(reply).matches()) {
            throw new IllegalArgumentException("not an SMTP reply line (e.g. \"451 4.3.0 try later\"): " + reply);
        }
        return reply;
    }

    /** Sessions open right now. */
    public int activeSessions() {
        return activeSessions.get();
    }

    /** Connections accepted since creation. */
    public long connectionsAccepted() {
        return connectionsAccepted.get();
    }

    @Override
    public String toString() {
        return "DownstreamSmtpServer[127.0.0.1:" + port + (running ? "" : " stopped") + "]";
    }

    // ------------------------------------------------------------------ internals

    private void acceptLoop(ServerSocket ss, ExecutorService pool) {
        while (running && !ss.isClosed()) {
            Socket socket;
            try {
                socket = ss.accept();
            } catch (IOException e) {
                if (running && !ss.isClosed()) {
                    System.err.println("downstream-smtp: accept failed: " + e);
                    continue;
                }
                return;
            }
            connectionsAccepted.incrementAndGet();
            liveSockets.add(socket);
            if (!running) {
                liveSockets.remove(socket);
                closeQuietly(socket);
                return;
            }
            if (activeSessions.incrementAndGet() > maxSessions) {
                activeSessions.decrementAndGet();
                liveSockets.remove(socket);
                try {
                    socket.getOutputStream().write(
                            ("421 4.7.0 " + hostname + " too many connections\r\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the client went away anyway
                }
                closeQuietly(socket);
                continue;
            }
            try {
                pool.execute(new Session(socket));
            } catch (RejectedExecutionException e) {
                activeSessions.decrementAndGet();
                liveSockets.remove(socket);
                closeQuietly(socket);
            }
        }
    }

    private void deliver(ReceivedMail full) {
        for (Consumer<ReceivedMail> listener : listeners) {
            try {
                listener.accept(full);
            } catch (RuntimeException e) {
                System.err.println("downstream-smtp: onReceive listener failed: " + e);
            }
        }
        ReceivedMail kept = full.retain(retention);
        synchronized (mailLock) {
            mails.add(kept);
            mailLock.notifyAll();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // nothing to do
            }
        }
    }

    private static final String TOO_LONG = new String("<line too long>");

    /** One SMTP session. */
    private final class Session implements Runnable {
        private final Socket socket;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int limit;
        private final byte[] line = new byte[MAX_COMMAND_LINE + 1];
        private InputStream in;
        private OutputStream out;
        private final DataDecoder decoder = new DataDecoder(maxMessageSize);

        private String helo;
        private String sender;                 // null = no transaction
        private final List<String> recipients = new ArrayList<>();

        Session(Socket socket) {
            this.socket = socket;
        }

        @Override
        public void run() {
            try {
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, idleTimeout.toMillis())));
                socket.setTcpNoDelay(true);
                in = socket.getInputStream();
                out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
                reply("220 " + hostname + " ESMTP CleanPort downstream ready");
                serve();
            } catch (SocketTimeoutException e) {
                try {
                    reply("421 4.4.2 " + hostname + " idle timeout, closing connection");
                    out.flush();
                } catch (IOException ignored) {
                    // gone
                }
            } catch (IOException e) {
                // peer went away or the server is stopping: whatever was in progress is dropped
            } catch (RuntimeException e) {
                System.err.println("downstream-smtp: session failed: " + e);
            } finally {
                liveSockets.remove(socket);
                closeQuietly(socket);
                activeSessions.decrementAndGet();
            }
        }

        private void serve() throws IOException {
            while (true) {
                String cmd = readCommandLine();
                if (cmd == null) {
                    return; // EOF
                }
                if (cmd == TOO_LONG) {
                    reply("500 5.5.2 Line too long");
                    continue;
                }
                int sp = cmd.indexOf(' ');
                String verb = (sp < 0 ? cmd : cmd.substring(0, sp)).toUpperCase(Locale.ROOT);
                String arg = sp < 0 ? "" : cmd.substring(sp + 1).trim();
                switch (verb) {
                    case "EHLO":
                        ehlo(arg);
                        break;
                    case "HELO":
                        helo(arg);
                        break;
                    case "MAIL":
                        mail(arg);
                        break;
                    case "RCPT":
                        rcpt(arg);
                        break;
                    case "DATA":
                        if (!data(arg)) {
                            return;
                        }
                        break;
                    case "RSET":
                        resetTransaction();
                        reply("250 2.0.0 Reset OK");
                        break;
                    case "NOOP":
                        reply("250 2.0.0 OK");
                        break;
                    case "QUIT":
                        reply("221 2.0.0 " + hostname + " closing connection");
                        out.flush();
                        return;
                    case "VRFY":
                    case "EXPN":
                    case "HELP":
                    case "TURN":
                    case "ETRN":
                    case "STARTTLS":
                    case "AUTH":
                    case "BDAT":
                    case "SEND":
                    case "SOML":
                    case "SAML":
                        reply("502 5.5.1 Command not implemented");
                        break;
                    default:
                        reply("500 5.5.2 Command unrecognized");
                        break;
                }
            }
        }

        private void ehlo(String arg) throws IOException {
            if (arg.isEmpty()) {
                reply("501 5.5.4 Syntax: EHLO hostname");
                return;
            }
            helo = arg;
            resetTransaction();
            reply("250-" + hostname + " Hello " + arg);
            reply("250-8BITMIME");
            reply("250-PIPELINING");
            reply("250-SIZE " + ADVERTISED_SIZE);
            reply("250 ENHANCEDSTATUSCODES");
        }

        private void helo(String arg) throws IOException {
            if (arg.isEmpty()) {
                reply("501 5.5.4 Syntax: HELO hostname");
                return;
            }
            helo = arg;
            resetTransaction();
            reply("250 " + hostname + " Hello " + arg);
        }

        private void mail(String arg) throws IOException {
            if (helo == null) {
                reply("503 5.5.1 Send EHLO or HELO first");
                return;
            }
            if (sender != null) {
                reply("503 5.5.1 Sender already given");
                return;
            }
            String[] parsed = parsePath(arg, "FROM:");
            if (parsed == null) {
                reply("501 5.5.4 Syntax: MAIL FROM:<address>");
                return;
            }
            for (String param : parsed[1].split(" +")) {
                if (param.regionMatches(true, 0, "SIZE=", 0, 5)) {
                    long size;
                    try {
                        size = Long.parseLong(param.substring(5));
                    } catch (NumberFormatException e) {
                        reply("501 5.5.4 Bad SIZE parameter");
                        return;
                    }
                    if (size > ADVERTISED_SIZE) {
                        reply("552 5.3.4 Message size exceeds fixed maximum message size");
                        return;
                    }
                }
                // BODY=8BITMIME and every other parameter are accepted and ignored
            }
            sender = parsed[0];
            recipients.clear();
            reply("250 2.1.0 Sender OK");
        }

        private void rcpt(String arg) throws IOException {
            if (sender == null) {
                reply("503 5.5.1 Need MAIL command");
                return;
            }
            String[] parsed = parsePath(arg, "TO:");
            if (parsed == null || parsed[0].isEmpty()) {
                reply("501 5.5.4 Syntax: RCPT TO:<address>");
                return;
            }
            if (recipients.size() >= MAX_RECIPIENTS) {
                reply("452 4.5.3 Too many recipients");
                return;
            }
            String reject = rcptReject;
            if (reject == null && !recipientRejects.isEmpty()) {
                reject = recipientRejects.get(parsed[0].toLowerCase(Locale.ROOT));
            }
            if (reject != null) {
                reply(reject);
                return;
            }
            recipients.add(parsed[0]);
            reply("250 2.1.5 Recipient OK");
        }

        /** Returns false when the client went away during DATA. */
        private boolean data(String arg) throws IOException {
            if (!arg.isEmpty()) {
                reply("501 5.5.4 Syntax: DATA");
                return true;
            }
            if (sender == null) {
                reply("503 5.5.1 Need MAIL command");
                return true;
            }
            if (recipients.isEmpty()) {
                reply("554 5.5.1 No valid recipients");
                return true;
            }
            reply("354 Start mail input; end with <CRLF>.<CRLF>");
            decoder.reset();
            while (!decoder.isComplete()) {
                if (pos == limit && !fill()) {
                    return false; // hung up mid-DATA: nothing recorded
                }
                pos += decoder.feed(buf, pos, limit - pos);
            }
            long receivedNanos = System.nanoTime();
            Instant receivedAt = Instant.now();
            String rejectAfterData = dataReject;
            if (decoder.overflowed()) {
                reply("552 5.3.4 Message size exceeds fixed maximum message size");
            } else if (rejectAfterData != null) {
                reply(rejectAfterData);
            } else {
                byte[] bytes = decoder.toByteArray();
                long seq = sequence.incrementAndGet();
                deliver(new ReceivedMail(seq, helo, sender, recipients, bytes.length, receivedNanos, receivedAt,
                        bytes, Retention.FULL));
                reply("250 2.0.0 OK queued as " + seq);
            }
            resetTransaction();
            return true;
        }

        private void resetTransaction() {
            sender = null;
            recipients.clear();
        }

        /**
         * Parses {@code FROM:<path> params} / {@code TO:<path> params}: returns {address, params} or null.
         * Tolerates a space after the colon and a path without angle brackets; drops a source route.
         */
        private String[] parsePath(String arg, String keyword) {
            if (!arg.regionMatches(true, 0, keyword, 0, keyword.length())) {
                return null;
            }
            String rest = arg.substring(keyword.length()).stripLeading();
            String address;
            String params;
            if (rest.startsWith("<")) {
                int close = rest.indexOf('>');
                if (close < 0) {
                    return null;
                }
                address = rest.substring(1, close);
                params = rest.substring(close + 1).trim();
            } else {
                int sp = rest.indexOf(' ');
                address = sp < 0 ? rest : rest.substring(0, sp);
                params = sp < 0 ? "" : rest.substring(sp + 1).trim();
                if (address.isEmpty()) {
                    return null;
                }
            }
            if (address.startsWith("@")) {
                int colon = address.indexOf(':');
                address = colon < 0 ? address : address.substring(colon + 1);
            }
            return new String[] {address, params};
        }

        private void reply(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.write('\r');
            out.write('\n');
        }

        /** Flushes pending replies, then waits for more input. Returns false on EOF. */
        private boolean fill() throws IOException {
            out.flush();
            int n;
            try {
                n = in.read(buf, 0, buf.length);
            } catch (SocketException e) {
                if (!running) {
                    return false;
                }
                throw e;
            }
            if (n < 0) {
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }

        /** Reads one command line (LF-terminated, trailing CR removed); null at EOF, TOO_LONG when too long. */
        private String readCommandLine() throws IOException {
            int len = 0;
            boolean tooLong = false;
            while (true) {
                if (pos == limit && !fill()) {
                    return null;
                }
                int start = pos;
                while (pos < limit && buf[pos] != '\n') {
                    pos++;
                }
                int chunk = pos - start;
                if (!tooLong) {
                    if (len + chunk > line.length) {
                        tooLong = true;
                    } else {
                        System.arraycopy(buf, start, line, len, chunk);
                        len += chunk;
                    }
                }
                if (pos < limit) {
                    pos++; // the LF
                    break;
                }
            }
            if (len > 0 && line[len - 1] == '\r') {
                len--;
            }
            if (tooLong || len > MAX_COMMAND_LINE) {
                return TOO_LONG;
            }
            return new String(line, 0, len, StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Runs a server until interrupted: {@code java -cp ... io.cleanport.load.DownstreamSmtpServer [port]}.
     * Keeps only metadata and prints the count every 10 seconds when it changed.
     */
    /**
     * A stand-in customer server for trying the gateway by hand: listens on 127.0.0.1 (port from the
     * first argument, default 2525) and prints one line per message received.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 2525;
        DownstreamSmtpServer server = builder().port(port).retention(Retention.HEADERS).start();
        server.onReceive(mail -> System.out.println(mail.receivedAt() + " received from=<" + mail.sender() + "> to="
            + mail.recipients() + " size=" + mail.size() + " subject=" + mail.header("Subject")
            + " x-cleanport-id=" + mail.header("X-CleanPort-Id")));
        System.out.println("downstream SMTP listening on 127.0.0.1:" + server.port());
        Thread.currentThread().join();
    }
}
