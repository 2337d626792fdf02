package io.cleanport.webadmin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.db.StoreException;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.PolicyValidationException;
import io.cleanport.core.stats.Counter;
import io.cleanport.core.stats.Counters;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin route for the gateway's counters.
 *
 * <pre>
 * GET /cleanport/stats                  → 200 {"domain": null, "counters": {"greylisted": 3, ...}}  totals
 * GET /cleanport/stats?domain=x.example → 200 {"domain": "x.example", "counters": {...}}           one domain
 * </pre>
 *
 * Every known counter is present, 0 when never counted. Values are what every node has flushed to
 * the shared database plus what this node counted since its last flush (a few seconds at most); a
 * domain that is not (or no longer) protected answers its counts so far, zeros if none. An invalid
 * {@code domain} is a 400 naming {@code domain}.
 */
public class StatsRoutes implements Routes {
    public static final String BASE_PATH = "/cleanport/stats";
    private static final Logger LOGGER = LoggerFactory.getLogger(StatsRoutes.class);
    private static final String DOMAIN_PARAM = "domain";

    private final Counters counters;
    private final JsonTransformer jsonTransformer;

    @Inject
    public StatsRoutes(Counters counters, JsonTransformer jsonTransformer) {
        this.counters = counters;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, this::stats, jsonTransformer);
    }

    private Object stats(Request request, Response response) {
        Optional<DomainName> domain = domain(request);
        Map<Counter, Long> snapshot;
        try {
            snapshot = counters.snapshot(domain);
        } catch (StoreException e) {
            LOGGER.error("Counters store failure on GET {}", request.pathInfo(), e);
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.INTERNAL_SERVER_ERROR_500)
                .type(ErrorType.SERVER_ERROR)
                .message("The counters store failed; see the server log")
                .haltError();
        }
        Map<String, Long> values = new LinkedHashMap<>();
        snapshot.forEach((counter, value) -> values.put(counter.key(), value));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("domain", domain.map(DomainName::name).orElse(null));
        document.put("counters", values);
        return document;
    }

    private static Optional<DomainName> domain(Request request) {
        String value = request.queryParams(DOMAIN_PARAM);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(DomainName.of(value));
        } catch (PolicyValidationException e) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.BAD_REQUEST_400)
                .type(ErrorType.INVALID_ARGUMENT)
                .message(e.getMessage())
                .haltError();
        }
    }
}
