package io.cleanport.webadmin;

import static io.cleanport.webadmin.RouteErrors.badRequest;
import static io.cleanport.webadmin.RouteErrors.domain;
import static io.cleanport.webadmin.RouteErrors.localPart;
import static io.cleanport.webadmin.RouteErrors.notFound;
import static io.cleanport.webadmin.RouteErrors.validated;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import javax.inject.Inject;

import org.apache.james.webadmin.Constants;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.apache.james.webadmin.utils.Responses;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.content.ContentRuleStore;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.EffectivePolicy;
import io.cleanport.core.policy.LocalPart;
import io.cleanport.core.policy.PolicyCodec;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.policy.UnknownDomainException;
import io.cleanport.core.policy.UserPolicy;
import io.cleanport.core.senders.SenderListStore;
import spark.HaltException;
import spark.Request;
import spark.Response;
import spark.Route;
import spark.Service;

/**
 * WebAdmin routes for protected domains and their recipients' policies.
 *
 * <pre>
 * PUT    /cleanport/domains/{domain}                 domain policy JSON (empty body = {}) → 204; 400
 * GET    /cleanport/domains                          → 200 ["example.com", ...] sorted
 * GET    /cleanport/domains/{domain}                 → 200 the policy, defaults filled in; 404
 * DELETE /cleanport/domains/{domain}                 → 204, also when absent; its users go too
 * PUT    /cleanport/domains/{domain}/users/{local}   user JSON (empty body = {}) → 204; 400; 404 unknown domain
 * GET    /cleanport/domains/{domain}/users           → 200 {"alice": {overrides}, ...} sorted; 404 unknown domain
 * GET    /cleanport/domains/{domain}/users/{local}   → 200 {overrides}; ?effective=true → the policy that applies,
 *                                                      in the shape of a domain document; 404 unknown domain or user
 * DELETE /cleanport/domains/{domain}/users/{local}   → 204, also when absent
 * </pre>
 *
 * Errors are James's JSON error documents; validation messages name the offending field.
 */
public class DomainPolicyRoutes implements Routes {
    public static final String BASE_PATH = "/cleanport/domains";
    private static final Logger LOGGER = LoggerFactory.getLogger(DomainPolicyRoutes.class);
    private static final String DOMAIN_PATH = BASE_PATH + Constants.SEPARATOR + RouteErrors.DOMAIN_PARAM;
    private static final String USERS_PATH = DOMAIN_PATH + "/users";
    private static final String USER_PATH = USERS_PATH + Constants.SEPARATOR + RouteErrors.LOCAL_PARAM;
    private static final String EFFECTIVE_PARAM = "effective";

    private final PolicyStore store;
    private final List<Consumer<DomainName>> domainData;
    private final JsonTransformer jsonTransformer;
    private final PolicyCodec codec = new PolicyCodec();

    /** Routes over the policies alone: deleting a domain leaves whatever else is stored for it. */
    public DomainPolicyRoutes(PolicyStore store, JsonTransformer jsonTransformer) {
        this(store, List.of(), jsonTransformer);
    }

    /** Deleting a domain also removes its sender lists and content rules (and its users' ones). */
    @Inject
    public DomainPolicyRoutes(PolicyStore store, SenderListStore senders, ContentRuleStore rules, JsonTransformer jsonTransformer) {
        this(store, List.of(senders::removeDomain, rules::removeDomain), jsonTransformer);
    }

