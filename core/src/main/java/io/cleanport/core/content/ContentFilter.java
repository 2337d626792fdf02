package io.cleanport.core.content;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.MailAddress;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

/**
 * The content filter's verdict for each recipient of a message: the rules of the recipient's domain and
 * the recipient's own rules, evaluated on the one parse of the message ({@link MessageContext}). A domain's
 * rules are evaluated once per message whatever the number of its recipients; a user's own rules only for
 * that user. A recipient whose rules hit gets a content verdict naming them ({@code CF_<rule id>}); the others
 * a clean verdict.
 */
public final class ContentFilter {
    private final ContentRuleStore rules;
    private final ContentRuleEvaluator evaluator;

    public ContentFilter(ContentRuleStore rules, ContentRuleEvaluator evaluator) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
    }

    /** Whether any of {@code recipients} has a rule (of its domain or its own): otherwise nothing to evaluate. */
    public boolean hasRules(Collection<MailAddress> recipients) {
        return recipients.stream().anyMatch(recipient -> !rulesOf(recipient).isEmpty());
    }

    /** The verdict of every recipient, in the order given. */
    public Map<MailAddress, Verdict> verdicts(Collection<MailAddress> recipients, MessageContext context) {
        Map<String, List<RuleHit>> byDomain = new HashMap<>();
        Map<MailAddress, Verdict> verdicts = new LinkedHashMap<>();
        for (MailAddress recipient : recipients) {
            RecipientRules applicable = rulesOf(recipient);
            if (applicable.isEmpty()) {
                verdicts.put(recipient, Verdict.clean());
                continue;
            }
            List<RuleHit> domainHits = byDomain.computeIfAbsent(recipient.getDomain().asString(),
                domain -> evaluator.evaluate(applicable.domain(), context));
            List<RuleHit> userHits = applicable.user().isEmpty() ? List.of() : evaluator.evaluate(applicable.user(), context);
            verdicts.put(recipient, verdict(userHits, domainHits));
        }
        return verdicts;
    }

    private RecipientRules rulesOf(MailAddress recipient) {
        Optional<DomainName> domain = DomainName.parse(recipient.getDomain().asString());
        return domain.map(name -> rules.rulesFor(name, recipient.getLocalPart())).orElse(RecipientRules.none());
    }

    /** The user's hits first (their own rules), each rule once, at most as many as a verdict holds. */
    private static Verdict verdict(List<RuleHit> userHits, List<RuleHit> domainHits) {
        Set<String> seen = new LinkedHashSet<>();
        List<RuleHit> hits = new ArrayList<>();
        for (List<RuleHit> source : List.of(userHits, domainHits)) {
            for (RuleHit hit : source) {
                if (hits.size() < Verdict.MAX_HITS && seen.add(hit.ruleId())) {
                    hits.add(hit);
                }
            }
        }
        return hits.isEmpty() ? Verdict.clean() : Verdict.content(hits);
    }
}
