package io.cleanport.core.content;

import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import io.cleanport.core.pipeline.RuleActions;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.FilterAction;

/**
 * The actions content rules carry themselves ({@code "action": "delete"}), looked up by the rule id a hit
 * names ({@code CF_<id>}) among the recipient's domain's and own rules. A rule deleted since the message
 * was scanned has no action any more: the recipient's policy decides.
 */
public final class ContentRuleActions implements RuleActions {
    private static final String PREFIX = "CF_";

    private final ContentRuleStore rules;

    public ContentRuleActions(ContentRuleStore rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    @Override
    public Optional<FilterAction> actionOf(MailAddress recipient, String ruleId) {
        if (!ruleId.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String id = ruleId.substring(PREFIX.length());
        return DomainName.parse(recipient.getDomain().asString())
            .map(domain -> rules.rulesFor(domain, recipient.getLocalPart()))
            .flatMap(applicable -> applicable.all().stream()
                .filter(rule -> rule.id().map(ruleIdOf -> ruleIdOf.equalsIgnoreCase(id)).orElse(false))
                .findFirst())
            .flatMap(ContentRule::action);
    }
}
