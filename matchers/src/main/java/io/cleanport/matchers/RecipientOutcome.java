package io.cleanport.matchers;

import java.util.Collection;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import com.google.common.collect.ImmutableList;

import io.cleanport.core.pipeline.RecipientOutcomes;
import io.cleanport.core.pipeline.StepOutcome;
import io.cleanport.core.pipeline.RuleActions;
import io.cleanport.core.pipeline.SpamThresholds;
import io.cleanport.core.pipeline.StepVerdicts;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.senders.SenderListStore;

/**
 * {@code RecipientOutcome=<step>:<outcome>}: matches the recipients for whom the step (virus, content or
 * spam) found the mail guilty and whose policy asks for that outcome (quarantine, delete, or tag; a virus
 * is never tagged), e.g. {@code virus:quarantine}, {@code spam:tag}. James splits the mail, so each
 * recipient gets its own outcome.
 *
 * <p>The verdict is the one the step recorded on the mail; for spam, each recipient's sender lists come
 * first (a blocked envelope sender or From address is spam, an allowed envelope sender is not)
 * ({@link RecipientOutcomes}). Recipients of unprotected domains never match. The condition is checked
 * at start-up.
 */
public class RecipientOutcome extends GenericMatcher {
    private final RecipientOutcomes outcomes;
    private StepOutcome condition;

    /** Without rules that carry their own action. */
    public RecipientOutcome(PolicyStore policies, SenderListStore senders) {
        this(policies, senders, RuleActions.NONE);
    }

    public RecipientOutcome(PolicyStore policies, SenderListStore senders, RuleActions ruleActions) {
        this(policies, senders, ruleActions, SpamThresholds.defaults());
    }

    @Inject
    public RecipientOutcome(PolicyStore policies, SenderListStore senders, RuleActions ruleActions, SpamThresholds thresholds) {
        this.outcomes = new RecipientOutcomes(policies, senders, ruleActions, thresholds);
    }

    @Override
    public void init() throws MessagingException {
        try {
            condition = StepOutcome.parse(getCondition());
        } catch (IllegalArgumentException e) {
            throw new MessagingException("RecipientOutcome condition '" + getCondition() + "': " + e.getMessage(), e);
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        StepVerdicts verdicts = StepVerdicts.of(outcomes, condition.step(), mail);
        return mail.getRecipients().stream()
            .filter(recipient -> verdicts.verdict(recipient).isPresent()
                && verdicts.outcome(recipient).equals(Optional.of(condition.outcome())))
            .collect(ImmutableList.toImmutableList());
    }
}
