package io.cleanport.core.antivirus;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.antivirus.ClamdException.Failure;

/**
 * A client of clamd, the ClamAV daemon: sends a message with {@code zINSTREAM} and reads clamd's verdict.
 * A second antivirus layer beside CleanPort's own inspectors, used only when configured
 * ({@link ClamdSettings#fromProperties}).
 *
 * <p>It fails closed: a scan returns a {@link ClamdResult} only when clamd gave a verdict, and throws
 * {@link ClamdException} for everything else (clamd down, silent, resetting the connection, answering an
 * error or nonsense, a message over the stream limit), so the caller holds the message rather than let it
 * through unscanned. (James's {@code ClamAVScan} lets mail through when clamd fails.)
 *
 * <p>Everything is bounded: the connection by the connect timeout, every wait for clamd to read or to
 * answer by the read timeout, the bytes sent by {@link ClamdSettings#maxStreamBytes()}, and the reply by
 * {@value #MAX_REPLY_BYTES} bytes. Reads and writes are both timed (a non-blocking channel and a
 * selector), since a socket's {@code SO_TIMEOUT} leaves a write to a clamd that stopped reading blocked
 * for ever, and does not apply to Unix sockets at all.
 *
 * <p>Thread-safe: each scan opens its own connection; nothing is shared but the settings.
 */
public final class ClamdScanner {
    /** The largest chunk clamd is sent; clamd reads chunks of any size up to its {@code StreamMaxLength}. */
    public static final int CHUNK_BYTES = 64 * 1024;
    /** Longer than any verdict ({@code stream: <name> FOUND}); a longer reply is not from clamd. */
    public static final int MAX_REPLY_BYTES = 1024;

    private static final Logger LOGGER = LoggerFactory.getLogger(ClamdScanner.class);
    // the z forms: the command and clamd's reply end with a NUL byte, not a newline
    private static final byte[] INSTREAM = "zINSTREAM\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PING = "zPING\0".getBytes(StandardCharsets.US_ASCII);
    private static final String STREAM_PREFIX = "stream: ";
    private static final String FOUND_SUFFIX = " FOUND";

    private final ClamdSettings settings;

