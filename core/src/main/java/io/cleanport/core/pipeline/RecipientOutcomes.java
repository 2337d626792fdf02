package io.cleanport.core.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.EffectivePolicy;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.senders.SenderListStore;
import io.cleanport.core.senders.SenderListVerdict;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

/**
 * Turns the verdicts recorded on a mail into what happens to each recipient: the verdict of a step as it
 * applies to that recipient, and the outcome its policy ({@code actions}) asks for.
 *
 * <ul>
 *   <li>virus and content: the recorded verdict applies to every recipient;</li>
 *   <li>spam: the sender lists of the recipient and its domain come first. A blocked sender (envelope
 *       sender or header From) is spam ({@value #SENDER_BLOCKLISTED}); an allowed envelope sender skips
 *       the spam step (header From is not trusted to allow: anyone can write it); otherwise the recorded
 *       spam score is compared with the threshold of the recipient's spam level ({@link SpamThresholds}:
 *       the "badly composed" rules count at level 5 only).</li>
 * </ul>
 * Recipients of domains that are not protected have no outcome (relay traffic has its own path).
 */
public final class RecipientOutcomes {
    public static final String SENDER_BLOCKLISTED = "SENDER_BLOCKLISTED";
    static final double BLOCKLIST_SCORE = 100;

    private final PolicyStore policies;
    private final SenderListStore senders;
    private final RuleActions ruleActions;
    private final SpamThresholds thresholds;

    /** With the default spam thresholds and no rules that carry their own action. */
    public RecipientOutcomes(PolicyStore policies, SenderListStore senders) {
        this(policies, senders, RuleActions.NONE, SpamThresholds.defaults());
    }

    /**
     * @param ruleActions the actions content rules carry themselves
     * @param thresholds  the spam score each spam level treats as spam
     */
    public RecipientOutcomes(PolicyStore policies, SenderListStore senders, RuleActions ruleActions,
                             SpamThresholds thresholds) {
        this.policies = Objects.requireNonNull(policies, "policies");
        this.senders = Objects.requireNonNull(senders, "senders");
        this.ruleActions = Objects.requireNonNull(ruleActions, "ruleActions");
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    }

    /**
     * The verdict of {@code step} for {@code recipient}, when it is guilty (virus, content or spam); empty
     * when the step found nothing for this recipient.
     *
     * @param recorded       the verdict the step recorded on the mail, if it ran
     * @param envelopeSender the reverse path; empty for the null sender
     * @param headerFrom     the addresses of the From header, as written (may be garbage)
     */
    public Optional<Verdict> verdict(Category step, Optional<Verdict> recorded, MailAddress recipient,
                                     Optional<MailAddress> envelopeSender, List<String> headerFrom) {
        Optional<Verdict> guilty = recorded.filter(verdict -> verdict.category() == step);
        if (step != Category.SPAM) {
            return guilty;
        }
        Optional<DomainName> domain = DomainName.parse(recipient.getDomain().asString());
        if (domain.isEmpty()) {
            return guilty;
        }
        String local = recipient.getLocalPart();
        Optional<String> envelope = envelopeSender.map(MailAddress::asString);
        if (envelope.isPresent()) {
            SenderListVerdict byEnvelope = senders.classify(domain.get(), local, envelope.get());
            if (byEnvelope.isBlocked()) {
                return Optional.of(blocked(recorded, "envelope sender " + envelope.get(), byEnvelope));
            }
            if (byEnvelope.isAllowed()) {
                return Optional.empty();
            }
        }
        for (String from : headerFrom) {
            SenderListVerdict byHeader = senders.classify(domain.get(), local, from);
            if (byHeader.isBlocked()) {
                return Optional.of(blocked(recorded, "From " + from, byHeader));
            }
        }
        Optional<Integer> level = policies.effectivePolicy(domain.get(), local).map(EffectivePolicy::spamLevel);
        if (level.isEmpty()) {
            return guilty;
        }
        return recorded
            .filter(verdict -> verdict.category() == Category.SPAM || verdict.category() == Category.CLEAN)
            .filter(verdict -> !verdict.hits().isEmpty() && thresholds.isSpamAt(verdict, level.get()))
            .map(verdict -> Verdict.spam(verdict.hits()));
    }

    /**
     * What happens to {@code recipient} when {@code step} found the mail guilty: its effective policy's
     * action; empty for a recipient whose domain is not protected.
     */
    public Optional<Outcome> outcome(Category step, MailAddress recipient) {
        return policy(recipient).map(policy -> switch (step) {
            case VIRUS -> Outcome.of(policy.actions().virus());
            case SPAM -> Outcome.of(policy.actions().spam());
            case CONTENT -> Outcome.of(policy.actions().content());
            case CLEAN -> throw new IllegalArgumentException("clean is not a filtering step");
        });
    }

    /**
     * What happens to {@code recipient} for the guilty {@code verdict} of {@code step}. For content, the rules
     * that hit may carry an action of their own: the strongest of them decides (delete, then quarantine,
     * then tag); without one, the recipient's policy does. Empty when there is no guilty verdict or the
     * domain is not protected.
     */
    public Optional<Outcome> outcome(Category step, MailAddress recipient, Optional<Verdict> verdict) {
        if (verdict.isEmpty() || verdict.get().category() != step) {
            return Optional.empty();
        }
        Optional<Outcome> policyOutcome = outcome(step, recipient);
        if (step != Category.CONTENT || policyOutcome.isEmpty()) {
            return policyOutcome;
        }
        return verdict.get().hits().stream()
            .map(hit -> ruleActions.actionOf(recipient, hit.ruleId()))
            .flatMap(Optional::stream)
            .map(Outcome::of)
            .min(java.util.Comparator.comparingInt(RecipientOutcomes::strength))
            .or(() -> policyOutcome);
    }

    /** Lower is stronger: a rule that deletes beats one that quarantines, which beats one that tags. */
    private static int strength(Outcome outcome) {
        return switch (outcome) {
            case DELETE -> 0;
            case QUARANTINE -> 1;
            case TAG -> 2;
        };
    }

    /** The effective policy of {@code recipient}; empty when its domain is not protected. */
    public Optional<EffectivePolicy> policy(MailAddress recipient) {
        return DomainName.parse(recipient.getDomain().asString())
            .flatMap(domain -> policies.effectivePolicy(domain, recipient.getLocalPart()));
    }

    private static Verdict blocked(Optional<Verdict> recorded, String who, SenderListVerdict lists) {
        List<RuleHit> hits = new ArrayList<>();
        String scope = lists.scope().map(Object::toString).orElse("");
        String entry = lists.entry().map(Object::toString).orElse("");
        hits.add(RuleHit.of(SENDER_BLOCKLISTED, BLOCKLIST_SCORE, "The sender is on a block list",
            who + " matches " + entry + " on the block list of " + scope));
        recorded.filter(verdict -> verdict.category() == Category.SPAM || verdict.category() == Category.CLEAN)
            .ifPresent(verdict -> verdict.hits().stream()
                .filter(hit -> !hit.ruleId().equals(SENDER_BLOCKLISTED))
                .limit(Verdict.MAX_HITS - 1)
                .forEach(hits::add));
        return Verdict.spam(hits);
    }
}
