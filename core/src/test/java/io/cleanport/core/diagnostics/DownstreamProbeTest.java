package io.cleanport.core.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cleanport.core.policy.Downstream;
import io.cleanport.core.testing.ScriptedSmtpServer;
import io.cleanport.core.testing.TestCertificates;

class DownstreamProbeTest {
    static final String HOST = "mx.customer.test";
    static final SmtpProbeSettings SETTINGS = SmtpProbeSettings.defaults("gateway.cleanport.test")
        .withConnectTimeout(Duration.ofSeconds(5))
        .withReadTimeout(Duration.ofSeconds(5));
    /** Every name is this machine, as the test servers listen there. */
    static final HostAddresses LOOPBACK = host -> List.of(InetAddress.getLoopbackAddress());

    private final DownstreamProbe probe = new DownstreamProbe(SETTINGS, LOOPBACK);

    @Test
    void aListeningServerIsReachable() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            DownstreamReport report = probe.probe(server.downstream());

            assertThat(report.ok()).isTrue();
            assertThat(report.reachable()).isTrue();
            assertThat(report.host()).isEqualTo("127.0.0.1");
            assertThat(report.port()).isEqualTo(server.port());
            assertThat(report.address()).contains("127.0.0.1");
            assertThat(report.connectMillis().orElseThrow()).isGreaterThanOrEqualTo(0);
            assertThat(report.bannerMillis().orElseThrow()).isGreaterThanOrEqualTo(0);
            assertThat(report.banner()).contains("220 scripted.test ESMTP test");
            assertThat(report.extensions()).containsExactly("PIPELINING", "SIZE 10240000", "8BITMIME");
            assertThat(report.offers("size")).isTrue();
            assertThat(report.startTls()).isEqualTo(StartTlsStatus.NOT_OFFERED);
            assertThat(report.startTlsDetail()).contains("the server does not offer STARTTLS: mail from the gateway to it travels unencrypted");
            assertThat(report.errors()).isEmpty();
            assertThat(server.commands()).containsExactly("EHLO gateway.cleanport.test", "QUIT");
        }
    }

    @Test
    void upgradesToTlsAndDescribesTheCertificate() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().startTls(TestCertificates.serverContext(HOST)).start()) {
            DownstreamReport report = probe.probe(Downstream.of(HOST, server.port()));

            assertThat(report.ok()).isTrue();
            assertThat(report.extensions()).contains("STARTTLS");
            assertThat(report.startTls()).isEqualTo(StartTlsStatus.OK);
            assertThat(report.startTlsDetail()).get().asString().startsWith("TLSv1.").contains(" with TLS_")
                .contains("certificate CN=mx.customer.test (self-signed), valid until ")
                .endsWith(", matches mx.customer.test");
            assertThat(server.verbs()).containsExactly("EHLO", "STARTTLS", "EHLO", "QUIT");
        }
    }

    @Test
    void saysWhenTheCertificateNamesAnotherHost() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().startTls(TestCertificates.serverContext(HOST)).start()) {
            DownstreamReport report = probe.probe(server.downstream());

            assertThat(report.startTls()).isEqualTo(StartTlsStatus.OK);
            assertThat(report.startTlsDetail()).get().asString().endsWith(", does not match 127.0.0.1 (it names mx.customer.test)");
            assertThat(report.ok()).isTrue();
        }
    }

    @Test
    void aRefusedStartTlsIsAnError() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().refuseStartTls("454 4.7.0 TLS not available").start()) {
            DownstreamReport report = probe.probe(server.downstream());

            assertThat(report.startTls()).isEqualTo(StartTlsStatus.FAILED);
            assertThat(report.startTlsDetail()).contains("the server refused STARTTLS: 454 4.7.0 TLS not available");
            assertThat(report.errors()).containsExactly("STARTTLS is offered but fails (the server refused STARTTLS:"
                + " 454 4.7.0 TLS not available): deliveries that use STARTTLS will fail");
            assertThat(report.ok()).isFalse();
            assertThat(server.verbs()).containsExactly("EHLO", "STARTTLS", "QUIT");
        }
    }

    @Test
    void aBrokenHandshakeIsAnError() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().breakTlsHandshake().start()) {
            DownstreamReport report = probe.probe(server.downstream());

            assertThat(report.startTls()).isEqualTo(StartTlsStatus.FAILED);
            assertThat(report.startTlsDetail()).get().asString().startsWith("the TLS handshake failed: ");
            assertThat(report.errors()).singleElement().asString().startsWith("STARTTLS is offered but fails (the TLS handshake failed");
            assertThat(report.reachable()).isTrue();
            assertThat(report.ok()).isFalse();
        }
    }

    @Test
    void repliesSentBeforeTheHandshakeAreNotTrusted() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().injectAfterStartTls().start()) {
            DownstreamReport report = probe.probe(server.downstream());

            assertThat(report.startTls()).isEqualTo(StartTlsStatus.FAILED);
            assertThat(report.startTlsDetail()).contains("the server sent more than its reply to STARTTLS before the TLS handshake");
        }
    }

    @Test
    void fallsBackToHeloWhenEhloIsRefused() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().withoutEhlo().start()) {
            DownstreamReport report = probe.probe(server.downstream());

            assertThat(report.ok()).isTrue();
            assertThat(report.extensions()).isEmpty();
            assertThat(report.startTls()).isEqualTo(StartTlsStatus.NOT_OFFERED);
            assertThat(report.startTlsDetail()).get().asString().startsWith("the server refuses EHLO, so it offers no extension");
            assertThat(server.verbs()).containsExactly("EHLO", "HELO", "QUIT");
        }
    }

    @Test
    void aClosedPortIsRefused() throws IOException {
        int port = closedPort();

        DownstreamReport report = probe.probe(Downstream.of("127.0.0.1", port));

        assertThat(report.reachable()).isFalse();
        assertThat(report.ok()).isFalse();
        assertThat(report.address()).isEmpty();
        assertThat(report.connectMillis()).isEmpty();
        assertThat(report.banner()).isEmpty();
        assertThat(report.startTls()).isEqualTo(StartTlsStatus.NOT_TRIED);
        assertThat(report.startTlsDetail()).isEmpty();
        assertThat(report.errors()).containsExactly("connection refused by 127.0.0.1:" + port
            + ": nothing listens on that port, or a firewall rejects the gateway");
    }

    @Test
    void triesTheNextAddressWhenOneFails() throws IOException {
        // the server listens on 127.0.0.1 only; on Linux 127.0.0.2 is this machine too, with nothing on that port
        HostAddresses twoAddresses = host -> List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.1"));
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            DownstreamReport report = new DownstreamProbe(SETTINGS, twoAddresses).probe(Downstream.of(HOST, server.port()));

            assertThat(report.reachable()).isTrue();
            assertThat(report.address()).contains("127.0.0.1");
            assertThat(report.banner()).isPresent();
            assertThat(report.errors()).singleElement().asString().startsWith("connection refused by 127.0.0.2:");
        }
    }

    @Test
    void aSilentServerTimesOut() throws IOException {
        DownstreamProbe impatient = new DownstreamProbe(SETTINGS.withReadTimeout(Duration.ofMillis(300)), LOOPBACK);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().silent().start()) {
            DownstreamReport report = impatient.probe(server.downstream());

            assertThat(report.reachable()).isTrue();
            assertThat(report.banner()).isEmpty();
            assertThat(report.bannerMillis()).isEmpty();
            assertThat(report.startTls()).isEqualTo(StartTlsStatus.NOT_TRIED);
            assertThat(report.errors()).containsExactly("timed out after 300ms waiting for the server's greeting");
            assertThat(report.ok()).isFalse();
        }
    }

    @Test
    void aServerThatHangsUpIsReported() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread hangUp = new Thread(() -> {
                try {
                    listener.accept().close();
                } catch (IOException e) {
                    // the test ends
                }
            });
            hangUp.start();

            DownstreamReport report = probe.probe(Downstream.of("127.0.0.1", listener.getLocalPort()));

            assertThat(report.errors()).containsExactly(
                "the server closed the connection while the gateway waited for the server's greeting");
        }
    }

    @Test
    void aRefusingGreetingIsAnError() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().banner("554 5.7.1 No entry for you").start()) {
            DownstreamReport report = probe.probe(server.downstream());

            assertThat(report.reachable()).isTrue();
            assertThat(report.banner()).contains("554 5.7.1 No entry for you");
            assertThat(report.errors()).containsExactly(
                "the server greeted with 554 5.7.1 No entry for you: it refuses connections from the gateway");
            assertThat(report.ok()).isFalse();
            assertThat(server.verbs()).containsExactly("QUIT");
        }
    }

    @Test
    void aServerThatDoesNotSpeakSmtpIsReported() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().banner("HTTP/1.1 400 Bad Request").start()) {
            assertThat(probe.probe(server.downstream()).errors())
                .containsExactly("the server's greeting is not SMTP: 'HTTP/1.1 400 Bad Request'");
        }
    }

    @Test
    void repliesAreBounded() throws IOException {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().banner("220-a\r\n220-b\r\n220-c\r\n220 d").start()) {
            assertThat(new DownstreamProbe(SETTINGS.withMaxReplyLines(3), LOOPBACK).probe(server.downstream()).errors())
                .containsExactly("the server's greeting has more than 3 lines");
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().banner("220 " + "x".repeat(100)).start()) {
            assertThat(new DownstreamProbe(SETTINGS.withMaxLineLength(64), LOOPBACK).probe(server.downstream()).errors())
                .containsExactly("the server's greeting has a line longer than 64 characters");
        }
    }

    @Test
    void anUnresolvableHostIsReported() {
        HostAddresses unknown = host -> {
            throw new UnknownHostException(host);
        };
        HostAddresses failing = host -> {
            throw new IOException("SERVFAIL");
        };

        DownstreamReport report = new DownstreamProbe(SETTINGS, unknown).probe(Downstream.of("mail.example.com"));

        assertThat(report.reachable()).isFalse();
        assertThat(report.errors()).containsExactly("mail.example.com does not resolve: DNS gives it no address");
        assertThat(new DownstreamProbe(SETTINGS, host -> List.of()).probe(Downstream.of("mail.example.com")).errors())
            .containsExactly("mail.example.com does not resolve: DNS gives it no address");
        assertThat(new DownstreamProbe(SETTINGS, failing).probe(Downstream.of("mail.example.com")).errors())
            .containsExactly("the DNS lookup of mail.example.com failed: SERVFAIL");
    }

    /** A port on which nothing listens: one that was free a moment ago. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
