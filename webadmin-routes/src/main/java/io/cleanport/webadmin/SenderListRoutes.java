package io.cleanport.webadmin;

import static io.cleanport.webadmin.RouteErrors.conflict;
import static io.cleanport.webadmin.RouteErrors.validated;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.webadmin.Constants;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.apache.james.webadmin.utils.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.senders.ListKind;
import io.cleanport.core.senders.SenderListFullException;
import io.cleanport.core.senders.SenderListScope;
import io.cleanport.core.senders.SenderListStore;
import io.cleanport.core.senders.SenderLists;
import io.cleanport.core.senders.SenderPattern;
import spark.Request;
import spark.Response;
import spark.Route;
import spark.Service;

/**
 * WebAdmin routes for the sender allow and block lists of protected domains and their recipients.
 *
 * <pre>
 * PUT    /cleanport/domains/{domain}[/users/{local}]/senders/{allow|block}/{address-or-@domain}
 *            → 204, also when already there; an entry on the other list moves; 404 unknown domain or user;
 *              409 the scope's lists are full
 * DELETE /cleanport/domains/{domain}[/users/{local}]/senders/{allow|block}/{address-or-@domain}
 *            → 204, also when absent, and also for a domain no longer protected (so leftovers can go)
 * GET    /cleanport/domains/{domain}[/users/{local}]/senders
 *            → 200 {"allow":[...],"block":[...]}, each sorted; 404 unknown domain or user
 * </pre>
 *
 * An entry is an address ({@code bob@example.org}) or a whole domain with its subdomains
 * ({@code @example.org}); the {@code @} may be sent as {@code %40}. A user scope needs the recipient
 * to exist (have a policy) unless the domain is catch-all. Malformed parts give 400 with a message
 * that starts with the part: {@code domain}, {@code localPart}, {@code list} or {@code sender}.
 */
public class SenderListRoutes implements Routes {
    public static final String BASE_PATH = DomainPolicyRoutes.BASE_PATH;
    private static final Logger LOGGER = LoggerFactory.getLogger(SenderListRoutes.class);
    private static final String LIST_PARAM = ":list";
    private static final String SENDER_PARAM = ":sender";
    private static final String DOMAIN_SENDERS = BASE_PATH + Constants.SEPARATOR + RouteErrors.DOMAIN_PARAM + "/senders";
    private static final String USER_SENDERS = BASE_PATH + Constants.SEPARATOR + RouteErrors.DOMAIN_PARAM + "/users"
        + Constants.SEPARATOR + RouteErrors.LOCAL_PARAM + "/senders";
    private static final String ENTRY = Constants.SEPARATOR + LIST_PARAM + Constants.SEPARATOR + SENDER_PARAM;

    private final SenderListStore senders;
    private final ScopeParameters scopes;
    private final JsonTransformer jsonTransformer;

    @Inject
    public SenderListRoutes(SenderListStore senders, PolicyStore policies, JsonTransformer jsonTransformer) {
        this.senders = senders;
        this.scopes = new ScopeParameters(policies);
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        for (String scopePath : List.of(DOMAIN_SENDERS, USER_SENDERS)) {
            service.get(scopePath, guarded(this::getLists), jsonTransformer);
            service.put(scopePath + ENTRY, guarded(this::putEntry));
            service.delete(scopePath + ENTRY, guarded(this::deleteEntry));
        }
    }

    private Object getLists(Request request, Response response) {
        SenderListScope scope = scopes.existingScope(request);
        SenderLists lists = senders.list(scope);
        Map<String, List<String>> document = new LinkedHashMap<>();
        document.put(ListKind.ALLOW.key(), lists.allow().stream().map(SenderPattern::value).toList());
        document.put(ListKind.BLOCK.key(), lists.block().stream().map(SenderPattern::value).toList());
        return document;
    }

    private Object putEntry(Request request, Response response) {
        SenderListScope scope = ScopeParameters.scope(request);
        ListKind kind = validated(() -> ListKind.parse(request.params(LIST_PARAM)));
        SenderPattern pattern = validated(() -> SenderPattern.parse(request.params(SENDER_PARAM)));
        scopes.requireExisting(scope);
        try {
            if (senders.add(scope, kind, pattern)) {
                LOGGER.info("Sender {} is on the {} list of {}", pattern, kind.key(), scope);
            }
        } catch (SenderListFullException e) {
            throw conflict(e.getMessage());
        }
        return Responses.returnNoContent(response);
    }

    private Object deleteEntry(Request request, Response response) {
        SenderListScope scope = ScopeParameters.scope(request);
        ListKind kind = validated(() -> ListKind.parse(request.params(LIST_PARAM)));
        SenderPattern pattern = validated(() -> SenderPattern.parse(request.params(SENDER_PARAM)));
        if (senders.remove(scope, kind, pattern)) {
            LOGGER.info("Sender {} is no longer on the {} list of {}", pattern, kind.key(), scope);
        }
        return Responses.returnNoContent(response);
    }

    /** A store failure becomes a JSON 500 that says what failed, without internals. */
    private static Route guarded(Route route) {
        return RouteErrors.guarded("sender list store", LOGGER, route);
    }
}
