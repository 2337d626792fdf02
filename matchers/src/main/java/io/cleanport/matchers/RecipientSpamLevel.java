package io.cleanport.matchers;

import java.util.Collection;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import com.google.common.collect.ImmutableList;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.EffectivePolicy;
import io.cleanport.core.policy.PolicyLimits;
import io.cleanport.core.policy.PolicyStore;

/**
 * {@code RecipientSpamLevel=<n>}, n from 1 to 5: matches the recipients whose effective spam level (their
 * own, or their domain's) is n. Recipients of unprotected domains never match. Used to split a mail by
 * spam level before the delivery headers, which state the level and its threshold.
 */
public class RecipientSpamLevel extends GenericMatcher {
    private final PolicyStore policies;
    private int level;

    @Inject
    public RecipientSpamLevel(PolicyStore policies) {
        this.policies = policies;
    }

    @Override
    public void init() throws MessagingException {
        String condition = getCondition() == null ? "" : getCondition().strip();
        if (!condition.matches("[0-9]") || Integer.parseInt(condition) < PolicyLimits.MIN_SPAM_LEVEL
            || Integer.parseInt(condition) > PolicyLimits.MAX_SPAM_LEVEL) {
            throw new MessagingException("RecipientSpamLevel condition '" + getCondition() + "': expected a spam level from "
                + PolicyLimits.MIN_SPAM_LEVEL + " to " + PolicyLimits.MAX_SPAM_LEVEL);
        }
        level = Integer.parseInt(condition);
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        return mail.getRecipients().stream()
            .filter(recipient -> policy(recipient).map(EffectivePolicy::spamLevel).equals(Optional.of(level)))
            .collect(ImmutableList.toImmutableList());
    }

    private Optional<EffectivePolicy> policy(MailAddress recipient) {
        return DomainName.parse(recipient.getDomain().asString())
            .flatMap(domain -> policies.effectivePolicy(domain, recipient.getLocalPart()));
    }
}
