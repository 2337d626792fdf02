package io.cleanport.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmtpLoadDriverTest {

    private DownstreamSmtpServer downstream;

    @BeforeEach
    void setUp() {
        downstream = DownstreamSmtpServer.builder().retention(DownstreamSmtpServer.Retention.METADATA).start();
    }

    @AfterEach
    void tearDown() {
        downstream.close();
    }

    private static void assertOrdered(LatencyStats s) {
        assertThat(s.min()).isLessThanOrEqualTo(s.p50());
        assertThat(s.p50()).isLessThanOrEqualTo(s.p90());
        assertThat(s.p90()).isLessThanOrEqualTo(s.p99());
        assertThat(s.p99()).isLessThanOrEqualTo(s.max());
    }

    @Test
    void baselineDeliversEverything() {
        LoadConfig cfg = LoadConfig.builder().messages(200).sessions(4).build();
        RunResult r = SmtpLoadDriver.runBaseline(cfg, downstream);
        assertThat(r.sent()).isEqualTo(200);
        assertThat(r.accepted()).isEqualTo(200);
        assertThat(r.delivered()).isEqualTo(200);
        assertThat(r.lost()).isZero();
        assertThat(r.errors()).isZero();
        assertThat(r.duplicates()).isZero();
        assertThat(r.errorsByReason()).isEmpty();
        assertThat(r.latencyMs().count()).isEqualTo(200);
        assertThat(r.endToEndMs().count()).isEqualTo(200);
        assertThat(r.acceptMs().count()).isEqualTo(200);
        assertOrdered(r.latencyMs());
        assertOrdered(r.endToEndMs());
        assertOrdered(r.acceptMs());
        // the baseline listener stamps a message before it answers 250, so e2e >= 0 and delivery <= 250
        assertThat(r.endToEndMs().min()).isGreaterThanOrEqualTo(0);
        assertThat(r.wallSeconds()).isPositive();
        assertThat(r.acceptedPerSecond()).isPositive();
        assertThat(r.deliveredPerSecond()).isPositive();
        assertThat(downstream.count()).isEqualTo(200);
        assertThat(downstream.connectionsAccepted()).isEqualTo(4);
        String json = SmtpLoadDriver.json(cfg, null, downstream.port(), List.of(r), null);
        assertThat(json).contains("\"delivered\":200", "\"errors\":0", "\"ratio\":null").doesNotContain("\n");
    }

    @Test
    void fixedRateSendsTheRequestedCount() {
        LoadConfig cfg = LoadConfig.builder().messages(60).sessions(3).rate(300).size(2048).build();
        RunResult r = SmtpLoadDriver.runBaseline(cfg, downstream);
        assertThat(r.sent()).isEqualTo(60);
        assertThat(r.accepted()).isEqualTo(60);
        assertThat(r.delivered()).isEqualTo(60);
        assertThat(r.errors()).isZero();
        assertOrdered(r.endToEndMs());
    }

    @Test
    void warmupIsSentButNotMeasured() {
        LoadConfig cfg = LoadConfig.builder().messages(30).warmup(20).sessions(2).build();
        RunResult r = SmtpLoadDriver.runBaseline(cfg, downstream);
        assertThat(r.sent()).isEqualTo(30);
        assertThat(r.delivered()).isEqualTo(30);
        assertThat(downstream.count()).isEqualTo(50);
    }

    @Test
    void withoutPipeliningAndSeveralRecipients() {
        LoadConfig cfg = LoadConfig.builder().messages(20).sessions(2).pipelining(false)
                .recipients("a@example.com", "b@example.com").build();
        RunResult r = SmtpLoadDriver.runBaseline(cfg, downstream);
        assertThat(r.accepted()).isEqualTo(20);
        assertThat(r.delivered()).isEqualTo(20);
        assertThat(downstream.received()).allSatisfy(m ->
                assertThat(m.recipients()).containsExactly("a@example.com", "b@example.com"));
    }

    @Test
    void countsRejectionsAsErrors() {
        downstream.rejectAllWith("451 4.3.0 try later");
        LoadConfig cfg = LoadConfig.builder().messages(20).sessions(2).build();
        RunResult r = SmtpLoadDriver.runBaseline(cfg, downstream);
        assertThat(r.sent()).isEqualTo(20);
        assertThat(r.accepted()).isZero();
        assertThat(r.delivered()).isZero();
        assertThat(r.lost()).isZero();
        assertThat(r.errors()).isEqualTo(20);
        assertThat(r.errorsByReason()).containsEntry("RCPT 451", 20);
        assertThat(r.latencyMs().count()).isZero();

        downstream.acceptAll();
        downstream.rejectDataWith("550 5.7.1 no");
        r = SmtpLoadDriver.runBaseline(cfg.toBuilder().pipelining(false).build(), downstream);
        assertThat(r.errorsByReason()).containsEntry("end-of-data 550", 20);
    }

    @Test
    void countsConnectionFailures() {
        DownstreamSmtpServer gone = DownstreamSmtpServer.start();
        InetSocketAddress dead = gone.address();
        gone.close();
        LoadConfig cfg = LoadConfig.builder().messages(10).sessions(2).drainTimeout(Duration.ofSeconds(1)).build();
        RunResult r = SmtpLoadDriver.run("target", dead, cfg, downstream);
        assertThat(r.sent()).isEqualTo(10);
        assertThat(r.accepted()).isZero();
        assertThat(r.errors()).isEqualTo(10);
        assertThat(r.errorsByReason()).containsEntry("connect", 10);
    }

    /**
     * A stand-in gateway: accepts, then relays each message to the downstream from another thread, or
     * (synchronous) before it answers 250, which makes delivery deterministic.
     */
    private static final class Relay implements AutoCloseable {
        final DownstreamSmtpServer front = DownstreamSmtpServer.builder()
                .retention(DownstreamSmtpServer.Retention.METADATA).start();
        final ExecutorService forwarder = Executors.newSingleThreadExecutor();
        final AtomicInteger seen = new AtomicInteger();
        SmtpClientConnection out;

        Relay(DownstreamSmtpServer downstream, int dropEvery, boolean synchronous) {
            front.onReceive(mail -> {
                int n = seen.incrementAndGet();
                if (dropEvery > 0 && n % dropEvery == 0) {
                    return; // "lost" in the gateway
                }
                byte[] stuffed = MessageFactory.dotStuff(mail.bytes());
                Runnable forward = () -> {
                    try {
                        if (out == null) {
                            out = SmtpClientConnection.open(downstream.address(), Duration.ofSeconds(5),
                                    Duration.ofSeconds(30), "relay.test", true);
                        }
                        out.send(mail.sender(), mail.recipients(), new byte[0], stuffed);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                };
                if (synchronous) {
                    synchronized (this) {
                        forward.run();
                    }
                } else {
                    forwarder.execute(forward);
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            forwarder.shutdown();
            forwarder.awaitTermination(30, TimeUnit.SECONDS);
            if (out != null) {
                out.quit();
            }
            front.close();
        }
    }

    @Test
    void targetRunCountsDeliveriesThroughAGateway() throws Exception {
        try (Relay relay = new Relay(downstream, 0, false)) {
            LoadConfig cfg = LoadConfig.builder().messages(100).sessions(4).build();
            RunResult baseline = SmtpLoadDriver.runBaseline(cfg, downstream);
            RunResult target = SmtpLoadDriver.run("target", relay.front.address(), cfg, downstream);
            assertThat(target.accepted()).isEqualTo(100);
            assertThat(target.delivered()).isEqualTo(100);
            assertThat(target.lost()).isZero();
            assertThat(target.latencyMs().count()).isEqualTo(100);
            assertOrdered(target.latencyMs());
            String ratio = SmtpLoadDriver.ratioLine(target, baseline);
            assertThat(ratio).startsWith("ratio target/baseline: accepted/s ");
            String table = SmtpLoadDriver.table(List.of(baseline, target));
            assertThat(table.lines()).hasSize(3);
            assertThat(SmtpLoadDriver.json(cfg, "x", 1, List.of(baseline, target), new RunResult[] {target, baseline}))
                    .contains("\"ratio\":{\"of\":\"target/baseline\"");
        }
    }

    @Test
    void messagesNotDeliveredWithinTheDrainAreLost() throws Exception {
        try (Relay relay = new Relay(downstream, 10, true)) {
            LoadConfig cfg = LoadConfig.builder().messages(50).sessions(1).drainTimeout(Duration.ofMillis(500)).build();
            RunResult r = SmtpLoadDriver.run("target", relay.front.address(), cfg, downstream);
            assertThat(r.accepted()).isEqualTo(50);
            assertThat(r.lost()).isEqualTo(5);
            assertThat(r.delivered()).isEqualTo(45);
            assertThat(r.errors()).isZero();
        }
    }

    @Test
    void cliRunsTheBaselineAndPrintsTableAndJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SmtpLoadDriver.runCli(new String[] {"--messages", "40", "--sessions=2", "--size", "3000"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).startsWith("run ").contains("accepted/s", "p99_ms");
        assertThat(lines.get(1)).startsWith("baseline ");
        assertThat(lines.get(lines.size() - 1)).startsWith("{\"config\":").contains("\"delivered\":40", "\"size\":3000");
    }

    @Test
    void cliParsing() {
        SmtpLoadDriver.Cli cli = SmtpLoadDriver.parse(new String[] {
            "--target", "127.0.0.1:2525", "--baseline", "--messages", "5000", "--sessions", "16", "--rate", "100",
            "--size=20000", "--from", "s@example.org", "--rcpt", "a@example.com,b@example.com", "--rcpt",
            "c@example.com", "--downstream-port", "2526", "--warmup", "500", "--drain-seconds", "5",
            "--pid", "1", "--no-pipelining", "--timeout-seconds", "2.5"});
        assertThat(cli.target()).isEqualTo(new InetSocketAddress("127.0.0.1", 2525));
        assertThat(cli.baseline()).isTrue();
        assertThat(cli.downstreamPort()).isEqualTo(2526);
        LoadConfig c = cli.config();
        assertThat(c.messages()).isEqualTo(5000);
        assertThat(c.sessions()).isEqualTo(16);
        assertThat(c.rate()).isEqualTo(100.0);
        assertThat(c.size()).isEqualTo(20000);
        assertThat(c.from()).isEqualTo("s@example.org");
        assertThat(c.recipients()).containsExactly("a@example.com", "b@example.com", "c@example.com");
        assertThat(c.warmup()).isEqualTo(500);
        assertThat(c.drainTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.ioTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.pid()).isEqualTo(1);
        assertThat(c.pipelining()).isFalse();

        LoadConfig d = SmtpLoadDriver.parse(new String[0]).config();
        assertThat(d).isEqualTo(LoadConfig.defaults());
        assertThat(d.messages()).isEqualTo(2000);
        assertThat(d.sessions()).isEqualTo(8);
        assertThat(d.rate()).isZero();
        assertThat(d.size()).isEqualTo(10 * 1024);

        assertThatThrownBy(() -> SmtpLoadDriver.parse(new String[] {"--bogus", "1"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpLoadDriver.parse(new String[] {"--messages"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpLoadDriver.parse(new String[] {"--target", "nohost"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpLoadDriver.parse(new String[] {"--sessions", "0"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SmtpLoadDriver.parse(new String[] {"--help"}).help()).isTrue();
        assertThat(SmtpLoadDriver.runCli(new String[] {"--bogus"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()))).isEqualTo(2);
    }
}
