package io.cleanport.core.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cleanport.core.content.ContentRule;
import io.cleanport.core.content.ContentRuleLimitException;
import io.cleanport.core.content.ContentRuleStore;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.senders.SenderListScope;

/** A {@link ContentRuleStore} in memory, for tests of the code that reads content rules. */
public final class InMemoryContentRuleStore implements ContentRuleStore {
    /** Each scope's rules by id, in creation order. */
    private final Map<SenderListScope, Map<String, ContentRule>> rules = new LinkedHashMap<>();
    private final int maxRulesPerScope;

    public InMemoryContentRuleStore() {
        this(DEFAULT_MAX_RULES_PER_SCOPE);
    }

    public InMemoryContentRuleStore(int maxRulesPerScope) {
        this.maxRulesPerScope = maxRulesPerScope;
    }

    @Override
    public synchronized ContentRule add(SenderListScope scope, ContentRule rule) {
        Map<String, ContentRule> scopeRules = rules.computeIfAbsent(scope, s -> new LinkedHashMap<>());
        if (scopeRules.size() >= maxRulesPerScope) {
            throw new ContentRuleLimitException(scope, maxRulesPerScope);
        }
        ContentRule stored = rule.withId(ContentRule.newId());
        while (isTaken(stored.id().orElseThrow())) {
            stored = rule.withId(ContentRule.newId());
        }
        scopeRules.put(stored.id().orElseThrow(), stored);
        return stored;
    }

    private boolean isTaken(String id) {
        return rules.values().stream().anyMatch(scopeRules -> scopeRules.containsKey(id));
    }

    @Override
    public synchronized List<ContentRule> list(SenderListScope scope) {
        return List.copyOf(rules.getOrDefault(scope, Map.of()).values());
    }

    @Override
    public synchronized Optional<ContentRule> get(SenderListScope scope, String id) {
        return ContentRule.tryParseId(id).map(rules.getOrDefault(scope, Map.of())::get);
    }

    @Override
    public synchronized boolean remove(SenderListScope scope, String id) {
        Optional<String> ruleId = ContentRule.tryParseId(id);
        Map<String, ContentRule> scopeRules = rules.get(scope);
        return ruleId.isPresent() && scopeRules != null && scopeRules.remove(ruleId.get()) != null;
    }

    @Override
    public synchronized int removeDomain(DomainName domain) {
        int removed = 0;
        for (SenderListScope scope : new ArrayList<>(rules.keySet())) {
            if (scope.domainName().equals(domain)) {
                removed += rules.remove(scope).size();
            }
        }
        return removed;
    }
}
