package io.cleanport.webadmin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.diagnostics.DeliveryBacklog;
import io.cleanport.core.diagnostics.DomainDiagnostics;
import io.cleanport.core.diagnostics.DomainDiagnostics.DownstreamCheck;
import io.cleanport.core.diagnostics.DomainDiagnostics.OpenRelayCheck;
import io.cleanport.core.diagnostics.DomainDiagnostics.ServerCheck;
import io.cleanport.core.diagnostics.DownstreamReport;
import io.cleanport.core.diagnostics.OpenRelayReport;
import io.cleanport.core.dns.MxCheckResult;
import io.cleanport.core.dns.MxRecord;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.UnknownDomainException;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes for the checks behind "I receive nothing" and "I still receive spam".
 *
 * <pre>
 * GET  /cleanport/domains/{domain}/mx-check           → 200 {"domain", "status": "green"|"red"|"unknown",
 *                                                        "records": [{"host", "preference", "gateway"}],
 *                                                        "expected": [...], "problems": [...], "warnings": [...]}
 * GET  /cleanport/domains/{domain}/downstream-check   → 200 {"domain", "ok", "problems", "servers": [...],
 *                                                        "queue": {"waiting", "complete", "nextAttempt",
 *                                                        "lastError", "lastErrorAt"}}; each server has its probe's
 *                                                        findings and "delivery": {"lastError", "lastErrorAt",
 *                                                        "lastSuccessAt"} (this node's deliveries since start)
 * POST /cleanport/domains/{domain}/open-relay-check[?sender=&recipient=]
 *                                                     → 200 {"domain", "openRelay", "sender", "recipient",
 *                                                        "servers": [{"verdict": "open-relay"|"not-relaying"|"inconclusive", ...}]}
 * </pre>
 *
 * 404 when the domain is not protected; 400 for a bad domain, or a sender or recipient that is not an
 * address outside the domain. The checks take as long as the network: the downstream and open-relay
 * checks are bounded by {@code diagnostics.connectTimeout} and {@code diagnostics.readTimeout} per server.
 */
public class DomainDiagnosticsRoutes implements Routes {
    public static final String BASE_PATH = DomainPolicyRoutes.BASE_PATH;
    /** Where the default sender and recipient of the open-relay check are bound (from cleanport.properties). */
    public static final String OPEN_RELAY_SENDER = "cleanport.diagnostics.openRelay.sender";
    public static final String OPEN_RELAY_RECIPIENT = "cleanport.diagnostics.openRelay.recipient";
    private static final Logger LOGGER = LoggerFactory.getLogger(DomainDiagnosticsRoutes.class);
    private static final String DOMAIN_PATH = BASE_PATH + "/" + RouteErrors.DOMAIN_PARAM;
    private static final List<String> OPEN_RELAY_PARAMS = List.of("sender", "recipient");

    private final DomainDiagnostics diagnostics;
    private final String defaultSender;
    private final String defaultRecipient;
    private final JsonTransformer jsonTransformer;

    @Inject
    public DomainDiagnosticsRoutes(DomainDiagnostics diagnostics, @Named(OPEN_RELAY_SENDER) String defaultSender,
                                   @Named(OPEN_RELAY_RECIPIENT) String defaultRecipient, JsonTransformer jsonTransformer) {
        this.diagnostics = diagnostics;
        this.defaultSender = defaultSender;
        this.defaultRecipient = defaultRecipient;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(DOMAIN_PATH + "/mx-check", guarded(this::mxCheck), jsonTransformer);
        service.get(DOMAIN_PATH + "/downstream-check", guarded(this::downstreamCheck), jsonTransformer);
        service.post(DOMAIN_PATH + "/open-relay-check", guarded(this::openRelayCheck), jsonTransformer);
    }

    private spark.Route guarded(spark.Route route) {
        return RouteErrors.guarded("policy store", LOGGER, (request, response) -> {
            try {
                return route.handle(request, response);
            } catch (UnknownDomainException e) {
                throw RouteErrors.notFound("domain " + e.domain().name() + " is not protected");
            }
        });
    }

    private Object mxCheck(Request request, Response response) {
        MxCheckResult result = diagnostics.mxCheck(RouteErrors.domain(request));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("domain", result.domain());
        document.put("status", result.status().wireName());
        document.put("records", result.records().stream().map(record -> mxRecord(record, result.expected())).toList());
        document.put("expected", result.expected());
        document.put("problems", result.problems());
        document.put("warnings", result.warnings());
        response.status(HttpStatus.OK_200);
        return document;
    }

    private static Map<String, Object> mxRecord(MxRecord record, List<String> expected) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("host", record.host());
        document.put("preference", record.preference());
        document.put("gateway", expected.contains(record.host()));
        return document;
    }

    private Object downstreamCheck(Request request, Response response) {
        DownstreamCheck check = diagnostics.downstreamCheck(RouteErrors.domain(request));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("domain", check.domain().name());
        document.put("ok", check.ok());
        document.put("problems", check.problems());
        document.put("servers", check.servers().stream().map(DomainDiagnosticsRoutes::downstream).toList());
        Map<String, Object> queue = queue(check.queue());
        queue.put("lastError", check.lastDeliveryError().orElse(null));
        queue.put("lastErrorAt", check.lastDeliveryErrorAt().map(Instant::toString).orElse(null));
        document.put("queue", queue);
        response.status(HttpStatus.OK_200);
        return document;
    }

    private static Map<String, Object> downstream(ServerCheck server) {
        DownstreamReport report = server.probe();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("host", report.host());
        document.put("port", report.port());
        document.put("address", report.address().orElse(null));
        document.put("ok", report.ok());
        document.put("reachable", report.reachable());
        document.put("connectMillis", report.connectMillis().isPresent() ? report.connectMillis().getAsLong() : null);
        document.put("bannerMillis", report.bannerMillis().isPresent() ? report.bannerMillis().getAsLong() : null);
        document.put("banner", report.banner().orElse(null));
        document.put("extensions", report.extensions());
        Map<String, Object> startTls = new LinkedHashMap<>();
        startTls.put("status", wire(report.startTls().name()));
        startTls.put("detail", report.startTlsDetail().orElse(null));
        document.put("startTls", startTls);
        document.put("errors", report.errors());
        Map<String, Object> delivery = new LinkedHashMap<>();
        delivery.put("lastError", server.delivery().lastError().orElse(null));
        delivery.put("lastErrorAt", server.delivery().lastErrorAt().map(Instant::toString).orElse(null));
        delivery.put("lastSuccessAt", server.delivery().lastSuccessAt().map(Instant::toString).orElse(null));
        document.put("delivery", delivery);
        return document;
    }

    private static Map<String, Object> queue(DeliveryBacklog.Backlog backlog) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("waiting", backlog.waiting());
        document.put("complete", backlog.complete());
        document.put("nextAttempt", backlog.nextAttempt().map(Instant::toString).orElse(null));
        return document;
    }

    private Object openRelayCheck(Request request, Response response) {
        DomainName domain = RouteErrors.domain(request);
        QueryParameters parameters = QueryParameters.of(request, OPEN_RELAY_PARAMS);
        String sender = parameters.given("sender").orElse(defaultSender);
        String recipient = parameters.given("recipient").orElse(defaultRecipient);
        OpenRelayCheck check = RouteErrors.validated(() -> diagnostics.openRelayCheck(domain, sender, recipient));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("domain", check.domain().name());
        document.put("openRelay", check.openRelay());
        document.put("sender", check.sender());
        document.put("recipient", check.recipient());
        document.put("servers", check.servers().stream().map(DomainDiagnosticsRoutes::openRelay).toList());
        response.status(HttpStatus.OK_200);
        return document;
    }

    private static Map<String, Object> openRelay(OpenRelayReport report) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("host", report.host());
        document.put("port", report.port());
        document.put("address", report.address().orElse(null));
        document.put("verdict", wire(report.verdict().name()));
        document.put("mailFrom", report.mailFromReply().orElse(null));
        document.put("rcptTo", report.rcptToReply().orElse(null));
        document.put("explanation", report.explanation());
        document.put("errors", report.errors());
        return document;
    }

    /** {@code OPEN_RELAY} → {@code open-relay}. */
    private static String wire(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
