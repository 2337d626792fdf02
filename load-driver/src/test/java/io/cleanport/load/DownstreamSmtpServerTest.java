package io.cleanport.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DownstreamSmtpServerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private DownstreamSmtpServer server;

    @BeforeEach
    void setUp() {
        server = DownstreamSmtpServer.start();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Polls a condition that is expected to become true (no timing threshold: generous ceiling). */
    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(10);
        }
    }

    private static byte[] trickyMessage() {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes(bytes("From: a@example.org\r\nTo: b@example.com\r\nSubject: dots\r\n  and folding\r\n"
                + "X-Load-Id: t-1\r\n\r\n"));
        m.writeBytes(bytes(".\r\n"));
        m.writeBytes(bytes("..\r\n"));
        m.writeBytes(bytes(".leading dot\r\n"));
        m.writeBytes(bytes("...three\r\n"));
        m.writeBytes(bytes("bare LF\n.\nstays\r\n"));
        m.writeBytes(bytes("bare CR\r.\rstays\r\n"));
        for (int i = 0x80; i <= 0xff; i++) {
            m.write(i);
        }
        m.writeBytes(bytes("\r\n"));
        m.writeBytes("Grüße, 日本語\r\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 20_000; i++) {
            m.write('a' + (i % 26));
        }
        m.writeBytes(bytes("\r\n\r\n.\r\nlast line\r\n"));
        return m.toByteArray();
    }

    @Test
    void receivesMessageByteIdentically() throws Exception {
        byte[] message = trickyMessage();
        try (RawSmtpClient c = new RawSmtpClient(server.port())) {
            c.hello();
            assertThat(c.send("a@example.org", List.of("b@example.com", "c@example.net"), message))
                    .startsWith("250 2.0.0");
            assertThat(c.cmd("QUIT")).startsWith("221");
        }
        assertThat(server.awaitCount(1, WAIT)).isTrue();
        ReceivedMail mail = server.received().get(0);
        assertThat(mail.bytes()).isEqualTo(message);
        assertThat(mail.size()).isEqualTo(message.length);
        assertThat(mail.hasContent()).isTrue();
        assertThat(mail.sender()).isEqualTo("a@example.org");
        assertThat(mail.recipients()).containsExactly("b@example.com", "c@example.net");
        assertThat(mail.helo()).isEqualTo("client.test");
        assertThat(mail.sequence()).isEqualTo(1);
        assertThat(mail.header("subject")).isEqualTo("dots  and folding");
        assertThat(mail.header("X-LOAD-ID")).isEqualTo("t-1");
        assertThat(mail.header("Missing")).isNull();
        assertThat(server.count()).isEqualTo(1);
    }

    @Test
    void receivesMessageWrittenInTinyChunks() throws Exception {
        byte[] message = trickyMessage();
        byte[] wire = MessageFactory.dotStuff(message);
        try (RawSmtpClient c = new RawSmtpClient(server.port())) {
            c.hello();
            c.cmd("MAIL FROM:<a@example.org>");
            c.cmd("RCPT TO:<b@example.com>");
            assertThat(c.cmd("DATA")).startsWith("354");
            // the terminator <CRLF>.<CRLF> goes out split over five writes
            int cut = wire.length - 2;
            for (int i = 0; i < cut; i += 4096) {
                c.write(java.util.Arrays.copyOfRange(wire, i, Math.min(cut, i + 4096)));
            }
            c.write(bytes("\r"));
            c.write(bytes("\n"));
            c.write(bytes("."));
            c.write(bytes("\r"));
            c.write(bytes("\n"));
            assertThat(c.last()).startsWith("250");
        }
        assertThat(server.awaitCount(1, WAIT)).isTrue();
        assertThat(server.received().get(0).bytes()).isEqualTo(message);
    }

    @Test
    void ehloAdvertisesExtensions() throws Exception {
        try (RawSmtpClient c = new RawSmtpClient(server.port())) {
            assertThat(c.last()).startsWith("220 ");
            c.write("EHLO client.test\r\n");
            List<String> ehlo = c.reply();
            assertThat(ehlo.get(0)).startsWith("250-");
            assertThat(ehlo).extracting(l -> l.substring(4))
                    .contains("8BITMIME", "PIPELINING", "SIZE 52428800", "ENHANCEDSTATUSCODES")
                    .noneMatch(l -> l.contains("STARTTLS"));
            assertThat(c.cmd("HELO other.test")).startsWith("250 ");
            assertThat(c.cmd("NOOP")).startsWith("250");
            assertThat(c.cmd("RSET")).startsWith("250");
        }
    }

    @Test
    void handlesPipelinedCommandsAndTransactions() throws Exception {
        byte[] first = bytes("Subject: one\r\n\r\nfirst\r\n");
        byte[] second = bytes("Subject: two\r\n\r\n.second\r\n");
        try (RawSmtpClient c = new RawSmtpClient(server.port())) {
            assertThat(c.last()).startsWith("220");
            c.write("EHLO client.test\r\nMAIL FROM:<a@example.org> SIZE=100 BODY=8BITMIME\r\n"
                    + "RCPT TO:<b@example.com>\r\nRCPT TO:<c@example.com>\r\nDATA\r\n");
            assertThat(c.reply().get(0)).startsWith("250-");
            assertThat(c.last()).startsWith("250 2.1.0");
            assertThat(c.last()).startsWith("250 2.1.5");
            assertThat(c.last()).startsWith("250 2.1.5");
            assertThat(c.last()).startsWith("354");
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            rest.writeBytes(MessageFactory.dotStuff(first));
            rest.writeBytes(bytes(".\r\nMAIL FROM:<>\r\nRCPT TO:<d@example.com>\r\nDATA\r\n"));
            rest.writeBytes(MessageFactory.dotStuff(second));
            rest.writeBytes(bytes(".\r\nNOOP\r\nQUIT\r\n"));
            c.write(rest.toByteArray());
            assertThat(c.last()).startsWith("250 2.0.0");
            assertThat(c.last()).startsWith("250 2.1.0");
            assertThat(c.last()).startsWith("250 2.1.5");
            assertThat(c.last()).startsWith("354");
            assertThat(c.last()).startsWith("250 2.0.0");
            assertThat(c.last()).startsWith("250");
            assertThat(c.last()).startsWith("221");
            assertThat(c.line()).isNull();
        }
        assertThat(server.awaitCount(2, WAIT)).isTrue();
        List<ReceivedMail> mails = server.received();
        assertThat(mails.get(0).bytes()).isEqualTo(first);
        assertThat(mails.get(0).recipients()).containsExactly("b@example.com", "c@example.com");
        assertThat(mails.get(1).bytes()).isEqualTo(second);
        assertThat(mails.get(1).sender()).isEmpty();
        assertThat(mails.get(1).recipients()).containsExactly("d@example.com");
    }

    @Test
    void rejectsRecipientsWhenTold() throws Exception {
        server.rejectAllWith("451 4.3.0 try later");
        try (RawSmtpClient c = new RawSmtpClient(server.port())) {
            c.hello();
            assertThat(c.cmd("MAIL FROM:<a@example.org>")).startsWith("250");
            assertThat(c.cmd("RCPT TO:<b@example.com>")).isEqualTo("451 4.3.0 try later");
            assertThat(c.cmd("DATA")).startsWith("554");
            assertThat(c.cmd("RSET")).startsWith("250");

            server.rejectAllWith("550 5.1.1 no such user");
            assertThat(c.cmd("MAIL FROM:<a@example.org>")).startsWith("250");
            assertThat(c.cmd("RCPT TO:<b@example.com>")).isEqualTo("550 5.1.1 no such user");
            assertThat(c.cmd("RSET")).startsWith("250");

            server.acceptAll();
            server.rejectRecipient("Bad@Example.com", "550 5.1.1 no such user");
            assertThat(c.cmd("MAIL FROM:<a@example.org>")).startsWith("250");
            assertThat(c.cmd("RCPT TO:<bad@example.com>")).isEqualTo("550 5.1.1 no such user");
            assertThat(c.cmd("RCPT TO:<good@example.com>")).startsWith("250");
            assertThat(c.cmd("DATA")).startsWith("354");
            c.write("Subject: partial\r\n\r\nhi\r\n.\r\n");
            assertThat(c.last()).startsWith("250");
        }
        assertThat(server.awaitCount(1, WAIT)).isTrue();
        assertThat(server.received()).singleElement()
                .satisfies(m -> assertThat(m.recipients()).containsExactly("good@example.com"));
    }

    @Test
    void rejectsAfterDataWhenTold() throws Exception {
        server.rejectDataWith("554 5.7.1 rejected by policy");
        try (RawSmtpClient c = new RawSmtpClient(server.port())) {
            c.hello();
            assertThat(c.send("a@example.org", List.of("b@example.com"), bytes("Subject: x\r\n\r\nbody\r\n")))
                    .isEqualTo("554 5.7.1 rejected by policy");
            server.acceptAll();
            assertThat(c.send("a@example.org", List.of("b@example.com"), bytes("Subject: y\r\n\r\nbody\r\n")))
                    .startsWith("250");
        }
        assertThat(server.awaitCount(1, WAIT)).isTrue();
        assertThat(server.received()).singleElement().satisfies(m -> assertThat(m.header("Subject")).isEqualTo("y"));
    }

    @Test
    void refusesMalformedReplyText() {
        assertThatThrownBy(() -> server.rejectAllWith("try later")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.rejectDataWith("45 x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.rejectRecipient("a@b", "6000")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answersBadCommandsAndSequences() throws Exception {
        try (RawSmtpClient c = new RawSmtpClient(server.port())) {
            assertThat(c.last()).startsWith("220");
            assertThat(c.cmd("MAIL FROM:<a@example.org>")).startsWith("503");
            assertThat(c.cmd("EHLO")).startsWith("501");
            assertThat(c.cmd("EHLO client.test")).startsWith("250");
            assertThat(c.cmd("XYZZY")).startsWith("500");
            assertThat(c.cmd("")).startsWith("500");
            assertThat(c.cmd("VRFY someone")).startsWith("502");
            assertThat(c.cmd("STARTTLS")).startsWith("502");
            assertThat(c.cmd("RCPT TO:<b@example.com>")).startsWith("503");
            assertThat(c.cmd("DATA")).startsWith("503");
            assertThat(c.cmd("MAIL TO:<a@example.org>")).startsWith("501");
            assertThat(c.cmd("MAIL FROM:<a@example.org> SIZE=60000000")).startsWith("552");
            assertThat(c.cmd("MAIL FROM: <a@example.org>")).startsWith("250");
            assertThat(c.cmd("MAIL FROM:<a@example.org>")).startsWith("503");
            assertThat(c.cmd("DATA")).startsWith("554");
            assertThat(c.cmd("RCPT TO:<>")).startsWith("501");
            assertThat(c.cmd("rcpt to:<@relay.test:b@example.com>")).startsWith("250");
            assertThat(c.cmd("DATA extra")).startsWith("501");
            assertThat(c.cmd("RSET")).startsWith("250");
            assertThat(c.cmd("X".repeat(9000))).startsWith("500");
            assertThat(c.cmd("NOOP " + "y".repeat(8000))).startsWith("250");
            assertThat(c.cmd("NOOP")).startsWith("250");
        }
    }

    @Test
    void refusesOversizedMessageAndStaysUsable() throws Exception {
        try (DownstreamSmtpServer small = DownstreamSmtpServer.builder().maxMessageSize(1024).start();
             RawSmtpClient c = new RawSmtpClient(small.port())) {
            c.hello();
            byte[] big = bytes(("0123456789".repeat(7) + "\r\n").repeat(100));
            assertThat(c.send("a@example.org", List.of("b@example.com"), big)).startsWith("552");
            assertThat(c.send("a@example.org", List.of("b@example.com"), bytes("Subject: ok\r\n\r\n.\r\n")))
                    .startsWith("250");
            assertThat(small.awaitCount(1, WAIT)).isTrue();
            assertThat(small.received()).singleElement()
                    .satisfies(m -> assertThat(m.bytes()).isEqualTo(bytes("Subject: ok\r\n\r\n.\r\n")));
        }
    }

    @Test
    void peerHangingUpMidDataRecordsNothingAndServerKeepsWorking() throws Exception {
        try (RawSmtpClient quitter = new RawSmtpClient(server.port())) {
            quitter.hello();
            quitter.cmd("MAIL FROM:<a@example.org>");
            quitter.cmd("RCPT TO:<b@example.com>");
            assertThat(quitter.cmd("DATA")).startsWith("354");
            quitter.write("Subject: never finished\r\n\r\nsome text\r\n.");
        }
        try (RawSmtpClient c = new RawSmtpClient(server.port())) {
            c.hello();
            assertThat(c.send("a@example.org", List.of("b@example.com"), bytes("Subject: fine\r\n\r\nok\r\n")))
                    .startsWith("250");
            assertThat(c.cmd("QUIT")).startsWith("221");
        }
        eventually(() -> server.activeSessions() == 0);
        assertThat(server.count()).isEqualTo(1);
        assertThat(server.received().get(0).header("Subject")).isEqualTo("fine");
    }

    @Test
    void manyConcurrentSessions() throws Exception {
        int sessions = 50;
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int s = 0; s < sessions; s++) {
            int id = s;
            Thread t = new Thread(() -> {
                try (RawSmtpClient c = new RawSmtpClient(server.port())) {
                    c.hello();
                    for (int m = 0; m < 10; m++) {
                        String r = c.send("a@example.org", List.of("b@example.com"),
                                bytes("X-Load-Id: " + id + "-" + m + "\r\n\r\nbody\r\n"));
                        if (!r.startsWith("250")) {
                            throw new AssertionError(r);
                        }
                    }
                    c.cmd("QUIT");
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(server.awaitCount(sessions * 10, WAIT)).isTrue();
        assertThat(server.received()).extracting(m -> m.header("X-Load-Id")).doesNotHaveDuplicates()
                .hasSize(sessions * 10);
    }

    @Test
    void closeThenStartOnTheSamePort() throws Exception {
        int port = server.port();
        sendOne(port, "before");
        assertThat(server.awaitCount(1, WAIT)).isTrue();
        server.close();
        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);

        try (DownstreamSmtpServer again = DownstreamSmtpServer.start(port)) {
            assertThat(again.port()).isEqualTo(port);
            sendOne(port, "after");
            assertThat(again.awaitCount(1, WAIT)).isTrue();
            assertThat(again.received().get(0).header("Subject")).isEqualTo("after");
        }
    }

    @Test
    void stopClosesLiveSessionsAndRestartKeepsState() throws Exception {
        int port = server.port();
        server.rejectDataWith("451 4.3.0 try later");
        try (RawSmtpClient idle = new RawSmtpClient(port);
             RawSmtpClient midData = new RawSmtpClient(port)) {
            idle.hello();
            midData.hello();
            midData.cmd("MAIL FROM:<a@example.org>");
            midData.cmd("RCPT TO:<b@example.com>");
            assertThat(midData.cmd("DATA")).startsWith("354");
            midData.write("Subject: cut off\r\n\r\n");
            server.stop();
            idle.drain();
            midData.drain();
        }
        assertThat(server.activeSessions()).isZero();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);

        server.restart();
        assertThat(server.isRunning()).isTrue();
        assertThat(server.port()).isEqualTo(port);
        try (RawSmtpClient c = new RawSmtpClient(port)) {
            c.hello();
            // the switch survived the restart
            assertThat(c.send("a@example.org", List.of("b@example.com"), bytes("Subject: x\r\n\r\nx\r\n")))
                    .startsWith("451");
            server.acceptAll();
            assertThat(c.send("a@example.org", List.of("b@example.com"), bytes("Subject: y\r\n\r\ny\r\n")))
                    .startsWith("250");
        }
        assertThat(server.awaitCount(1, WAIT)).isTrue();
        assertThat(server.count()).isEqualTo(1);
    }

    @Test
    void idleSessionsGetClosed() throws Exception {
        try (DownstreamSmtpServer quick = DownstreamSmtpServer.builder().idleTimeout(Duration.ofMillis(200)).start();
             RawSmtpClient c = new RawSmtpClient(quick.port())) {
            assertThat(c.last()).startsWith("220");
            assertThat(c.last()).startsWith("421");
            assertThat(c.line()).isNull();
        }
    }

    @Test
    void refusesSessionsBeyondTheLimit() throws Exception {
        try (DownstreamSmtpServer one = DownstreamSmtpServer.builder().maxSessions(1).start();
             RawSmtpClient first = new RawSmtpClient(one.port())) {
            first.hello();
            try (RawSmtpClient second = new RawSmtpClient(one.port())) {
                assertThat(second.last()).startsWith("421");
            }
            assertThat(first.cmd("NOOP")).startsWith("250");
        }
    }

    @Test
    void retentionBoundsWhatIsKeptButListenersSeeEverything() throws Exception {
        List<ReceivedMail> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        DownstreamSmtpServer.Subscription sub = server.onReceive(seen::add);
        byte[] message = bytes("Subject: s\r\nX-Load-Id: r-7\r\n\r\nbody text\r\n");

        server.retention(DownstreamSmtpServer.Retention.HEADERS);
        sendOne(server.port(), message);
        server.retention(DownstreamSmtpServer.Retention.METADATA);
        sendOne(server.port(), message);
        assertThat(server.awaitCount(2, WAIT)).isTrue();

        List<ReceivedMail> kept = server.received();
        assertThat(kept.get(0).bytes()).isEqualTo(bytes("Subject: s\r\nX-Load-Id: r-7\r\n\r\n"));
        assertThat(kept.get(0).header("X-Load-Id")).isEqualTo("r-7");
        assertThat(kept.get(0).hasContent()).isFalse();
        assertThat(kept.get(0).size()).isEqualTo(message.length);
        assertThat(kept.get(1).bytes()).isNull();
        assertThat(kept.get(1).header("X-Load-Id")).isNull();
        assertThat(kept.get(1).size()).isEqualTo(message.length);
        assertThatThrownBy(() -> kept.get(1).text()).isInstanceOf(IllegalStateException.class);
        assertThat(seen).hasSize(2).allSatisfy(m -> assertThat(m.bytes()).isEqualTo(message));

        sub.close();
        sendOne(server.port(), message);
        assertThat(server.awaitCount(3, WAIT)).isTrue();
        assertThat(seen).hasSize(2);
    }

    @Test
    void clearAndAwait() throws Exception {
        sendOne(server.port(), "one");
        assertThat(server.awaitCount(1, WAIT)).isTrue();
        server.clear();
        assertThat(server.count()).isZero();
        assertThat(server.received()).isEmpty();
        assertThat(server.awaitCount(1, Duration.ofMillis(50))).isFalse();
        sendOne(server.port(), "two");
        assertThat(server.awaitCount(1, WAIT)).isTrue();
        assertThat(server.received().get(0).sequence()).isEqualTo(1);
    }

    @Test
    void listenerFailureDoesNotBreakDelivery() throws Exception {
        server.onReceive(m -> {
            throw new IllegalStateException("boom");
        });
        sendOne(server.port(), "still delivered");
        assertThat(server.awaitCount(1, WAIT)).isTrue();
    }

    private static void sendOne(int port, String subject) throws IOException {
        sendOne(port, bytes("Subject: " + subject + "\r\n\r\nbody\r\n"));
    }

    private static void sendOne(int port, byte[] message) throws IOException {
        try (RawSmtpClient c = new RawSmtpClient(port)) {
            c.hello();
            String r = c.send("a@example.org", List.of("b@example.com"), message);
            assertThat(r).startsWith("250");
            c.cmd("QUIT");
        }
    }
}
