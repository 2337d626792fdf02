package io.cleanport.core.content;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.LocalPart;
import io.cleanport.core.senders.SenderListScope;

/**
 * The content rules that apply to one recipient: its domain's and its own, each in creation order.
 * Both apply; which wins when several hit is the content filter's decision, not this value's.
 *
 * @param domain the rules of the recipient's domain
 * @param user   the recipient's own rules
 */
public record RecipientRules(List<ContentRule> domain, List<ContentRule> user) {
    private static final RecipientRules NONE = new RecipientRules(List.of(), List.of());

    public RecipientRules {
        domain = List.copyOf(domain);
        user = List.copyOf(user);
    }

    public static RecipientRules none() {
        return NONE;
    }

    /**
     * The rules of {@code localPart@domain} as {@code rules} gives each scope's; a null or invalid local
     * part (a quoted one, say) has no rules of its own.
     */
    static RecipientRules read(Function<SenderListScope, List<ContentRule>> rules, DomainName domain, String localPart) {
        List<ContentRule> domainRules = rules.apply(SenderListScope.domain(domain));
        List<ContentRule> userRules = LocalPart.parse(localPart)
            .map(local -> rules.apply(SenderListScope.user(domain, local)))
            .orElse(List.of());
        return new RecipientRules(domainRules, userRules);
    }

    /** The recipient's own rules, then its domain's. */
    public List<ContentRule> all() {
        List<ContentRule> all = new ArrayList<>(user.size() + domain.size());
        all.addAll(user);
        all.addAll(domain);
        return List.copyOf(all);
    }

    public boolean isEmpty() {
        return domain.isEmpty() && user.isEmpty();
    }
}
