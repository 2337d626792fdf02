package io.cleanport.core.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import io.cleanport.core.diagnostics.OpenRelayReport.Verdict;
import io.cleanport.core.policy.Downstream;
import io.cleanport.core.testing.ScriptedSmtpServer;
import io.cleanport.core.testing.TestCertificates;

class OpenRelayProbeTest {
    static final String SENDER = "relay-test@gateway.cleanport.test";
    static final String OUTSIDER = "relay-test@outside.test";

    private final OpenRelayProbe probe = new OpenRelayProbe(DownstreamProbeTest.SETTINGS, DownstreamProbeTest.LOOPBACK);

    @Test
    void aServerThatAcceptsAnOutsideRecipientIsAnOpenRelay() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            OpenRelayReport report = probe.probe(server.downstream(), SENDER, OUTSIDER);

            assertThat(report.verdict()).isEqualTo(Verdict.OPEN_RELAY);
            assertThat(report.address()).contains("127.0.0.1");
            assertThat(report.mailFromReply()).contains("250 2.1.0 Ok");
            assertThat(report.rcptToReply()).contains("250 2.1.5 Ok");
            assertThat(report.explanation()).contains("from anyone who connects").contains("README implementation guide");
            assertThat(report.errors()).isEmpty();
            assertThat(server.commands()).containsExactly("EHLO gateway.cleanport.test", "MAIL FROM:<" + SENDER + ">",
                "RCPT TO:<" + OUTSIDER + ">", "RSET", "QUIT");
            assertThat(server.verbs()).doesNotContain("DATA");
        }
    }

    @Test
    void upgradesToTlsFirstWhenOffered() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
            .startTls(TestCertificates.serverContext(DownstreamProbeTest.HOST)).start()) {
            OpenRelayReport report = probe.probe(server.downstream(), SENDER, OUTSIDER);

            assertThat(report.verdict()).isEqualTo(Verdict.OPEN_RELAY);
            assertThat(server.verbs()).containsExactly("EHLO", "STARTTLS", "EHLO", "MAIL", "RCPT", "RSET", "QUIT");
        }
    }

    @Test
    void aServerThatRefusesOutsideRecipientsDoesNotRelay() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().relayOnlyFor("customer.test").start()) {
            OpenRelayReport report = probe.probe(server.downstream(), SENDER, OUTSIDER);

            assertThat(report.verdict()).isEqualTo(Verdict.NOT_RELAYING);
            assertThat(report.rcptToReply()).contains("550 5.7.1 Relaying denied");
            assertThat(report.explanation()).contains("does not relay");
            assertThat(server.verbs()).containsExactly("EHLO", "MAIL", "RCPT", "RSET", "QUIT");
        }
    }

    @Test
    void aDeferredRecipientIsInconclusive() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().rcptReply("450 4.7.1 Greylisted, come back later").start()) {
            OpenRelayReport report = probe.probe(server.downstream(), SENDER, OUTSIDER);

            assertThat(report.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(report.explanation()).contains("deferred").contains("450 4.7.1 Greylisted");
            assertThat(report.errors()).isEmpty();
        }
    }

    @Test
    void aRefusedSenderIsInconclusive() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().mailReply("550 5.7.1 Sender rejected").start()) {
            OpenRelayReport report = probe.probe(server.downstream(), SENDER, OUTSIDER);

            assertThat(report.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(report.mailFromReply()).contains("550 5.7.1 Sender rejected");
            assertThat(report.rcptToReply()).isEmpty();
            assertThat(report.explanation()).startsWith("The server refused MAIL FROM:<" + SENDER + "> with 550 5.7.1 Sender rejected");
            assertThat(server.verbs()).containsExactly("EHLO", "MAIL", "RSET", "QUIT");
        }
    }

    @Test
    void aClosedPortIsInconclusive() throws IOException {
        int port = DownstreamProbeTest.closedPort();

        OpenRelayReport report = probe.probe(Downstream.of("127.0.0.1", port), SENDER, OUTSIDER);

        assertThat(report.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(report.address()).isEmpty();
        assertThat(report.errors()).singleElement().asString().startsWith("connection refused by 127.0.0.1:" + port);
        assertThat(report.explanation()).contains("could not connect");
    }

    @Test
    void aRefusingGreetingIsInconclusive() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().banner("554 5.7.1 Go away").start()) {
            OpenRelayReport report = probe.probe(server.downstream(), SENDER, OUTSIDER);

            assertThat(report.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(report.errors()).containsExactly("the server greeted with 554 5.7.1 Go away: it refuses connections from the gateway");
            assertThat(server.verbs()).containsExactly("QUIT");
        }
    }

    @Test
    void refusesAddressesThatWouldBreakTheCommand() {
        Downstream downstream = Downstream.of("127.0.0.1", 25);
        assertThatThrownBy(() -> probe.probe(downstream, SENDER, "a@b.test>\r\nDATA"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("recipient:");
        assertThatThrownBy(() -> probe.probe(downstream, "no-at-sign", OUTSIDER))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("sender:");
    }
}