    public ClamdScanner(ClamdSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public ClamdSettings settings() {
        return settings;
    }

    /**
     * Sends {@code content} (a whole raw message: clamd decodes MIME itself) to clamd and returns its
     * verdict. The stream is read to its end, or until it exceeds {@link ClamdSettings#maxStreamBytes()},
     * and not closed.
     *
     * @throws ClamdException when clamd gave no verdict; the message must then not be treated as clean
     */
    public ClamdResult scan(InputStream content) throws ClamdException {
        Objects.requireNonNull(content, "content");
        try (Connection connection = Connection.open(settings)) {
            connection.send(ByteBuffer.wrap(INSTREAM), 0);
            byte[] chunk = new byte[4 + CHUNK_BYTES];
            long sent = 0;
            while (true) {
                int length = readChunk(content, chunk);
                if (length == 0) {
                    break;
                }
                if (sent + length > settings.maxStreamBytes()) {
                    // closing without the final zero-length chunk makes clamd drop the stream unscanned
                    throw new ClamdException(Failure.TOO_LARGE, "message larger than clamd's stream limit ("
                        + ClamdSettings.MAX_STREAM_BYTES_KEY + " = " + settings.maxStreamBytes() + " bytes); clamd at "
                        + settings.address() + " did not scan it");
                }
                ByteBuffer frame = ByteBuffer.wrap(chunk, 0, 4 + length);
                frame.putInt(0, length);
                connection.send(frame, sent);
                sent += length;
            }
            connection.send(ByteBuffer.allocate(4), sent);
            return verdict(connection.reply());
        }
    }

    /**
     * Whether clamd answers {@code zPING} with {@code PONG} within the timeouts; for start-up checks and
     * logs. A failure's reason is logged at debug level.
     */
    public boolean ping() {
        try (Connection connection = Connection.open(settings)) {
            connection.send(ByteBuffer.wrap(PING), 0);
            String reply = connection.reply().strip();
            if (!reply.equals("PONG")) {
                LOGGER.debug("clamd at {} answered zPING with '{}'", settings.address(), printable(reply));
                return false;
            }
            return true;
        } catch (ClamdException e) {
            LOGGER.debug("clamd at {} did not answer zPING: {}", settings.address(), e.getMessage());
            return false;
        }
    }

    /** Fills {@code chunk} after its 4-byte length from {@code content}; 0 at the end of the content. */
    private int readChunk(InputStream content, byte[] chunk) throws ClamdException {
        try {
            return content.readNBytes(chunk, 4, CHUNK_BYTES);
        } catch (IOException e) {
            throw new ClamdException(Failure.CONTENT_UNREADABLE, "the message could not be read for clamd at "
                + settings.address() + ": " + e.getMessage(), e);
        }
    }

    private ClamdResult verdict(String reply) throws ClamdException {
        String text = reply.strip();
        if (text.equals(STREAM_PREFIX + "OK")) {
            return ClamdResult.clean();
        }
        if (text.startsWith(STREAM_PREFIX) && text.endsWith(FOUND_SUFFIX)
            && text.length() > STREAM_PREFIX.length() + FOUND_SUFFIX.length()) {
            try {
                return ClamdResult.infected(text.substring(STREAM_PREFIX.length(), text.length() - FOUND_SUFFIX.length()));
            } catch (IllegalArgumentException e) {
                // a verdict without a usable name is no verdict: fall through to the failure
            }
        }
        if (text.endsWith("ERROR")) {
            // clamd's reply when the stream exceeds its own StreamMaxLength
            Failure failure = text.contains("size limit exceeded") ? Failure.TOO_LARGE : Failure.CLAMD_ERROR;
            throw new ClamdException(failure, "clamd at " + settings.address() + " answered '" + printable(text) + "'");
        }
        throw new ClamdException(Failure.UNEXPECTED_REPLY, "clamd at " + settings.address() + " gave an unexpected reply '"
            + printable(text) + "'");
    }

    /** Peer text made safe for messages and logs. */
    private static String printable(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            safe.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return safe.toString();
    }

    /** One connection to clamd, every wait on it bounded. */
    private static final class Connection implements Closeable {
        private final ClamdSettings settings;
        private final SocketChannel channel;
        private final Selector selector;
        private final SelectionKey key;

        private Connection(ClamdSettings settings, SocketChannel channel, Selector selector) throws IOException {
            this.settings = settings;
            this.channel = channel;
            this.selector = selector;
            this.key = channel.register(selector, 0);
        }

        static Connection open(ClamdSettings settings) throws ClamdException {
            SocketAddress address = socketAddress(settings);
            SocketChannel channel = null;
            Selector selector = null;
            try {
                channel = settings.unixSocket().isPresent() ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
                channel.configureBlocking(false);
                selector = Selector.open();
                Connection connection = new Connection(settings, channel, selector);
                if (!channel.connect(address)) {
                    if (!connection.await(SelectionKey.OP_CONNECT, settings.connectTimeout().toMillis())) {
                        throw new ClamdException(Failure.UNREACHABLE, "clamd at " + settings.address() + ": no connection within "
                            + settings.connectTimeout().toMillis() + " ms");
                    }
                    channel.finishConnect();
                }
                return connection;
            } catch (ClamdException e) {
                closeQuietly(channel, selector);
                throw e;
            } catch (IOException e) {
                closeQuietly(channel, selector);
                if (isInterruption(e)) {
                    throw interrupted(settings, e);
                }
                // ConnectException "Connection refused", NoRouteToHostException, "No such file or directory" of a
                // Unix socket: the system's words say what happened
                throw new ClamdException(Failure.UNREACHABLE, "clamd at " + settings.address() + ": cannot connect ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
            } catch (RuntimeException e) {
                // UnsupportedOperationException where Unix sockets are not supported, UnresolvedAddressException
                closeQuietly(channel, selector);
                throw new ClamdException(Failure.UNREACHABLE, "clamd at " + settings.address() + ": cannot connect (" + e + ")", e);
            }
        }

        private static SocketAddress socketAddress(ClamdSettings settings) throws ClamdException {
            if (settings.unixSocket().isPresent()) {
                return UnixDomainSocketAddress.of(settings.unixSocket().get());
            }
            InetSocketAddress configured = settings.tcpAddress().orElseThrow();
            // resolved at each connection, so that a changed DNS entry is followed
            InetSocketAddress address = configured.isUnresolved()
                ? new InetSocketAddress(configured.getHostString(), configured.getPort())
                : configured;
            if (address.isUnresolved()) {
                throw new ClamdException(Failure.UNREACHABLE, "clamd at " + settings.address() + ": host '"
                    + configured.getHostString() + "' does not resolve");
            }
            return address;
        }

        /**
         * Writes all of {@code buffer}.
         *
         * @param sent the message bytes sent before, for the failure's message
         */
        void send(ByteBuffer buffer, long sent) throws ClamdException {
            try {
                while (buffer.hasRemaining()) {
                    if (channel.write(buffer) == 0 && !await(SelectionKey.OP_WRITE, settings.readTimeout().toMillis())) {
                        throw new ClamdException(Failure.TIMEOUT, "clamd at " + settings.address() + " read nothing for "
                            + settings.readTimeout().toMillis() + " ms (read timeout) after " + sent + " bytes of the message");
                    }
                }
            } catch (IOException e) {
                if (isInterruption(e)) {
                    throw interrupted(settings, e);
                }
                // clamd answers an error (size limit exceeded) and closes while the rest is still being sent: its
                // reply is then what explains the reset
                String reply;
                try {
                    reply = reply();
                } catch (ClamdException noReply) {
                    throw new ClamdException(Failure.CONNECTION_LOST, "clamd at " + settings.address()
                        + " closed the connection after " + sent + " bytes of the message were sent (" + e.getMessage() + ")", e);
                }
                throw new ClamdException(reply.contains("size limit exceeded") ? Failure.TOO_LARGE : Failure.CONNECTION_LOST,
                    "clamd at " + settings.address() + " answered '" + printable(reply.strip()) + "' and closed the connection after "
                        + sent + " bytes of the message were sent", e);
            }
        }

        /** Reads clamd's reply up to its terminating NUL byte (or a newline), without it. */
        String reply() throws ClamdException {
            ByteBuffer reply = ByteBuffer.allocate(MAX_REPLY_BYTES);
            try {
                while (true) {
                    int start = reply.position();
                    int read = channel.read(reply);
                    if (read < 0) {
                        throw new ClamdException(Failure.CONNECTION_LOST, reply.position() == 0
                            ? "clamd at " + settings.address() + " closed the connection without replying"
                            : "clamd at " + settings.address() + " closed the connection in the middle of its reply '"
                                + text(reply, reply.position()) + "'");
                    }
                    for (int i = start; i < reply.position(); i++) {
                        if (reply.get(i) == 0 || reply.get(i) == '\n') {
                            return raw(reply, i);
                        }
                    }
                    if (!reply.hasRemaining()) {
                        throw new ClamdException(Failure.UNEXPECTED_REPLY, "clamd at " + settings.address()
                            + " sent a reply longer than " + MAX_REPLY_BYTES + " bytes, starting '" + text(reply, 60) + "'");
                    }
                    if (read == 0 && !await(SelectionKey.OP_READ, settings.readTimeout().toMillis())) {
                        throw new ClamdException(Failure.TIMEOUT, "clamd at " + settings.address() + " did not reply within "
                            + settings.readTimeout().toMillis() + " ms (read timeout)");
                    }
                }
            } catch (IOException e) {
                if (isInterruption(e)) {
                    throw interrupted(settings, e);
                }
                throw new ClamdException(Failure.CONNECTION_LOST, "clamd at " + settings.address()
                    + " reset the connection before replying (" + e.getMessage() + ")", e);
            }
        }

        private static String printable(String text) {
            return ClamdScanner.printable(text);
        }

        private static boolean isInterruption(IOException e) {
            return e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted();
        }

        private static ClamdException interrupted(ClamdSettings settings, IOException e) {
            // the thread's interrupt status stays set for the caller
            return new ClamdException(Failure.INTERRUPTED, "interrupted while waiting for clamd at " + settings.address(), e);
        }

        /** The reply as clamd sent it, one character per byte; the verdict's parser decides what to keep. */
        private static String raw(ByteBuffer buffer, int length) {
            return new String(buffer.array(), 0, Math.min(length, buffer.position()), StandardCharsets.ISO_8859_1);
        }

        /** The start of the reply made safe for a message. */
        private static String text(ByteBuffer buffer, int length) {
            return printable(raw(buffer, length));
        }

        /** Waits until the channel is ready for {@code operation}; false after {@code timeoutMillis}. */
        private boolean await(int operation, long timeoutMillis) throws IOException {
            key.interestOps(operation);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            try {
                while (true) {
                    long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (remaining <= 0) {
                        return false;
                    }
                    selector.selectedKeys().clear();
                    // select(0) would wait for ever; remaining is at least 1 here
                    if (selector.select(remaining) > 0 && (key.readyOps() & operation) != 0) {
                        return true;
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedIOException("interrupted while waiting for clamd");
                    }
                }
            } finally {
                if (key.isValid()) {
                    key.interestOps(0);
                }
            }
        }

        @Override
        public void close() {
            closeQuietly(channel, selector);
        }

        private static void closeQuietly(SocketChannel channel, Selector selector) {
            try {
                if (selector != null) {
                    selector.close();
                }
            } catch (IOException e) {
                // nothing to do: the scan's outcome is already decided
            }
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // as above
            }
        }
    }
}
