package io.cleanport.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cleanport.load.DownstreamSmtpServer;

/**
 * An administrator whose customer's server is back need not wait for the next scheduled retry: James's
 * mail queue route flushes the waiting mail of the delivery queue at once.
 */
class RetryNowTest {
    @TempDir
    Path directory;

    @Test
    void flushingTheDeliveryQueueRetriesWaitingMailAtOnce() throws Exception {
        DownstreamSmtpServer customer = DownstreamSmtpServer.start();
        customer.stop();
        try (TestGateway gateway = TestGateway.start(directory, mailets -> TestGateway.shortRetries(mailets, "1 hours", 5))) {
            gateway.protect("example.test", "{\"catchAll\":true,\"downstream\":[{\"host\":\"127.0.0.1\",\"port\":" + customer.port() + "}]}");
            try (SmtpTestClient client = SmtpTestClient.connect(gateway.smtpPort())) {
                client.ehlo();
                byte[] message = "Subject: retry now\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
                assertThat(client.send("bob@senders.test", "alice@example.test", message)).startsWith("250");
            }
            awaitDelayedMailIn(gateway, "downstream");
            customer.restart();
            Thread.sleep(2_000);
            assertThat(customer.count()).as("nothing is retried before the hour is up").isZero();

            assertThat(gateway.http("PATCH", "/mailQueues/downstream/mails?delayed=true", "{\"delayed\": false}").statusCode())
                .isEqualTo(204);

            assertThat(customer.awaitCount(1, Duration.ofSeconds(30))).isTrue();
            assertThat(customer.received().get(0).header("Subject")).isEqualTo("retry now");
        } finally {
            customer.close();
        }
    }

    /** Waits until the first delivery attempt has failed and the mail waits for its next try. */
    private static void awaitDelayedMailIn(TestGateway gateway, String queue) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String body = gateway.http("GET", "/mailQueues/" + queue + "/mails?delayed=true", null).body();
            if (body.contains("\"name\"")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no delayed mail appeared in queue " + queue);
    }
}
