package io.cleanport.core.pipeline;

import java.util.Optional;

import org.apache.james.core.MailAddress;

import io.cleanport.core.policy.FilterAction;

/**
 * The action a rule asks for itself, overriding the recipient's policy: a content rule may say
 * {@code "action": "delete"} where the domain's {@code actions.content} says quarantine.
 */
@FunctionalInterface
public interface RuleActions {
    /** No rule carries an action of its own. */
    RuleActions NONE = (recipient, ruleId) -> Optional.empty();

    /**
     * @param ruleId the id of a rule hit, as the verdict names it
     * @return the action of that rule as it applies to {@code recipient}; empty when the rule has none or is
     *     not known (any more)
     */
    Optional<FilterAction> actionOf(MailAddress recipient, String ruleId);
}
