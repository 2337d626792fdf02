package io.cleanport.core.antivirus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cleanport.core.antivirus.ClamdException.Failure;

class ClamdScannerTest {
    /** The read timeout of the tests that wait for it. */
    private static final Duration SHORT = Duration.ofMillis(300);
    /** The timeouts of the other tests: long enough for a busy build machine. */
    private static final Duration PATIENT = Duration.ofSeconds(10);

    private final List<FakeClamd> fakes = new ArrayList<>();

    @AfterEach
    void stopFakes() throws Exception {
        for (FakeClamd fake : fakes) {
            fake.close();
        }
        for (FakeClamd fake : fakes) {
            assertThat(fake.errors).as("errors in the fake clamd").isEmpty();
        }
    }

    // ---- the INSTREAM exchange

    @Test
    void sendsTheMessageAsZInstreamChunksOfAtMost64KiBEndedByAZeroChunk() throws Exception {
        FakeClamd clamd = tcp(FakeClamd.replying("stream: OK"));
        byte[] message = new byte[150_000];
        new Random(7).nextBytes(message);

        ClamdResult result = scanner(clamd).scan(new ByteArrayInputStream(message));

        assertThat(result).isEqualTo(ClamdResult.clean());
        assertThat(result.infected()).isFalse();
        assertThat(result.virusName()).isEmpty();
        Received received = clamd.received();
        assertThat(received.command).isEqualTo("zINSTREAM");
        assertThat(received.chunkLengths).containsExactly(65_536, 65_536, 150_000 - 2 * 65_536);
        assertThat(received.terminated).as("ended by a zero-length chunk").isTrue();
        assertThat(received.data).isEqualTo(message);
    }

    @Test
    void anEmptyMessageIsOnlyTheCommandAndTheZeroChunk() throws Exception {
        FakeClamd clamd = tcp(FakeClamd.replying("stream: OK"));

        assertThat(scanner(clamd).scan(InputStream.nullInputStream())).isEqualTo(ClamdResult.clean());

        Received received = clamd.received();
        assertThat(received.chunkLengths).isEmpty();
        assertThat(received.terminated).isTrue();
    }

    @Test
    void aFoundReplyIsAnInfectedResultWithClamdsName() throws Exception {
        FakeClamd clamd = tcp(FakeClamd.replying("stream: Win.Test.EICAR_HDB-1 FOUND"));

        ClamdResult result = scanner(clamd).scan(message("a message"));

        assertThat(result.infected()).isTrue();
        assertThat(result.virusName()).contains("Win.Test.EICAR_HDB-1");
        assertThat(result).isEqualTo(ClamdResult.infected("Win.Test.EICAR_HDB-1"));
    }