    private DomainPolicyRoutes(PolicyStore store, List<Consumer<DomainName>> domainData, JsonTransformer jsonTransformer) {
        this.store = store;
        this.domainData = domainData;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, guarded((request, response) ->
            store.domains().stream().map(DomainName::name).toList()), jsonTransformer);
        service.put(DOMAIN_PATH, guarded(this::putDomain));
        service.get(DOMAIN_PATH, guarded(this::getDomain));
        service.delete(DOMAIN_PATH, guarded(this::deleteDomain));
        service.get(USERS_PATH, guarded(this::listUsers));
        service.put(USER_PATH, guarded(this::putUser));
        service.get(USER_PATH, guarded(this::getUser));
        service.delete(USER_PATH, guarded(this::deleteUser));
    }

    private Object putDomain(Request request, Response response) {
        DomainName domain = domain(request);
        DomainPolicy policy = validated(() -> codec.parseDomain(body(request)));
        store.putDomain(domain, policy);
        return Responses.returnNoContent(response);
    }

    private Object getDomain(Request request, Response response) {
        DomainName domain = domain(request);
        DomainPolicy policy = store.domain(domain).orElseThrow(() -> domainNotFound(domain));
        return json(response, codec.render(policy));
    }

    private Object deleteDomain(Request request, Response response) {
        DomainName domain = domain(request);
        if (store.deleteDomain(domain)) {
            LOGGER.info("Domain {} is no longer protected", domain);
        }
        // Also when the policy was gone already: what an earlier delete left (a failure midway) goes now.
        domainData.forEach(remove -> remove.accept(domain));
        return Responses.returnNoContent(response);
    }

    private Object listUsers(Request request, Response response) {
        DomainName domain = domain(request);
        store.domain(domain).orElseThrow(() -> domainNotFound(domain));
        return json(response, codec.renderUsers(store.users(domain)));
    }

    private Object putUser(Request request, Response response) {
        DomainName domain = domain(request);
        LocalPart local = localPart(request);
        UserPolicy policy = validated(() -> codec.parseUser(body(request)));
        try {
            store.putUser(domain, local.value(), policy);
        } catch (UnknownDomainException e) {
            throw domainNotFound(domain);
        }
        return Responses.returnNoContent(response);
    }

    private Object getUser(Request request, Response response) {
        DomainName domain = domain(request);
        LocalPart local = localPart(request);
        boolean effective = effectiveParameter(request);
        DomainPolicy domainPolicy = store.domain(domain).orElseThrow(() -> domainNotFound(domain));
        UserPolicy user = store.user(domain, local.value()).orElseThrow(() -> notFound(
            "No policy for recipient " + local + "@" + domain + "; PUT one (it may be {}) to add the recipient"));
        if (effective) {
            return json(response, codec.render(EffectivePolicy.of(domainPolicy, Optional.of(user))));
        }
        return json(response, codec.render(user));
    }

    private Object deleteUser(Request request, Response response) {
        DomainName domain = domain(request);
        LocalPart local = localPart(request);
        store.deleteUser(domain, local.value());
        return Responses.returnNoContent(response);
    }

    private static boolean effectiveParameter(Request request) {
        String value = request.queryParams(EFFECTIVE_PARAM);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw badRequest("effective: expected true or false (got '" + value + "')");
    }

    /**
     * An absent or blank body means {@code {}}: every field is optional. A body sent as an HTML form
     * ({@code curl -d} without a Content-Type) is refused rather than read as empty: the servlet
     * container consumes form bodies, and silently storing the defaults would be worse than an error.
     */
    private static byte[] body(Request request) {
        String contentType = request.contentType();
        if (contentType != null && !isJson(contentType) && request.contentLength() != 0) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415)
                .type(ErrorType.INVALID_ARGUMENT)
                .message("Content-Type: expected application/json (got '" + contentType
                    + "'); with curl add -H 'Content-Type: application/json'")
                .haltError();
        }
        byte[] body = request.bodyAsBytes();
        if (body == null || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return "{}".getBytes(StandardCharsets.UTF_8);
        }
        return body;
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static String json(Response response, String document) {
        response.type(Constants.JSON_CONTENT_TYPE);
        return document;
    }

    private static HaltException domainNotFound(DomainName domain) {
        return notFound("Domain " + domain + " is not protected: it has no policy");
    }

    /** A store failure becomes a JSON 500 that says what failed, without internals. */
    private static Route guarded(Route route) {
        return RouteErrors.guarded("policy store", LOGGER, route);
    }
}
