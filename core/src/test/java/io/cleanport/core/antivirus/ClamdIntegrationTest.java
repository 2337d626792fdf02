package io.cleanport.core.antivirus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cleanport.core.antivirus.ClamdException.Failure;
import io.cleanport.core.scan.EicarInspector;

/**
 * {@link ClamdScanner} against a real clamd, when one is installed ({@code /usr/sbin/clamd}, Debian's
 * clamav-daemon); skipped otherwise. clamd runs in the foreground on a free port of 127.0.0.1 with a
 * database of one signature, the MD5 of the EICAR test file, so it starts in a fraction of a second and
 * needs neither freshclam nor the network.
 */
class ClamdIntegrationTest {
    private static final Path CLAMD = Path.of("/usr/sbin/clamd");
    private static final String SIGNATURE = "CleanPort.Test.EICAR";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** clamd's StreamMaxLength in the configuration below. */
    private static final long CLAMD_STREAM_MAX = 30L * 1024 * 1024;

    private static Process clamd;
    private static Path log;
    private static ClamdScanner scanner;

    @BeforeAll
    static void startClamd(@TempDir Path directory) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CLAMD), "clamd not installed");

        byte[] eicar = EicarInspector.testString();
        Path database = Files.createDirectory(directory.resolve("db"));
        // a hash signature (.hdb): md5:size:name
        Files.writeString(database.resolve("cleanport-test.hdb"),
            HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(eicar)) + ":" + eicar.length + ":" + SIGNATURE + "\n",
            StandardCharsets.US_ASCII);
        int port = freePort();
        log = directory.resolve("clamd.log");
        Path configuration = directory.resolve("clamd.conf");
        // no User: clamd then keeps the test's user (root or not) and can read the temporary directory
        Files.writeString(configuration, String.join("\n",
            "Foreground yes",
            "TCPSocket " + port,
            "TCPAddr 127.0.0.1",
            "DatabaseDirectory " + database,
            "TemporaryDirectory " + directory,
            "LogFile " + log,
            "PidFile " + directory.resolve("clamd.pid"),
            "StreamMaxLength 30M",
            "ScanMail yes",
            ""), StandardCharsets.US_ASCII);

        ProcessBuilder builder = new ProcessBuilder(CLAMD.toString(), "--config-file=" + configuration)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("clamd.out").toFile());
        // not socket-activated, and not reporting readiness to any systemd unit the build may run in
        builder.environment().keySet().removeIf(name -> name.startsWith("LISTEN_") || name.equals("NOTIFY_SOCKET"));
        long started = System.nanoTime();
        clamd = builder.start();

        scanner = new ClamdScanner(ClamdSettings.tcp(new InetSocketAddress("127.0.0.1", port))
            .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(20))
            .withMaxStreamBytes(2 * CLAMD_STREAM_MAX));
        long deadline = started + START_TIMEOUT.toNanos();
        while (!scanner.ping()) {
            if (!clamd.isAlive() || System.nanoTime() > deadline) {
                fail("clamd did not answer PING within " + START_TIMEOUT + " (alive: " + clamd.isAlive() + "); its output:\n"
                    + Files.readString(directory.resolve("clamd.out")) + "\nits log:\n" + (Files.exists(log) ? Files.readString(log) : ""));
            }
            Thread.sleep(20);
        }
        System.out.printf("clamd answered PING %d ms after its start%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @AfterAll
    static void stopClamd() throws InterruptedException {
        if (clamd == null) {
            return;
        }
        clamd.destroy();
        if (!clamd.waitFor(5, TimeUnit.SECONDS)) {
            clamd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMailWithEicarAsABase64AttachmentIsInfected() throws Exception {
        String mail = "From: sender@example.com\r\n"
            + "To: recipient@example.org\r\n"
            + "Subject: invoice\r\n"
            + "Message-ID: <eicar@example.com>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
            + "\r\n"
            + "--b1\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n"
            + "\r\n"
            + "Please find the invoice attached.\r\n"
            + "--b1\r\n"
            + "Content-Type: application/octet-stream; name=\"invoice.com\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; filename=\"invoice.com\"\r\n"
            + "\r\n"
            + Base64.getMimeEncoder().encodeToString(EicarInspector.testString()) + "\r\n"
            + "--b1--\r\n";

        ClamdResult result = scanner.scan(new ByteArrayInputStream(mail.getBytes(StandardCharsets.US_ASCII)));

        assertThat(result.infected()).isTrue();
        // clamd adds .UNOFFICIAL to a signature of a database it did not download
        assertThat(result.virusName()).hasValueSatisfying(name -> assertThat(name).contains(SIGNATURE));
    }

    @Test
    void aPlainMailIsClean() throws Exception {
        String mail = "From: sender@example.com\r\n"
            + "To: recipient@example.org\r\n"
            + "Subject: lunch\r\n"
            + "Message-ID: <plain@example.com>\r\n"
            + "\r\n"
            + "Lunch at noon?\r\n";

        assertThat(scanner.scan(new ByteArrayInputStream(mail.getBytes(StandardCharsets.US_ASCII)))).isEqualTo(ClamdResult.clean());
    }

    @Test
    void aStreamOverClamdsOwnLimitIsTooLarge() {
        // clamd answers "INSTREAM size limit exceeded. ERROR" and closes while the rest is still being sent
        ClamdException failure = catchThrowableOfType(() -> scanner.scan(ClamdScannerTest.zeros(CLAMD_STREAM_MAX + 1024 * 1024)),
            ClamdException.class);

        assertThat(failure.failure()).isEqualTo(Failure.TOO_LARGE);
        assertThat(failure).hasMessageContaining("size limit exceeded");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
