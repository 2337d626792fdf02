package io.cleanport.mailets;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

import io.cleanport.core.pipeline.MailIds;
import io.cleanport.core.pipeline.RecipientOutcomes;
import io.cleanport.core.pipeline.RuleActions;
import io.cleanport.core.pipeline.SpamThresholds;
import io.cleanport.core.pipeline.StepVerdicts;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.FilterAction;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.senders.SenderListStore;
import io.cleanport.core.stats.Counter;
import io.cleanport.core.stats.Counters;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.Verdict;

/**
 * What the mailets that carry out a step's outcome ({@link QuarantineMail}, {@link DiscardMail},
 * {@link TagSubject}) share: their {@value #PARAMETER} parameter, read at {@link #init()}, each recipient's
 * verdict of the step ({@link #verdicts}), the counter of the step ({@link #count}), the failure of a mail
 * they should not have been given ({@link #misplaced}), and the way their log lines name the mail and the
 * reasons (also used by the other mailets of the pipeline).
 */
abstract class FilteringStep extends GenericMailet {
    static final String PARAMETER = "category";

    private final RecipientOutcomes outcomes;
    private final Counters counters;
    private final Set<Category> accepted;
    private Category step;
    private Counter counter;

    /** @param accepted the steps the {@value #PARAMETER} parameter may name */
    FilteringStep(PolicyStore policies, SenderListStore senders, RuleActions ruleActions, SpamThresholds thresholds,
                  Counters counters, Set<Category> accepted) {
        this.outcomes = new RecipientOutcomes(policies, senders, ruleActions, thresholds);
        this.counters = Objects.requireNonNull(counters, "counters");
        this.accepted = Set.copyOf(accepted);
    }

    /** Reads the {@value #PARAMETER} parameter, then the mailet's own ({@link #initStep()}). */
    @Override
    public final void init() throws MessagingException {
        step = parse(getMailetName(), getInitParameter(PARAMETER), accepted);
        counter = counter(step);
        initStep();
    }

    /** Reads the parameters of the mailet itself, once {@link #step()} is known; none by default. */
    void initStep() throws MessagingException {
    }

    /** The step whose outcome this mailet carries out. */
    final Category step() {
        return step;
    }

    /** The verdict of the step for each recipient of {@code mail}. */
    final StepVerdicts verdicts(Mail mail) throws MessagingException {
        return StepVerdicts.of(outcomes, step, mail);
    }

    /** Counts the step once for {@code recipient}'s domain (and the total), or in the total alone. */
    final void count(MailAddress recipient) {
        Optional<DomainName> domain = DomainName.parse(recipient.getDomain().asString());
        if (domain.isPresent()) {
            counters.increment(counter, domain.get());
        } else {
            counters.increment(counter);
        }
    }

    /**
     * The failure of a mail this mailet should not have been given, because {@code recipient}
     * {@code problem}: the mailet does not follow {@code RecipientOutcome=<step>:<action>}, and the mail goes
     * to the error processor rather than being lost.
     */
    final MessagingException misplaced(Mail mail, MailAddress recipient, String problem, FilterAction action) {
        String undone = switch (action) {
            case QUARANTINE -> "quarantined";
            case DELETE -> "deleted";
            case TAG -> "tagged";
        };
        return new MessagingException(getMailetName() + ": mail " + MailIds.forLog(mail) + " (" + mail.getName()
            + "): recipient " + recipient.asString() + " " + problem + "; nothing was " + undone
            + " (the mailet must follow RecipientOutcome=" + step.asString() + ":" + action.jsonValue() + ")");
    }

    /**
     * The step named by the {@value #PARAMETER} parameter.
     *
     * @throws MessagingException naming the mailet, the parameter and the accepted values
     */
    private static Category parse(String mailetName, String value, Set<Category> accepted) throws MessagingException {
        String names = accepted.stream().sorted().map(Category::asString).collect(Collectors.joining(", "));
        if (value == null || value.isBlank()) {
            throw new MessagingException(mailetName + ": parameter '" + PARAMETER + "' is required; expected one of " + names);
        }
        for (Category candidate : accepted) {
            if (candidate.asString().equals(value.strip())) {
                return candidate;
            }
        }
        throw new MessagingException(mailetName + ": parameter '" + PARAMETER + "' is '" + value + "'; expected one of " + names);
    }

    private static Counter counter(Category step) {
        return switch (step) {
            case VIRUS -> Counter.VIRUS;
            case SPAM -> Counter.SPAM;
            case CONTENT -> Counter.CONTENT;
            case CLEAN -> throw new IllegalArgumentException("clean is not a filtering step");
        };
    }

    /** The envelope sender for a log line, {@code <>} for the null sender. */
    static String sender(Mail mail) {
        return mail.getMaybeSender().asString("<>");
    }

    /** The recipients for a log line, comma-separated. */
    static String recipients(Collection<MailAddress> recipients) {
        return recipients.stream().map(MailAddress::asString).collect(Collectors.joining(","));
    }

    /**
     * The reasons of verdicts for a log line: {@code virus=<names> rules=<ids>}, or {@code rules=<ids>}
     * when no verdict names a virus; {@code rules=none} when nothing hit.
     */
    static String reasons(Collection<Verdict> verdicts) {
        Set<String> names = new LinkedHashSet<>();
        Set<String> rules = new LinkedHashSet<>();
        for (Verdict verdict : verdicts) {
            verdict.name().ifPresent(names::add);
            rules.addAll(verdict.ruleIds());
        }
        String ruleList = rules.isEmpty() ? "none" : String.join(",", rules);
        return names.isEmpty() ? "rules=" + ruleList : "virus=" + String.join(",", names) + " rules=" + ruleList;
    }
}
