package io.cleanport.webadmin;

import static io.cleanport.webadmin.RouteErrors.domain;
import static io.cleanport.webadmin.RouteErrors.localPart;
import static io.cleanport.webadmin.RouteErrors.notFound;

import java.util.Optional;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.LocalPart;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.senders.SenderListScope;
import spark.Request;

/**
 * The scope a path names, {@code /cleanport/domains/{domain}[/users/{local}]/...}, as the routes of the
 * per-scope lists (sender lists, content rules) read it: a domain or one of its recipients, which must
 * exist before anything is added to or read from its lists.
 */
final class ScopeParameters {
    private final PolicyStore policies;

    ScopeParameters(PolicyStore policies) {
        this.policies = policies;
    }

    /** The scope named by the path, syntax checked only (400 naming {@code domain} or {@code localPart}). */
    static SenderListScope scope(Request request) {
        DomainName domain = domain(request);
        if (request.params(RouteErrors.LOCAL_PARAM) == null) {
            return SenderListScope.domain(domain);
        }
        return SenderListScope.user(domain, localPart(request));
    }

    /** The scope named by the path, which must exist (see {@link #requireExisting}). */
    SenderListScope existingScope(Request request) {
        SenderListScope scope = scope(request);
        requireExisting(scope);
        return scope;
    }

    /** 404 unless the domain is protected and, for a user scope of a domain that is not catch-all, the user exists. */
    void requireExisting(SenderListScope scope) {
        DomainName domain = scope.domainName();
        DomainPolicy policy = policies.domain(domain).orElseThrow(() ->
            notFound("Domain " + domain + " is not protected: it has no policy"));
        Optional<LocalPart> local = scope.localPart();
        if (local.isPresent() && !policy.catchAll() && policies.user(domain, local.get().value()).isEmpty()) {
            throw notFound("Recipient " + scope + " does not exist: domain " + domain
                + " is not catch-all and has no policy for it; PUT " + DomainPolicyRoutes.BASE_PATH + "/" + domain
                + "/users/" + local.get() + " first");
        }
    }
}