    @Test
    void aVirusNameIsReducedToPrintableAsciiAndAHundredCharacters() throws Exception {
        String longName = "Bad\u0001Name\u00e9." + "x".repeat(200);
        FakeClamd clamd = tcp(FakeClamd.replying("stream: " + longName + " FOUND"));

        ClamdResult result = scanner(clamd).scan(message("a message"));

        String name = result.virusName().orElseThrow();
        assertThat(name).startsWith("BadName.x").hasSize(ClamdResult.MAX_NAME_LENGTH);
        assertThat(name.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    @Test
    void aFoundReplyWithoutAUsableNameIsNoVerdict() {
        FakeClamd clamd = tcp(FakeClamd.replying("stream: \u0001\u0002 FOUND"));

        ClamdException failure = catchThrowableOfType(() -> scanner(clamd).scan(message("a message")), ClamdException.class);

        assertThat(failure.failure()).isEqualTo(Failure.UNEXPECTED_REPLY);
    }

    @Test
    void clamdsSizeLimitErrorIsTooLargeWithClamdsWords() {
        FakeClamd clamd = tcp(FakeClamd.replying("INSTREAM size limit exceeded. ERROR"));

        ClamdException failure = catchThrowableOfType(() -> scanner(clamd).scan(message("a message")), ClamdException.class);

        assertThat(failure.failure()).isEqualTo(Failure.TOO_LARGE);
        assertThat(failure).hasMessageContaining("INSTREAM size limit exceeded. ERROR").hasMessageContaining(clamd.address());
    }

    @Test
    void anyOtherErrorIsAClamdError() {
        FakeClamd clamd = tcp(FakeClamd.replying("Can't allocate memory ERROR"));

        ClamdException failure = catchThrowableOfType(() -> scanner(clamd).scan(message("a message")), ClamdException.class);

        assertThat(failure.failure()).isEqualTo(Failure.CLAMD_ERROR);
        assertThat(failure).hasMessageContaining("Can't allocate memory ERROR");
    }

    @Test
    void anErrorSentWhileTheMessageIsStillStreamingIsReadAfterTheReset() throws Exception {
        // what clamd does past its StreamMaxLength: answers, closes, and the client's next writes fail
        FakeClamd clamd = tcp(x -> {
            x.command();
            x.stream(100_000);
            x.reply("INSTREAM size limit exceeded. ERROR");
        });

        ClamdException failure = catchThrowableOfType(() -> scanner(clamd).scan(zeros(50_000_000)), ClamdException.class);

        assertThat(failure.failure()).isEqualTo(Failure.TOO_LARGE);
        assertThat(failure).hasMessageContaining("INSTREAM size limit exceeded");
        assertThat(clamd.received().terminated).isFalse();
    }

    @Test
    void anUnexpectedReplyIsNoVerdict() {
        FakeClamd clamd = tcp(FakeClamd.replying("stream: MAYBE"));

        ClamdException failure = catchThrowableOfType(() -> scanner(clamd).scan(message("a message")), ClamdException.class);

        assertThat(failure.failure()).isEqualTo(Failure.UNEXPECTED_REPLY);
        assertThat(failure).hasMessageContaining("stream: MAYBE").hasMessageContaining(clamd.address());
    }

    @Test
    void aReplyLongerThanAnyVerdictIsRefusedWithoutReadingItAll() {
        FakeClamd clamd = tcp(x -> {
            x.command();
            x.stream(Long.MAX_VALUE);
            x.send("stream: " + "A".repeat(5000));
            x.hang();
        });

        ClamdException failure = catchThrowableOfType(() -> scanner(clamd).scan(message("a message")), ClamdException.class);

        assertThat(failure.failure()).isEqualTo(Failure.UNEXPECTED_REPLY);
        assertThat(failure).hasMessageContaining("longer than " + ClamdScanner.MAX_REPLY_BYTES);
    }

    // ---- failures: the scan never says clean

    @Test
    void aSilentClamdFailsTheScanAfterTheReadTimeout() {
        FakeClamd clamd = tcp(x -> {
            x.command();
            x.stream(Long.MAX_VALUE);
            x.hang();
        });
        long started = System.nanoTime();

        ClamdException failure = catchThrowableOfType(() -> impatient(clamd).scan(message("a message")), ClamdException.class);

        assertThat(failure.failure()).isEqualTo(Failure.TIMEOUT);
        assertThat(failure).hasMessageContaining(clamd.address()).hasMessageContaining("300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aClamdThatStopsReadingFailsTheScanAfterTheReadTimeoutToo() {
        // a write has no SO_TIMEOUT: without its own bound the scan would block for ever on full buffers
        FakeClamd clamd = tcp(x -> {
            x.command();
            x.hang();
        });
        long started = System.nanoTime();

        ClamdException failure = catchThrowableOfType(() -> impatient(clamd).scan(zeros(50_000_000)), ClamdException.class);

        assertThat(failure.failure()).isEqualTo(Failure.TIMEOUT);
        assertThat(failure).hasMessageContaining("read nothing");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aConnectionClosedInTheMiddleOfTheReplyIsNoVerdict() {
        FakeClamd clamd = tcp(x -> {
            x.command();
            x.stream(Long.MAX_VALUE);
            x.send("stream: O");
        });

        ClamdException failure = catchThrowableOfType(() -> scanner(clamd).scan(message("a message")), ClamdException.class);

        assertThat(failure.failure()).isEqualTo(Failure.CONNECTION_LOST);
        assertThat(failure).hasMessageContaining("in the middle of its reply 'stream: O'").hasMessageContaining(clamd.address());
    }

    @Test
    void aConnectionClosedWithoutAReplyIsNoVerdict() {
        FakeClamd clamd = tcp(x -> {
            x.command();
            x.stream(Long.MAX_VALUE);
        });

        ClamdException failure = catchThrowableOfType(() -> scanner(clamd).scan(message("a message")), ClamdException.class);

        assertThat(failure.failure()).isEqualTo(Failure.CONNECTION_LOST);
        assertThat(failure).hasMessageContaining("without replying");
    }

    @Test
    void aRefusedConnectionNamesTheAddress() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        ClamdScanner scanner = new ClamdScanner(ClamdSettings.tcp(new InetSocketAddress("127.0.0.1", port))
            .withTimeouts(PATIENT, PATIENT));

        ClamdException failure = catchThrowableOfType(() -> scanner.scan(message("a message")), ClamdException.class);

        assertThat(failure.failure()).isEqualTo(Failure.UNREACHABLE);
        assertThat(failure).hasMessageContaining("127.0.0.1:" + port).hasMessageContaining("Connection refused");
        assertThat(scanner.ping()).isFalse();
    }

    @Test
    void aMissingUnixSocketNamesThePath(@TempDir Path directory) {
        Path socket = directory.resolve("clamd.ctl");
        ClamdScanner scanner = new ClamdScanner(ClamdSettings.unixSocket(socket).withTimeouts(PATIENT, PATIENT));

        ClamdException failure = catchThrowableOfType(() -> scanner.scan(message("a message")), ClamdException.class);

        assertThat(failure.failure()).isEqualTo(Failure.UNREACHABLE);
        assertThat(failure).hasMessageContaining("unix:" + socket);
    }

    @Test
    void aMessageOverTheStreamLimitIsNotSentWhole() throws Exception {
        FakeClamd clamd = tcp(x -> {
            x.command();
            x.stream(Long.MAX_VALUE);
        });
        ClamdScanner scanner = new ClamdScanner(clamd.settings().withMaxStreamBytes(100_000));

        ClamdException failure = catchThrowableOfType(() -> scanner.scan(zeros(200_000)), ClamdException.class);

        assertThat(failure.failure()).isEqualTo(Failure.TOO_LARGE);
        assertThat(failure).hasMessageContaining("message larger than clamd's stream limit")
            .hasMessageContaining(ClamdSettings.MAX_STREAM_BYTES_KEY);
        Received received = clamd.received();
        assertThat(received.terminated).as("clamd must not scan a truncated message").isFalse();
        assertThat(received.data.length).isLessThanOrEqualTo(100_000);
    }

    @Test
    void aMessageOfExactlyTheStreamLimitIsScanned() throws Exception {
        FakeClamd clamd = tcp(FakeClamd.replying("stream: OK"));
        ClamdScanner scanner = new ClamdScanner(clamd.settings().withMaxStreamBytes(100_000));

        assertThat(scanner.scan(zeros(100_000))).isEqualTo(ClamdResult.clean());
        assertThat(clamd.received().data).hasSize(100_000);
    }

    @Test
    void anUnreadableMessageIsNoVerdict() {
        FakeClamd clamd = tcp(x -> {
            x.command();
            x.stream(Long.MAX_VALUE);
        });
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };

        ClamdException failure = catchThrowableOfType(() -> scanner(clamd).scan(broken), ClamdException.class);

        assertThat(failure.failure()).isEqualTo(Failure.CONTENT_UNREADABLE);
        assertThat(failure).hasMessageContaining("disk gone");
    }

    // ---- ping, Unix sockets, concurrency

    @Test
    void pingIsTrueOnlyForPong() {
        assertThat(scanner(tcp(FakeClamd.replying("stream: OK"))).ping()).isTrue();
        assertThat(scanner(tcp(x -> {
            x.command();
            x.reply("PANG");
        })).ping()).isFalse();
        assertThat(impatient(tcp(x -> {
            x.command();
            x.hang();
        })).ping()).isFalse();
    }

    @Test
    void aUnixSocketWorksLikeTcp(@TempDir Path directory) throws Exception {
        FakeClamd clamd = track(new FakeClamd(StandardProtocolFamily.UNIX, UnixDomainSocketAddress.of(directory.resolve("clamd.ctl")),
            FakeClamd.replying("stream: Eicar-Signature FOUND")));
        ClamdScanner scanner = scanner(clamd);

        assertThat(scanner.settings().address()).isEqualTo("unix:" + directory.resolve("clamd.ctl"));
        assertThat(scanner.ping()).isTrue();
        assertThat(scanner.scan(message("a message"))).isEqualTo(ClamdResult.infected("Eicar-Signature"));
        assertThat(clamd.received().data).isEqualTo("a message".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void concurrentScansEachGetTheirOwnVerdict() throws Exception {
        FakeClamd clamd = tcp(x -> {
            x.command();
            Received received = x.stream(Long.MAX_VALUE);
            x.reply(new String(received.data, StandardCharsets.US_ASCII).contains("virus") ? "stream: Test.Virus FOUND" : "stream: OK");
        });
        ClamdScanner scanner = scanner(clamd);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ClamdResult>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String text = "message " + i + (i % 3 == 0 ? " with a virus" : "") + " ".repeat(i * 5000);
                results.add(pool.submit(() -> scanner.scan(message(text))));
            }
            for (int i = 0; i < 32; i++) {
                assertThat(results.get(i).get(10, TimeUnit.SECONDS).infected()).as("message " + i).isEqualTo(i % 3 == 0);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- settings

    @Test
    void settingsNeedExactlyOneAddress() {
        InetSocketAddress tcp = InetSocketAddress.createUnresolved("clamd.example", 3310);
        Path unix = Path.of("/run/clamav/clamd.ctl");
        assertThatThrownBy(() -> new ClamdSettings(Optional.empty(), Optional.empty(), SHORT, SHORT, 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tcpAddress, unixSocket").hasMessageContaining("neither");
        assertThatThrownBy(() -> new ClamdSettings(Optional.of(tcp), Optional.of(unix), SHORT, SHORT, 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both");
    }

    @Test
    void settingsValidateEachField() {
        assertThatThrownBy(() -> ClamdSettings.tcp(InetSocketAddress.createUnresolved("clamd.example", 0)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("tcpAddress:");
        assertThatThrownBy(() -> ClamdSettings.unixSocket(Path.of("clamd.ctl")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("unixSocket:");
        ClamdSettings settings = ClamdSettings.unixSocket(Path.of("/run/clamav/clamd.ctl"));
        assertThatThrownBy(() -> settings.withTimeouts(Duration.ZERO, SHORT))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("connectTimeout:");
        assertThatThrownBy(() -> settings.withTimeouts(Duration.ofMinutes(6), SHORT))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("connectTimeout:");
        assertThatThrownBy(() -> settings.withTimeouts(SHORT, Duration.ofMillis(-1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("readTimeout:");
        assertThatThrownBy(() -> settings.withTimeouts(SHORT, Duration.ofHours(2)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("readTimeout:");
        assertThatThrownBy(() -> settings.withMaxStreamBytes(0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxStreamBytes:");
        assertThatThrownBy(() -> settings.withMaxStreamBytes(ClamdSettings.MAX_STREAM_BYTES + 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxStreamBytes:");
        assertThat(settings.withMaxStreamBytes(ClamdSettings.MAX_STREAM_BYTES).maxStreamBytes()).isEqualTo(ClamdSettings.MAX_STREAM_BYTES);
    }

    @Test
    void clamdIsOffWithoutAnAddress() {
        assertThat(ClamdSettings.fromProperties(new Properties())).isEmpty();
        assertThat(ClamdSettings.fromProperties(properties(ClamdSettings.ADDRESS_KEY, "  "))).isEmpty();
        assertThat(ClamdSettings.fromProperties(properties(ClamdSettings.READ_TIMEOUT_KEY, "1000"))).isEmpty();
    }

    @Test
    void aHostAndPortAddressTakesTheDefaults() {
        ClamdSettings settings = ClamdSettings.fromProperties(properties(ClamdSettings.ADDRESS_KEY, " clamd.example:3310 ")).orElseThrow();

        assertThat(settings.tcpAddress()).hasValueSatisfying(address -> {
            assertThat(address.getHostString()).isEqualTo("clamd.example");
            assertThat(address.getPort()).isEqualTo(3310);
            assertThat(address.isUnresolved()).as("resolved at each connection").isTrue();
        });
        assertThat(settings.unixSocket()).isEmpty();
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofMillis(30_000));
        assertThat(settings.maxStreamBytes()).isEqualTo(26_214_400L);
        assertThat(settings.address()).isEqualTo("clamd.example:3310");
    }

    @Test
    void anIpv6AddressIsBracketed() {
        ClamdSettings settings = ClamdSettings.fromProperties(properties(ClamdSettings.ADDRESS_KEY, "[::1]:3310")).orElseThrow();

        assertThat(settings.tcpAddress().orElseThrow().getHostString()).isEqualTo("::1");
        assertThat(settings.address()).isEqualTo("[::1]:3310");
    }

    @Test
    void aUnixAddressAndEveryKeyAreRead() {
        Properties properties = properties(ClamdSettings.ADDRESS_KEY, "unix:/run/clamav/clamd.ctl");
        properties.setProperty(ClamdSettings.CONNECT_TIMEOUT_KEY, "500");
        properties.setProperty(ClamdSettings.READ_TIMEOUT_KEY, "60000");
        properties.setProperty(ClamdSettings.MAX_STREAM_BYTES_KEY, "104857600");
        properties.setProperty("antivirus.other", "not clamd's");

        ClamdSettings settings = ClamdSettings.fromProperties(properties).orElseThrow();

        assertThat(settings).isEqualTo(new ClamdSettings(Optional.empty(), Optional.of(Path.of("/run/clamav/clamd.ctl")),
            Duration.ofMillis(500), Duration.ofMinutes(1), 104_857_600L));
        assertThat(settings.address()).isEqualTo("unix:/run/clamav/clamd.ctl");
    }

    @Test
    void badValuesNameTheirKey() {
        for (String address : List.of("clamd.example", "clamd.example:99999", "clamd.example:0", "clamd.example:abc", ":3310",
            "clamd example:3310", "::1:3310", "[::1]3310", "unix:", "unix:relative/clamd.ctl")) {
            assertThatThrownBy(() -> ClamdSettings.fromProperties(properties(ClamdSettings.ADDRESS_KEY, address)))
                .as(address).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(ClamdSettings.ADDRESS_KEY + ":");
        }
        assertBadValue(ClamdSettings.CONNECT_TIMEOUT_KEY, "2s");
        assertBadValue(ClamdSettings.CONNECT_TIMEOUT_KEY, "0");
        assertBadValue(ClamdSettings.READ_TIMEOUT_KEY, "-1");
        assertBadValue(ClamdSettings.READ_TIMEOUT_KEY, "3600001");
        assertBadValue(ClamdSettings.MAX_STREAM_BYTES_KEY, "25M");
        assertBadValue(ClamdSettings.MAX_STREAM_BYTES_KEY, "0");
        assertBadValue(ClamdSettings.MAX_STREAM_BYTES_KEY, "4294967296");
        assertBadValue("antivirus.clamd.adress", "typo");
    }

    @Test
    void aResultIsCleanWithoutNameOrInfectedWithOne() {
        assertThatThrownBy(() -> new ClamdResult(true, Optional.empty()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("virusName:");
        assertThatThrownBy(() -> new ClamdResult(false, Optional.of("Eicar-Signature")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("virusName:");
        assertThatThrownBy(() -> ClamdResult.infected(" \u0000 "))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("virusName:");
        assertThat(ClamdResult.infected(" Eicar-Signature ").virusName()).contains("Eicar-Signature");
    }

    private static void assertBadValue(String key, String value) {
        Properties properties = properties(ClamdSettings.ADDRESS_KEY, "127.0.0.1:3310");
        properties.setProperty(key, value);
        assertThatThrownBy(() -> ClamdSettings.fromProperties(properties))
            .as(key + "=" + value).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(key + ":");
    }

    private static Properties properties(String key, String value) {
        Properties properties = new Properties();
        properties.setProperty(key, value);
        return properties;
    }

    private static InputStream message(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code size} zero bytes, without holding them in memory. */
    static InputStream zeros(long size) {
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                left--;
                return 0;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                Arrays.fill(buffer, offset, offset + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }

    private FakeClamd tcp(Behaviour behaviour) {
        try {
            return track(new FakeClamd(StandardProtocolFamily.INET, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), behaviour));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private FakeClamd track(FakeClamd fake) {
        fakes.add(fake);
        return fake;
    }

    private static ClamdScanner scanner(FakeClamd clamd) {
        return new ClamdScanner(clamd.settings());
    }

    private static ClamdScanner impatient(FakeClamd clamd) {
        return new ClamdScanner(clamd.settings().withTimeouts(PATIENT, SHORT));
    }

    /** What the fake clamd got on one connection. */
    static final class Received {
        String command = "";
        final List<Integer> chunkLengths = new ArrayList<>();
        byte[] data = new byte[0];
        boolean terminated;
    }

    /** What the fake clamd does on one connection. */
    @FunctionalInterface
    interface Behaviour {
        void handle(Exchange exchange) throws IOException, InterruptedException;
    }

    /** One connection to the fake clamd, seen from clamd's side. */
    static final class Exchange {
        private final DataInputStream in;
        private final OutputStream out;
        private final CountDownLatch closed;
        private final BlockingQueue<Received> received;
        private final Received current = new Received();

        Exchange(SocketChannel channel, CountDownLatch closed, BlockingQueue<Received> received) {
            this.in = new DataInputStream(Channels.newInputStream(channel));
            this.out = Channels.newOutputStream(channel);
            this.closed = closed;
            this.received = received;
        }

        /** Reads the NUL-terminated command. */
        String command() throws IOException {
            StringBuilder command = new StringBuilder();
            for (int b = in.read(); b > 0 && command.length() < 100; b = in.read()) {
                command.append((char) b);
            }
            current.command = command.toString();
            return current.command;
        }

        /**
         * Reads chunks until the zero-length one, the end of the connection, or more than {@code limit}
         * bytes of data (clamd's StreamMaxLength), and records them.
         */
        Received stream(long limit) throws IOException {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            try {
                while (data.size() <= limit) {
                    int length = in.readInt();
                    if (length == 0) {
                        current.terminated = true;
                        break;
                    }
                    current.chunkLengths.add(length);
                    if (length < 0 || length > ClamdScanner.CHUNK_BYTES) {
                        throw new IOException("chunk of " + length + " bytes");
                    }
                    byte[] chunk = new byte[length];
                    in.readFully(chunk);
                    data.write(chunk);
                }
            } catch (EOFException | java.nio.channels.AsynchronousCloseException e) {
                // the client gave up; what arrived is recorded
            } catch (IOException e) {
                if (!"Connection reset by peer".equals(e.getMessage())) {
                    throw e;
                }
            }
            current.data = data.toByteArray();
            received.add(current);
            return current;
        }

        /** Sends {@code text} and clamd's terminating NUL. */
        void reply(String text) throws IOException {
            send(text + "\0");
        }

        void send(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Keeps the connection open and silent until the fake is closed. */
        void hang() throws InterruptedException {
            closed.await(30, TimeUnit.SECONDS);
        }
    }

    /** A clamd on 127.0.0.1 (or a Unix socket) that accepts connections and hands each to a {@link Behaviour}. */
    static final class FakeClamd implements AutoCloseable {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        private final ServerSocketChannel server;
        private final Behaviour behaviour;
        private final CountDownLatch closed = new CountDownLatch(1);
        private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
        private final List<Thread> threads = new CopyOnWriteArrayList<>();
        private final ClamdSettings settings;

        FakeClamd(StandardProtocolFamily family, SocketAddress address, Behaviour behaviour) throws IOException {
            this.server = ServerSocketChannel.open(family);
            this.server.bind(address);
            this.behaviour = behaviour;
            this.settings = family == StandardProtocolFamily.UNIX
                ? ClamdSettings.unixSocket(((UnixDomainSocketAddress) address).getPath()).withTimeouts(PATIENT, PATIENT)
                : ClamdSettings.tcp((InetSocketAddress) server.getLocalAddress()).withTimeouts(PATIENT, PATIENT);
            Thread acceptor = new Thread(this::accept, "fake-clamd");
            acceptor.setDaemon(true);
            threads.add(acceptor);
            acceptor.start();
        }

        /** Answers {@code zPING} with PONG and a stream with {@code reply}. */
        static Behaviour replying(String reply) {
            return x -> {
                if (x.command().equals("zPING")) {
                    x.reply("PONG");
                    return;
                }
                x.stream(Long.MAX_VALUE);
                x.reply(reply);
            };
        }

        ClamdSettings settings() {
            return settings;
        }

        String address() {
            return settings.address();
        }

        /** The next stream received, waiting for it a little. */
        Received received() throws InterruptedException {
            Received next = received.poll(5, TimeUnit.SECONDS);
            assertThat(next).as("a stream received by the fake clamd").isNotNull();
            return next;
        }

        private void accept() {
            while (server.isOpen()) {
                try {
                    SocketChannel connection = server.accept();
                    connections.add(connection);
                    Thread handler = new Thread(() -> handle(connection), "fake-clamd-connection");
                    handler.setDaemon(true);
                    threads.add(handler);
                    handler.start();
                } catch (IOException e) {
                    // closed
                }
            }
        }

        private void handle(SocketChannel connection) {
            try (connection) {
                behaviour.handle(new Exchange(connection, closed, received));
            } catch (IOException e) {
                if (closed.getCount() > 0 && connection.isOpen()) {
                    errors.add(e);
                }
            } catch (InterruptedException | RuntimeException e) {
                errors.add(e);
            }
        }

        @Override
        public void close() throws Exception {
            closed.countDown();
            server.close();
            for (SocketChannel connection : connections) {
                connection.close();
            }
            for (Thread thread : threads) {
                thread.join(5000);
            }
        }
    }
}
