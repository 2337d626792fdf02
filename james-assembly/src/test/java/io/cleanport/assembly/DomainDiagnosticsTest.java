package io.cleanport.assembly;

import static io.cleanport.assembly.QuarantineTestSupport.json;
import static io.cleanport.assembly.QuarantineTestSupport.plain;
import static io.cleanport.assembly.QuarantineTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.cleanport.core.testing.DnsResponder;
import io.cleanport.core.testing.ScriptedSmtpServer;

/**
 * The diagnostics routes in the real server: the gateway's resolver (a DNS responder on loopback) behind
 * the MX check, its mail queue behind the downstream check, and real SMTP servers probed.
 */
class DomainDiagnosticsTest {
    @TempDir
    static Path directory;

    static DnsResponder dns;
    static ScriptedSmtpServer openRelay;
    static int closedPort;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        dns = DnsResponder.start();
        dns.mx("good.test", 10, "mx1.gateway.test");
        dns.mx("bypass.test", 5, "mail.bypass.test").mx("bypass.test", 10, "mx1.gateway.test");
        openRelay = ScriptedSmtpServer.start();
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        gateway = TestGateway.start(directory, mailets -> TestGateway.shortRetries(mailets, "1 hours", 5),
            "dns.servers=127.0.0.1:" + dns.port() + "\ndns.timeout=2s\ngateway.mxHosts=mx1.gateway.test,mx2.gateway.test\n"
                + "diagnostics.connectTimeout=5s\ndiagnostics.readTimeout=5s\n" + TestGateway.LOOPBACK_NOT_GREYLISTED);
        gateway.protect("good.test", TestGateway.downstreamPolicy(openRelay.port()));
        gateway.protect("bypass.test", TestGateway.downstreamPolicy(closedPort));
        gateway.addUser("bypass.test", "alice");
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        openRelay.close();
        dns.close();
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    @Test
    void mxCheckIsGreenOrRedFromTheGatewaysResolver() {
        JsonNode good = ok(gateway.http("GET", "/cleanport/domains/good.test/mx-check", null));
        JsonNode bypass = ok(gateway.http("GET", "/cleanport/domains/bypass.test/mx-check", null));

        assertThat(good.get("status").asText()).isEqualTo("green");
        assertThat(good.get("expected").toString()).isEqualTo("[\"mx1.gateway.test\",\"mx2.gateway.test\"]");
        assertThat(bypass.get("status").asText()).isEqualTo("red");
        assertThat(bypass.get("problems").toString()).contains("mail.bypass.test has preference 5");
    }

    @Test
    void downstreamCheckReportsTheClosedServerAndTheMailWaitingForIt() throws Exception {
        send(gateway.smtpPort(), "partner@outside.test", List.of("alice@bypass.test"),
            plain("partner@outside.test", "alice@bypass.test", "Waiting", "", "for a server that is down"));

        Instant deadline = Instant.now().plus(QuarantineTestSupport.WAIT);
        JsonNode check = ok(gateway.http("GET", "/cleanport/domains/bypass.test/downstream-check", null));
        while (check.get("queue").get("lastError").isNull() && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            check = ok(gateway.http("GET", "/cleanport/domains/bypass.test/downstream-check", null));
        }
        assertThat(check.get("ok").asBoolean()).isFalse();
        assertThat(check.get("servers").get(0).get("errors").toString()).contains("refused");
        assertThat(check.get("queue").get("waiting").asLong()).isEqualTo(1);
        assertThat(check.get("queue").get("lastError").isTextual()).as(check.toString()).isTrue();
        assertThat(check.get("queue").get("lastError").asText()).contains("127.0.0.1:" + closedPort).contains("refused");
        assertThat(check.get("queue").get("nextAttempt").isNull()).isFalse();
    }

    @Test
    void openRelayCheckAsksTheDomainsOwnServerOnly() {
        JsonNode check = ok(gateway.http("POST", "/cleanport/domains/good.test/open-relay-check", null));

        assertThat(check.get("openRelay").asBoolean()).isTrue();
        assertThat(check.get("servers").get(0).get("port").asInt()).isEqualTo(openRelay.port());
        assertThat(openRelay.verbs()).contains("MAIL", "RCPT", "RSET", "QUIT").doesNotContain("DATA");
        assertThat(gateway.http("POST", "/cleanport/domains/nobody.test/open-relay-check", null).statusCode()).isEqualTo(404);
    }
}
