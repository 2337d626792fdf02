package io.cleanport.webadmin;

import static io.cleanport.webadmin.DomainPolicyRoutesTest.assertBadRequest;
import static io.cleanport.webadmin.DomainPolicyRoutesTest.assertError;
import static io.cleanport.webadmin.DomainPolicyRoutesTest.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cleanport.core.diagnostics.DeliveryAttempts;
import io.cleanport.core.diagnostics.DeliveryBacklog;
import io.cleanport.core.diagnostics.DomainDiagnostics;
import io.cleanport.core.diagnostics.DownstreamProbe;
import io.cleanport.core.diagnostics.HostAddresses;
import io.cleanport.core.diagnostics.OpenRelayProbe;
import io.cleanport.core.diagnostics.SmtpProbeSettings;
import io.cleanport.core.dns.DnsSettings;
import io.cleanport.core.dns.GatewayResolver;
import io.cleanport.core.dns.MxCheck;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.Downstream;
import io.cleanport.core.testing.DnsResponder;
import io.cleanport.core.testing.InMemoryPolicyStore;
import io.cleanport.core.testing.ScriptedSmtpServer;

/**
 * The three checks over real HTTP, against an in-process DNS responder wired as the resolver and real SMTP
 * servers on loopback: a listening one that refuses to relay, a closed port, and an open relay.
 */
class DomainDiagnosticsRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAINS = "/cleanport/domains/";

    static DnsResponder dns;
    static ScriptedSmtpServer listening;
    static ScriptedSmtpServer openRelay;
    static int closedPort;
    static final InMemoryPolicyStore policies = new InMemoryPolicyStore();
    static final List<DomainName> backlogAsked = new ArrayList<>();
    static WebAdminTestServer server;

    @BeforeAll
    static void start() throws Exception {
        dns = DnsResponder.start();
        dns.mx("green.test", 10, "mx1.gateway.test").mx("green.test", 10, "mx2.gateway.test");
        dns.mx("better.test", 5, "mail.better.test").mx("better.test", 10, "mx1.gateway.test");
        dns.mx("foreign.test", 10, "mail.foreign.test");
        dns.a("only-a.test", "192.0.2.1");
        dns.nxdomain("gone.test");
        dns.drop("slow.test");
        listening = ScriptedSmtpServer.builder().extensions("SIZE 26214400", "8BITMIME").relayOnlyFor("listening.test").start();
        openRelay = ScriptedSmtpServer.start();
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        for (String domain : List.of("green.test", "better.test", "foreign.test", "only-a.test", "gone.test", "slow.test")) {
            policies.putDomain(DomainName.of(domain), DomainPolicy.defaults());
        }
        policies.putDomain(DomainName.of("listening.test"), downstream(listening.downstream()));
        policies.putDomain(DomainName.of("closed.test"), downstream(Downstream.of("127.0.0.1", closedPort)));
        policies.putDomain(DomainName.of("open.test"), downstream(openRelay.downstream()));
        policies.putDomain(DomainName.of("unrouted.test"), DomainPolicy.defaults());

        DnsSettings settings = DnsSettings.defaults().withServers(List.of(dns.address())).withTimeout(Duration.ofMillis(500))
            .withGatewayMxHosts(List.of("mx1.gateway.test", "mx2.gateway.test"));
        GatewayResolver resolver = new GatewayResolver(settings);
        SmtpProbeSettings probes = SmtpProbeSettings.defaults("mx1.gateway.test")
            .withConnectTimeout(Duration.ofSeconds(5)).withReadTimeout(Duration.ofSeconds(5));
        HostAddresses addresses = resolver::addresses;
        DeliveryBacklog backlog = domain -> {
            backlogAsked.add(domain);
            return domain.name().equals("closed.test")
                ? new DeliveryBacklog.Backlog(3, true, Optional.of(Instant.parse("2026-12-01T10:05:00Z")))
                : DeliveryBacklog.Backlog.empty();
        };
        DeliveryAttempts attempts = new DeliveryAttempts();
        attempts.failed("127.0.0.1", closedPort, "Couldn't connect to host: Connection refused", Instant.parse("2026-12-01T10:00:00Z"));
        attempts.succeeded("127.0.0.1", listening.port(), Instant.parse("2026-12-01T09:00:00Z"));
        DomainDiagnostics diagnostics = new DomainDiagnostics(policies, MxCheck.of(resolver, settings),
            new DownstreamProbe(probes, addresses), new OpenRelayProbe(probes, addresses), backlog, attempts);
        server = WebAdminTestServer.start(new DomainDiagnosticsRoutes(diagnostics, "relay-check@example.net",
            "relay-check@example.org", new JsonTransformer()));
    }

    private static DomainPolicy downstream(Downstream host) {
        return DomainPolicy.defaults().toBuilder().downstream(List.of(host)).build();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        listening.close();
        openRelay.close();
        dns.close();
    }

    private static JsonNode ok(HttpResponse<String> response) throws IOException {
        assertJson(response, 200);
        return JSON.readTree(response.body());
    }

    private static JsonNode mxCheck(String domain) throws IOException {
        return ok(server.get(DOMAINS + domain + "/mx-check"));
    }

    @Test
    void greenWhenEveryMostPreferredRecordIsAGatewayHost() throws Exception {
        JsonNode check = mxCheck("green.test");

        assertThat(check.get("status").asText()).isEqualTo("green");
        assertThat(check.get("records")).hasSize(2);
        assertThat(check.get("records").get(0).get("gateway").asBoolean()).isTrue();
        assertThat(check.get("expected").toString()).isEqualTo("[\"mx1.gateway.test\",\"mx2.gateway.test\"]");
        assertThat(check.get("problems")).isEmpty();
    }

    @Test
    void redWhenAnotherHostHasABetterPreferenceSayingSoInWords() throws Exception {
        JsonNode check = mxCheck("better.test");

        assertThat(check.get("status").asText()).isEqualTo("red");
        assertThat(check.get("problems").toString()).contains("mail.better.test has preference 5, better than the gateway's 10");
        assertThat(check.get("records").get(0).get("host").asText()).isEqualTo("mail.better.test");
        assertThat(check.get("records").get(0).get("gateway").asBoolean()).isFalse();
    }

    @Test
    void redWhenTheRecordsPointAtAForeignHost() throws Exception {
        JsonNode check = mxCheck("foreign.test");

        assertThat(check.get("status").asText()).isEqualTo("red");
        assertThat(check.get("problems").toString()).contains("mail.foreign.test");
    }

    @Test
    void redWithTheReasonWhenTheDomainHasNoMxOrDoesNotExist() throws Exception {
        JsonNode noMx = mxCheck("only-a.test");
        JsonNode gone = mxCheck("gone.test");

        assertThat(noMx.get("status").asText()).isEqualTo("red");
        assertThat(noMx.get("problems").toString()).contains("no MX records");
        assertThat(gone.get("status").asText()).isEqualTo("red");
        assertThat(gone.get("problems").toString()).contains("NXDOMAIN");
    }

    @Test
    void unknownNotRedWhenDnsTimesOut() throws Exception {
        JsonNode check = mxCheck("slow.test");

        assertThat(check.get("status").asText()).isEqualTo("unknown");
        assertThat(check.get("problems").toString()).contains("slow.test");
    }

    @Test
    void aListeningServerIsReachableWithItsBannerAndExtensions() throws Exception {
        JsonNode check = ok(server.get(DOMAINS + "listening.test/downstream-check"));

        assertThat(check.get("ok").asBoolean()).isTrue();
        assertThat(check.get("problems")).isEmpty();
        JsonNode host = check.get("servers").get(0);
        assertThat(host.get("reachable").asBoolean()).isTrue();
        assertThat(host.get("port").asInt()).isEqualTo(listening.port());
        assertThat(host.get("banner").asText()).startsWith("220");
        assertThat(host.get("extensions").toString()).contains("SIZE 26214400");
        assertThat(host.get("startTls").get("status").asText()).isEqualTo("not-offered");
        assertThat(host.get("connectMillis").asLong()).isNotNegative();
        assertThat(check.get("queue").get("waiting").asLong()).isZero();
        assertThat(check.get("queue").get("lastError").isNull()).isTrue();
        assertThat(host.get("delivery").get("lastSuccessAt").asText()).isEqualTo("2026-12-01T09:00:00Z");
        assertThat(listening.verbs()).contains("EHLO", "QUIT").doesNotContain("MAIL", "DATA");
    }

    @Test
    void aClosedPortIsReportedRefusedWithTheMailWaitingForIt() throws Exception {
        JsonNode check = ok(server.get(DOMAINS + "closed.test/downstream-check"));

        assertThat(check.get("ok").asBoolean()).isFalse();
        JsonNode host = check.get("servers").get(0);
        assertThat(host.get("reachable").asBoolean()).isFalse();
        assertThat(host.get("errors").toString()).contains("refused");
        assertThat(check.get("problems").toString()).contains("refused");
        assertThat(check.get("queue").get("waiting").asLong()).isEqualTo(3);
        assertThat(check.get("queue").get("lastError").asText())
            .isEqualTo("127.0.0.1:" + closedPort + ": Couldn't connect to host: Connection refused");
        assertThat(check.get("queue").get("lastErrorAt").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(host.get("delivery").get("lastError").asText()).contains("Connection refused");
        assertThat(check.get("queue").get("nextAttempt").asText()).isEqualTo("2026-12-01T10:05:00Z");
        assertThat(backlogAsked).contains(DomainName.of("closed.test"));
    }

    @Test
    void aDomainWithoutDownstreamServersSaysSo() throws Exception {
        JsonNode check = ok(server.get(DOMAINS + "unrouted.test/downstream-check"));

        assertThat(check.get("ok").asBoolean()).isFalse();
        assertThat(check.get("servers")).isEmpty();
        assertThat(check.get("problems").toString()).contains("no downstream server is configured");
    }

    @Test
    void anOpenRelayIsFoundWithoutEverSendingData() throws Exception {
        JsonNode check = ok(server.post(DOMAINS + "open.test/open-relay-check"));

        assertThat(check.get("openRelay").asBoolean()).isTrue();
        JsonNode host = check.get("servers").get(0);
        assertThat(host.get("verdict").asText()).isEqualTo("open-relay");
        assertThat(host.get("rcptTo").asText()).startsWith("250");
        assertThat(host.get("explanation").asText()).contains("README implementation guide");
        assertThat(openRelay.commands()).contains("MAIL FROM:<relay-check@example.net>", "RCPT TO:<relay-check@example.org>");
        assertThat(openRelay.verbs()).contains("RSET", "QUIT").doesNotContain("DATA");
    }

    @Test
    void aServerThatRefusesOutsideRecipientsIsNotARelay() throws Exception {
        JsonNode check = ok(server.post(DOMAINS + "listening.test/open-relay-check?sender=probe@outside.test&recipient=victim@far.test"));

        assertThat(check.get("openRelay").asBoolean()).isFalse();
        assertThat(check.get("sender").asText()).isEqualTo("probe@outside.test");
        assertThat(check.get("servers").get(0).get("verdict").asText()).isEqualTo("not-relaying");
        assertThat(check.get("servers").get(0).get("rcptTo").asText()).startsWith("5");
    }

    @Test
    void aClosedServerIsInconclusive() throws Exception {
        JsonNode check = ok(server.post(DOMAINS + "closed.test/open-relay-check"));

        assertThat(check.get("openRelay").asBoolean()).isFalse();
        assertThat(check.get("servers").get(0).get("verdict").asText()).isEqualTo("inconclusive");
        assertThat(check.get("servers").get(0).get("errors").toString()).contains("refused");
    }

    @Test
    void addressesInsideTheDomainAreRefused() {
        assertBadRequest(server.post(DOMAINS + "open.test/open-relay-check?recipient=someone@open.test"), "recipient");
        assertBadRequest(server.post(DOMAINS + "open.test/open-relay-check?sender=not-an-address"), "sender");
        assertBadRequest(server.post(DOMAINS + "open.test/open-relay-check?mode=full"), "mode");
    }

    @Test
    void anUnprotectedDomainIsA404AndABadNameA400() {
        assertError(server.get(DOMAINS + "nobody.test/mx-check"), 404, "notFound", "domain nobody.test is not protected");
        assertError(server.get(DOMAINS + "nobody.test/downstream-check"), 404, "notFound", "domain nobody.test");
        assertError(server.post(DOMAINS + "nobody.test/open-relay-check"), 404, "notFound", "domain nobody.test");
        assertBadRequest(server.get(DOMAINS + "bad..name/mx-check"), "domain");
    }
}
