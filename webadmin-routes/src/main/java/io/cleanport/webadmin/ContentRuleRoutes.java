package io.cleanport.webadmin;

import static io.cleanport.webadmin.RouteErrors.conflict;
import static io.cleanport.webadmin.RouteErrors.notFound;
import static io.cleanport.webadmin.RouteErrors.validated;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

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

import io.cleanport.core.content.ContentRule;
import io.cleanport.core.content.ContentRuleCodec;
import io.cleanport.core.content.ContentRuleLimitException;
import io.cleanport.core.content.ContentRuleStore;
import io.cleanport.core.content.ContentRuleType;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.senders.SenderListScope;
import spark.HaltException;
import spark.Request;
import spark.Response;
import spark.Route;
import spark.Service;

/**
 * WebAdmin routes for the content rules of protected domains and their recipients.
 *
 * <pre>
 * POST   /cleanport/domains/{domain}[/users/{local}]/rules       {"type", "value", "action"?, "description"?}
 *            → 201 the rule as stored, with its id, and its address in Location; 400 naming the problem;
 *              404 unknown domain or user; 409 the scope holds as many rules as allowed (1,000, of which at
 *              most {@value #MAX_CONTENT_REGEX_RULES} regular-expression content rules); 415 not JSON
 * GET    /cleanport/domains/{domain}[/users/{local}]/rules       → 200 [rule, ...] in creation order; 404
 * GET    /cleanport/domains/{domain}[/users/{local}]/rules/{id}  → 200 rule; 404 unknown domain, user or id
 * DELETE /cleanport/domains/{domain}[/users/{local}]/rules/{id}  → 204; 404 no such rule in that scope (a
 *            domain no longer protected may still have its leftovers deleted)
 * </pre>
 *
 * A rule is written {@code {"id", "type", "value", "action", "description"}}, absent parts as {@code null}
 * (see {@link ContentRuleCodec}; the value syntaxes are those of {@link ContentRule}). A user scope needs
 * the recipient to exist (have a policy) unless the domain is catch-all, as for the sender lists.
 * Malformed parts give 400 with a message that starts with the part: {@code domain}, {@code localPart},
 * {@code id}, {@code $} (the body as a whole), or a field of the body.
 */
public class ContentRuleRoutes implements Routes {
    /**
     * Regular-expression content rules per scope: each costs ~45 ns per character of a message's text (up
     * to 1 MiB), so their number bounds the time one message can take (phrases are pre-filtered, cheap).
     */
    public static final int MAX_CONTENT_REGEX_RULES = 50;
    public static final String BASE_PATH = DomainPolicyRoutes.BASE_PATH;
    private static final Logger LOGGER = LoggerFactory.getLogger(ContentRuleRoutes.class);
    private static final String RULES = "rules";
    private static final String ID_PARAM = ":id";
    private static final String DOMAIN_RULES = BASE_PATH + Constants.SEPARATOR + RouteErrors.DOMAIN_PARAM
        + Constants.SEPARATOR + RULES;
    private static final String USER_RULES = BASE_PATH + Constants.SEPARATOR + RouteErrors.DOMAIN_PARAM + "/users"
        + Constants.SEPARATOR + RouteErrors.LOCAL_PARAM + Constants.SEPARATOR + RULES;

    private final ContentRuleStore rules;
    private final ScopeParameters scopes;
    private final JsonTransformer jsonTransformer;
    private final ContentRuleCodec codec = new ContentRuleCodec();

    @Inject
    public ContentRuleRoutes(ContentRuleStore rules, PolicyStore policies, JsonTransformer jsonTransformer) {
        this.rules = rules;
        this.scopes = new ScopeParameters(policies);
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        for (String scopePath : List.of(DOMAIN_RULES, USER_RULES)) {
            service.post(scopePath, guarded(this::addRule), jsonTransformer);
            service.get(scopePath, guarded(this::listRules), jsonTransformer);
            service.get(scopePath + Constants.SEPARATOR + ID_PARAM, guarded(this::getRule), jsonTransformer);
            service.delete(scopePath + Constants.SEPARATOR + ID_PARAM, guarded(this::deleteRule));
        }
    }

    private Object addRule(Request request, Response response) {
        SenderListScope scope = ScopeParameters.scope(request);
        ContentRule rule = validated(() -> codec.parse(body(request)));
        scopes.requireExisting(scope);
        if (isContentRegex(rule) && rules.list(scope).stream().filter(ContentRuleRoutes::isContentRegex).count()
            >= MAX_CONTENT_REGEX_RULES) {
            throw conflict(scope + " already has " + MAX_CONTENT_REGEX_RULES + " regular-expression content rules, the most"
                + " allowed: each one reads the whole text of every message; use phrases, or combine expressions");
        }
        ContentRule stored;
        try {
            stored = rules.add(scope, rule);
        } catch (ContentRuleLimitException e) {
            throw conflict(e.getMessage());
        }
        LOGGER.info("Added {} to {}", stored, scope);
        response.status(HttpStatus.CREATED_201);
        response.header("Location", rulesPath(scope) + Constants.SEPARATOR + stored.id().orElseThrow());
        return codec.toJson(stored);
    }

    /** A content rule written as a regular expression: the one kind whose cost grows with the text. */
    private static boolean isContentRegex(ContentRule rule) {
        return rule.type() == ContentRuleType.CONTENT && rule.isRegularExpression();
    }

    private Object listRules(Request request, Response response) {
        SenderListScope scope = scopes.existingScope(request);
        return codec.toJson(rules.list(scope));
    }

    private Object getRule(Request request, Response response) {
        SenderListScope scope = scopes.existingScope(request);
        String id = id(request);
        return codec.toJson(rules.get(scope, id).orElseThrow(() -> ruleNotFound(scope, id)));
    }

    private Object deleteRule(Request request, Response response) {
        SenderListScope scope = ScopeParameters.scope(request);
        String id = id(request);
        if (!rules.remove(scope, id)) {
            throw ruleNotFound(scope, id);
        }
        LOGGER.info("Removed content rule {} from {}", id, scope);
        return Responses.returnNoContent(response);
    }

    /** The {@code :id} of the path, upper-cased; 400 naming {@code id} if it is not of the shape of one. */
    private static String id(Request request) {
        return validated(() -> ContentRule.parseId(request.params(ID_PARAM)));
    }

    private static String rulesPath(SenderListScope scope) {
        return BASE_PATH + Constants.SEPARATOR + scope.domainName()
            + scope.localPart().map(local -> "/users/" + URLEncoder.encode(local.value(), StandardCharsets.UTF_8)).orElse("")
            + Constants.SEPARATOR + RULES;
    }

    private static HaltException ruleNotFound(SenderListScope scope, String id) {
        return notFound("Content rule " + id + " does not exist in the rules of " + scope);
    }

    /**
     * The body, which must be JSON. A body sent as an HTML form ({@code curl -d} without a Content-Type)
     * is refused with 415 rather than read as empty: the servlet container consumes form bodies.
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
        return request.bodyAsBytes();
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    /** A store failure becomes a JSON 500 that says what failed, without internals. */
    private static Route guarded(Route route) {
        return RouteErrors.guarded("content rule store", LOGGER, route);
    }
}
