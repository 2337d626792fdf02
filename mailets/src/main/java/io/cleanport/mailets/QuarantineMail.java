package io.cleanport.mailets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.message.CleanPortId;
import io.cleanport.core.pipeline.MailIds;
import io.cleanport.core.pipeline.RuleActions;
import io.cleanport.core.pipeline.SpamThresholds;
import io.cleanport.core.pipeline.StepVerdicts;
import io.cleanport.core.policy.EffectivePolicy;
import io.cleanport.core.policy.FilterAction;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.quarantine.Quarantine;
import io.cleanport.core.quarantine.QuarantineCategory;
import io.cleanport.core.quarantine.QuarantineEntry;
import io.cleanport.core.quarantine.SpamLevel;
import io.cleanport.core.senders.SenderListStore;
import io.cleanport.core.stats.Counters;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.Verdict;

/**
 * Quarantines the mail for each of its recipients, in the quarantine of the step named by the parameter
 * {@code category} ({@code virus}, {@code spam} or {@code content}), then ends its way (state
 * {@code ghost}). Used on the recipients that {@code RecipientOutcome=<category>:quarantine} matched.
 *
 * <p>Each recipient gets its own entry: the message exactly as received, under the mail's
 * {@code cleanport.id}, with the recipient's own verdict of the step (for spam, its sender lists apply) as
 * the reasons, kept for its domain's {@code quarantineDays} of the category. Every recipient is checked
 * before anything is stored: a recipient without a guilty verdict or without a policy means the mailet is
 * misplaced, and the mail goes to the error processor whole rather than being quarantined for no reason.
 * A failing store also fails the mail; quarantining it again replaces the entries already stored.
 *
 * <p>For a virus, once every entry is stored, the recipients and their domains' ICT addresses are told, as
 * their policies ask ({@link VirusNotifier}); a notification that cannot be sent fails the mail.
 *
 * <p>Counts {@code virus}, {@code spam} or {@code content} once per recipient, for its domain, and logs one
 * line per recipient (and one per notification sent).
 */
public class QuarantineMail extends FilteringStep {
    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineMail.class);

    private final Quarantine quarantine;
    private final SpamThresholds thresholds;
    private QuarantineCategory category;

    /** Without rules that carry their own action. */
    public QuarantineMail(Quarantine quarantine, PolicyStore policies, SenderListStore senders, Counters counters) {
        this(quarantine, policies, senders, RuleActions.NONE, counters);
    }

    public QuarantineMail(Quarantine quarantine, PolicyStore policies, SenderListStore senders, RuleActions ruleActions,
                          Counters counters) {
        this(quarantine, policies, senders, ruleActions, SpamThresholds.defaults(), counters);
    }

    @Inject
    public QuarantineMail(Quarantine quarantine, PolicyStore policies, SenderListStore senders, RuleActions ruleActions,
                          SpamThresholds thresholds, Counters counters) {
        super(policies, senders, ruleActions, thresholds, counters, EnumSet.of(Category.VIRUS, Category.SPAM, Category.CONTENT));
        this.quarantine = Objects.requireNonNull(quarantine, "quarantine");
        this.thresholds = thresholds;
    }

    @Override
    void initStep() {
        category = switch (step()) {
            case VIRUS -> QuarantineCategory.VIRUS;
            case SPAM -> QuarantineCategory.SPAM;
            case CONTENT -> QuarantineCategory.CONTENT;
            case CLEAN -> throw new IllegalStateException("clean is not accepted by FilteringStep.parse");
        };
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        CleanPortId id = MailIds.require(mail);
        StepVerdicts verdicts = verdicts(mail);
        List<Planned> planned = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            Verdict verdict = verdicts.verdict(recipient).orElseThrow(() -> misplaced(mail, recipient,
                "has no " + step().asString() + " verdict", FilterAction.QUARANTINE));
            EffectivePolicy policy = verdicts.policy(recipient).orElseThrow(() -> misplaced(mail, recipient,
                "is not in a protected domain", FilterAction.QUARANTINE));
            planned.add(new Planned(recipient, policy, atLevel(verdict, policy), category.retentionDays(policy.quarantineDays())));
        }
        MimeMessage message = mail.getMessage();
        long size = mail.getMessageSize();
        Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
        List<VirusNotifier.Stopped> stopped = new ArrayList<>();
        for (Planned entry : planned) {
            long started = System.nanoTime();
            QuarantineEntry stored = quarantine.put(category, id, entry.recipient(), sender, message, size,
                entry.verdict(), entry.retentionDays(), Optional.empty(), spamLevel(entry.policy()));
            count(entry.recipient());
            LOGGER.info("quarantine id={} sender={} recipient={} category={} {} quarantineId={} days={} ms={}",
                id.asString(), sender(mail), entry.recipient().asString(), category.jsonValue(),
                reasons(List.of(entry.verdict())), stored.id().asString(), entry.retentionDays(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
            stopped.add(VirusNotifier.Stopped.quarantined(entry.recipient(), entry.policy(), entry.verdict(), stored.id(),
                entry.retentionDays()));
        }
        if (step() == Category.VIRUS) {
            new VirusNotifier(getMailetContext()).notify(mail, stopped);
        }
        mail.setState(Mail.GHOST);
    }

    /** A spam verdict as it counts at the recipient's level: without the level-5-only rules below level 5. */
    private Verdict atLevel(Verdict verdict, EffectivePolicy policy) {
        if (step() != Category.SPAM) {
            return verdict;
        }
        return Verdict.of(verdict.category(), verdict.name(), thresholds.countedAt(verdict, policy.spamLevel()));
    }

    private Optional<SpamLevel> spamLevel(EffectivePolicy policy) {
        if (step() != Category.SPAM) {
            return Optional.empty();
        }
        return Optional.of(new SpamLevel(policy.spamLevel(), thresholds.threshold(policy.spamLevel())));
    }

    private record Planned(MailAddress recipient, EffectivePolicy policy, Verdict verdict, int retentionDays) {
    }

    @Override
    public String getMailetInfo() {
        return "Quarantines the mail for each recipient and ends its way";
    }
}
