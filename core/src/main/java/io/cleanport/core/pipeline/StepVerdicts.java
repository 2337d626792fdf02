package io.cleanport.core.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;

import io.cleanport.core.policy.EffectivePolicy;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.Verdict;

/**
 * One filtering step's verdict as it applies to each recipient of one mail, and the outcome each
 * recipient's policy asks for ({@link RecipientOutcomes}). What the mail carries is read once, when this is
 * made: the verdict the step recorded ({@link MailVerdicts}), the envelope sender and, for the spam step
 * only, the {@code From} header field ({@link HeaderFrom}).
 *
 * <p>Matchers use it to pick the recipients of an outcome; the mailets that carry an outcome out use it
 * to know why, so both always agree.
 */
public final class StepVerdicts {
    private final RecipientOutcomes outcomes;
    private final Category step;
    private final Optional<Verdict> recorded;
    private final Map<String, Verdict> perRecipient;
    private final Optional<MailAddress> envelopeSender;
    private final List<String> headerFrom;

    private StepVerdicts(RecipientOutcomes outcomes, Category step, Optional<Verdict> recorded,
                         Map<String, Verdict> perRecipient, Optional<MailAddress> envelopeSender, List<String> headerFrom) {
        this.outcomes = outcomes;
        this.step = step;
        this.recorded = recorded;
        this.perRecipient = perRecipient;
        this.envelopeSender = envelopeSender;
        this.headerFrom = headerFrom;
    }

    /**
     * @param step virus, content or spam
     * @throws MessagingException when the message's header cannot be read
     * @throws io.cleanport.core.verdict.VerdictFormatException when the recorded verdict is damaged
     */
    public static StepVerdicts of(RecipientOutcomes outcomes, Category step, Mail mail) throws MessagingException {
        Objects.requireNonNull(outcomes, "outcomes");
        if (Objects.requireNonNull(step, "step") == Category.CLEAN) {
            throw new IllegalArgumentException("clean is not a filtering step");
        }
        Optional<Verdict> recorded = MailVerdicts.recorded(mail, step);
        List<String> headerFrom = step == Category.SPAM ? HeaderFrom.addresses(mail.getMessage()) : List.of();
        return new StepVerdicts(outcomes, step, recorded, MailVerdicts.recordedPerRecipient(mail, step),
            mail.getMaybeSender().asOptional(), headerFrom);
    }

    public Category step() {
        return step;
    }

    /** The verdict the step recorded on the mail, before any recipient's sender lists; empty if it did not run. */
    public Optional<Verdict> recorded() {
        return recorded;
    }

    /**
     * The step's verdict for {@code recipient} when it is guilty; empty when the step found nothing for it.
     * A verdict recorded for that recipient alone replaces the mail's.
     */
    public Optional<Verdict> verdict(MailAddress recipient) {
        return outcomes.verdict(step, recordedFor(recipient), recipient, envelopeSender, headerFrom);
    }

    /** What the step recorded for {@code recipient}: its own verdict, else the mail's. */
    public Optional<Verdict> recordedFor(MailAddress recipient) {
        Verdict own = perRecipient.get(recipient.asString());
        return own != null ? Optional.of(own) : recorded;
    }

    /**
     * What {@code recipient}'s policy does with this step's guilty verdict (for content, a rule's own action
     * first); empty for an unprotected domain or a recipient the step found nothing against.
     */
    public Optional<Outcome> outcome(MailAddress recipient) {
        return outcomes.outcome(step, recipient, verdict(recipient));
    }

    /** {@code recipient}'s effective policy; empty for an unprotected domain. */
    public Optional<EffectivePolicy> policy(MailAddress recipient) {
        return outcomes.policy(recipient);
    }
}
