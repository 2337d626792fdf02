package io.cleanport.mailets;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.pipeline.MailIds;
import io.cleanport.core.pipeline.RuleActions;
import io.cleanport.core.pipeline.SpamThresholds;
import io.cleanport.core.pipeline.StepVerdicts;
import io.cleanport.core.policy.FilterAction;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.senders.SenderListStore;
import io.cleanport.core.stats.Counters;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.Verdict;

/**
 * Deletes the mail for its recipients because of the step named by the parameter {@code category}
 * ({@code virus}, {@code spam} or {@code content}): logs why, counts, and ends its way (state
 * {@code ghost}). Used on the recipients that {@code RecipientOutcome=<category>:delete} matched.
 *
 * <p>Every recipient must have a guilty verdict of the step (for spam, after its sender lists): otherwise
 * the mailet is misplaced and the mail goes to the error processor instead of being lost.
 *
 * <p>For a virus, before the mail is ghosted, the recipients and their domains' ICT addresses are told that
 * it was deleted, as their policies ask ({@link VirusNotifier}); a notification that cannot be sent fails the
 * mail, which the error processor then keeps.
 *
 * <p>Logs one line per mail (id, sender, recipients, category, rules) and one per notification sent, and
 * counts {@code virus}, {@code spam} or {@code content} once per recipient, for its domain.
 */
public class DiscardMail extends FilteringStep {
    private static final Logger LOGGER = LoggerFactory.getLogger(DiscardMail.class);

    /** Without rules that carry their own action. */
    public DiscardMail(PolicyStore policies, SenderListStore senders, Counters counters) {
        this(policies, senders, RuleActions.NONE, counters);
    }

    public DiscardMail(PolicyStore policies, SenderListStore senders, RuleActions ruleActions, Counters counters) {
        this(policies, senders, ruleActions, SpamThresholds.defaults(), counters);
    }

    @Inject
    public DiscardMail(PolicyStore policies, SenderListStore senders, RuleActions ruleActions, SpamThresholds thresholds,
                       Counters counters) {
        super(policies, senders, ruleActions, thresholds, counters, EnumSet.of(Category.VIRUS, Category.SPAM, Category.CONTENT));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        StepVerdicts verdicts = verdicts(mail);
        List<Verdict> why = new ArrayList<>();
        List<VirusNotifier.Stopped> stopped = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            Verdict verdict = verdicts.verdict(recipient).orElseThrow(() -> misplaced(mail, recipient,
                "has no " + step().asString() + " verdict", FilterAction.DELETE));
            why.add(verdict);
            // a recipient outside the protected domains has no policy, so nobody to tell about it
            verdicts.policy(recipient).ifPresent(policy -> stopped.add(VirusNotifier.Stopped.deleted(recipient, policy, verdict)));
        }
        mail.getRecipients().forEach(this::count);
        LOGGER.info("delete id={} sender={} recipients={} category={} {}", MailIds.forLog(mail), sender(mail),
            recipients(mail.getRecipients()), step().asString(), reasons(why));
        if (step() == Category.VIRUS) {
            new VirusNotifier(getMailetContext()).notify(mail, stopped);
        }
        mail.setState(Mail.GHOST);
    }

    @Override
    public String getMailetInfo() {
        return "Deletes the mail for its recipients, logged and counted";
    }
}
