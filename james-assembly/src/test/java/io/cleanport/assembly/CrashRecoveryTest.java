package io.cleanport.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cleanport.load.DownstreamSmtpServer;

/**
 * After the gateway answers 250 to DATA the mail is never lost: the server process is killed with SIGKILL
 * while accepted mail waits in the persistent queue, restarted over the same state, and every message
 * arrives downstream.
 *
 * <p>Delivery is at least once, like any MTA's: a message that was being moved from one persistent queue
 * to the next (spool to delivery queue), or whose delivery downstream had completed but was not yet
 * acknowledged, when the process died is handled again after the restart. Only messages in flight at
 * that instant can be duplicated, so duplicates are bounded by the spooler and delivery threads.
 */
class CrashRecoveryTest {
    private static final int MESSAGES = 60;
    /** Spooler threads (20) plus delivery threads (8) of conf/mailetcontainer.xml. */
    private static final int THREADS_IN_FLIGHT = 28;

    @TempDir
    Path directory;

    @Test
    void mailAcceptedWhileTheDownstreamServerIsDownSurvivesAKillAndIsDeliveredAfterTheRestart() throws Exception {
        Path conf = TestGateway.prepare(directory, mailets -> TestGateway.shortRetries(mailets, "1 seconds", 600));
        Path home = directory.resolve("home");
        Path log = directory.resolve("gateway.log");
        int smtpPort = TestGateway.freePort();
        int webAdminPort = TestGateway.freePort();
        DownstreamSmtpServer customer = DownstreamSmtpServer.start();
        customer.stop();
        try {
            try (GatewayProcess gateway = GatewayProcess.start(home, conf, smtpPort, webAdminPort, log)) {
                assertThat(TestGateway.request(webAdminPort, "PUT", "/cleanport/domains/example.test",
                    "{\"catchAll\":true," + TestGateway.downstreamPolicy(customer.port()).substring(1)).statusCode()).isEqualTo(204);
                sendAll("down", smtpPort);
                gateway.kill();
            }
            customer.restart();
            try (GatewayProcess gateway = GatewayProcess.start(home, conf, smtpPort, webAdminPort, log)) {
                assertThat(customer.awaitCount(MESSAGES, Duration.ofSeconds(120))).isTrue();
                Thread.sleep(3_000); // time for a duplicate, if any, to show up
                Map<String, Long> copies = copiesBySubject(customer);
                assertThat(copies).hasSize(MESSAGES);
                long duplicates = copies.values().stream().mapToLong(count -> count - 1).sum();
                System.out.printf("kill -9 with the downstream server down: %d duplicates after the restart%n", duplicates);
                assertThat(duplicates).isLessThanOrEqualTo(THREADS_IN_FLIGHT);
                assertThat(gateway.terminate(Duration.ofSeconds(60))).isIn(0, 143);
            }
        } finally {
            customer.close();
        }
    }

    @Test
    void mailKilledRightAfterItsAcceptanceIsDeliveredAfterTheRestart() throws Exception {
        Path conf = TestGateway.prepare(directory, mailets -> TestGateway.shortRetries(mailets, "1 seconds", 600));
        Path home = directory.resolve("home");
        Path log = directory.resolve("gateway.log");
        int smtpPort = TestGateway.freePort();
        int webAdminPort = TestGateway.freePort();
        DownstreamSmtpServer customer = DownstreamSmtpServer.start();
        try {
            try (GatewayProcess gateway = GatewayProcess.start(home, conf, smtpPort, webAdminPort, log)) {
                assertThat(TestGateway.request(webAdminPort, "PUT", "/cleanport/domains/example.test",
                    "{\"catchAll\":true," + TestGateway.downstreamPolicy(customer.port()).substring(1)).statusCode()).isEqualTo(204);
                sendAll("up", smtpPort);
                gateway.kill();
            }
            int deliveredBeforeRestart = customer.count();
            try (GatewayProcess gateway = GatewayProcess.start(home, conf, smtpPort, webAdminPort, log)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (copiesBySubject(customer).size() < MESSAGES && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(3_000);
                Map<String, Long> copies = copiesBySubject(customer);
                assertThat(copies).as("delivered before the kill: %d", deliveredBeforeRestart).hasSize(MESSAGES);
                long duplicates = copies.values().stream().mapToLong(count -> count - 1).sum();
                System.out.printf("kill -9 right after acceptance: %d delivered before the kill, %d duplicates after the restart%n",
                    deliveredBeforeRestart, duplicates);
                assertThat(duplicates).isLessThanOrEqualTo(THREADS_IN_FLIGHT);
            }
        } finally {
            customer.close();
        }
    }

    private static void sendAll(String run, int smtpPort) throws Exception {
        try (SmtpTestClient client = SmtpTestClient.connect(smtpPort)) {
            client.ehlo();
            for (int i = 0; i < MESSAGES; i++) {
                String subject = "crash-" + run + "-" + i;
                byte[] message = ("From: <bob@senders.test>\r\nTo: <user" + i + "@example.test>\r\nSubject: " + subject
                    + "\r\nMessage-ID: <" + subject + "@senders.test>\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
                assertThat(client.send("bob@senders.test", "user" + i + "@example.test", message)).startsWith("250");
            }
        }
    }

    private static Map<String, Long> copiesBySubject(DownstreamSmtpServer server) {
        return server.received().stream()
            .map(mail -> mail.header("Subject"))
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
