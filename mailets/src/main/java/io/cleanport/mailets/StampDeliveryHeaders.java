package io.cleanport.mailets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.message.CleanPortId;
import io.cleanport.core.pipeline.MailIds;
import io.cleanport.core.pipeline.MailTags;
import io.cleanport.core.pipeline.MailVerdicts;
import io.cleanport.core.pipeline.RecipientOutcomes;
import io.cleanport.core.pipeline.RuleActions;
import io.cleanport.core.pipeline.SpamThresholds;
import io.cleanport.core.pipeline.StepVerdicts;
import io.cleanport.core.policy.EffectivePolicy;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.senders.SenderListStore;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.Verdict;

/**
 * Writes the gateway's header fields on a mail about to be delivered, after removing every
 * {@code X-CleanPort-*} field the message arrived with (only the gateway speaks for itself):
 *
 * <pre>
 * X-CleanPort-Id: 01KB9Z3W0R8Q4M2N6P7T5V1XYZ
 * X-CleanPort-Status: clean
 * X-CleanPort-Spam-Score: 7.5 (level 3, threshold 6.0)
 * X-CleanPort-Rules: BAYES_99, SENDER_BLOCKLISTED
 * </pre>
 *
 * <ul>
 *   <li>{@code Id}: the mail's {@code cleanport.id} attribute (required: a mail without one fails).</li>
 *   <li>{@code Status}: the parameter {@code status} when configured ({@code clean}, {@code spam},
 *       {@code content} or {@code released}; the {@code released} processor sets {@code released}),
 *       otherwise from the attribute {@code cleanport.tagged} ({@link MailTags#status}): {@code content} or
 *       {@code spam} when a step tagged the subject (content wins when both did), else {@code clean}.</li>
 *   <li>{@code Spam-Score}: the score of the recorded spam verdict ({@code 0.0} when the spam step did not
 *       run), with one decimal; the spam level of the first recipient's policy (the pipeline matches this
 *       mailet with {@code RecipientSpamLevel=<n>}, so all recipients share it) and that level's threshold
 *       ({@link SpamThresholds}). Left out when the first recipient's domain is not protected.</li>
 *   <li>{@code Rules}: the ids of the rules that hit in the recorded verdicts, virus, content then spam
 *       steps, each once, then {@code SENDER_BLOCKLISTED} when a recipient's block list made the mail spam;
 *       separated by {@code ", "} and folded when long. {@value #NO_RULES} when no rule hit, so the field is
 *       always there.</li>
 * </ul>
 */
public class StampDeliveryHeaders extends GenericMailet {
    public static final String ID_HEADER = "X-CleanPort-Id";
    public static final String STATUS_HEADER = "X-CleanPort-Status";
    public static final String SPAM_SCORE_HEADER = "X-CleanPort-Spam-Score";
    public static final String RULES_HEADER = "X-CleanPort-Rules";
    public static final String NO_RULES = "none";
    public static final String RELEASED = "released";
    static final String STATUS_PARAMETER = "status";

    private static final Logger LOGGER = LoggerFactory.getLogger(StampDeliveryHeaders.class);
    private static final String OUR_PREFIX = "x-cleanport-";
    private static final List<String> STATUSES = List.of(Category.CLEAN.asString(), Category.SPAM.asString(),
        Category.CONTENT.asString(), RELEASED);

    private final SpamThresholds thresholds;
    private final RecipientOutcomes outcomes;
    private Optional<String> status = Optional.empty();

    @Inject
    public StampDeliveryHeaders(SpamThresholds thresholds, PolicyStore policies, SenderListStore senders) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.outcomes = new RecipientOutcomes(policies, senders, RuleActions.NONE, thresholds);
    }

    @Override
    public void init() throws MessagingException {
        String configured = getInitParameter(STATUS_PARAMETER);
        if (configured == null) {
            status = Optional.empty();
            return;
        }
        if (!STATUSES.contains(configured.strip())) {
            throw new MessagingException(getMailetName() + ": parameter '" + STATUS_PARAMETER + "' is '" + configured
                + "'; expected one of " + String.join(", ", STATUSES) + ", or no parameter");
        }
        status = Optional.of(configured.strip());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        CleanPortId id = MailIds.require(mail);
        String statusValue = status.orElseGet(() -> MailTags.status(mail).asString());
        Optional<String> spamScore = spamScore(mail);
        String rules = rules(mail);

        MimeMessage message = mail.getMessage();
        for (String name : incomingCleanPortHeaders(message)) {
            message.removeHeader(name);
        }
        message.addHeader(ID_HEADER, id.asString());
        message.addHeader(STATUS_HEADER, statusValue);
        if (spamScore.isPresent()) {
            addHeader(message, SPAM_SCORE_HEADER, spamScore.get());
        }
        addHeader(message, RULES_HEADER, rules);
        LOGGER.debug("stamp id={} recipients={} status={} spamScore={} rules={}", id.asString(),
            FilteringStep.recipients(mail.getRecipients()), statusValue, spamScore.orElse("-"), rules);
    }

    private Optional<String> spamScore(Mail mail) {
        Optional<Verdict> recorded = MailVerdicts.recorded(mail, Category.SPAM);
        Optional<MailAddress> first = mail.getRecipients().stream().findFirst();
        Optional<EffectivePolicy> policy = first.flatMap(outcomes::policy);
        if (policy.isEmpty()) {
            LOGGER.warn("mail {} ({}): the first recipient {} is not in a protected domain; no {} header",
                MailIds.forLog(mail), mail.getName(), first.map(MailAddress::asString).orElse("(none)"), SPAM_SCORE_HEADER);
            return Optional.empty();
        }
        int level = policy.get().spamLevel();
        double score = recorded.map(verdict -> thresholds.scoreAt(verdict, level)).orElse(0.0);
        return Optional.of(oneDecimal(score) + " (level " + level + ", threshold " + oneDecimal(thresholds.threshold(level)) + ")");
    }

    private String rules(Mail mail) throws MessagingException {
        Set<String> ids = new LinkedHashSet<>();
        for (Category step : List.of(Category.VIRUS, Category.CONTENT, Category.SPAM)) {
            // A step may have recorded a verdict per recipient (content rules of a user): those of this mail's recipients.
            for (MailAddress recipient : mail.getRecipients()) {
                MailVerdicts.recorded(mail, step, recipient).ifPresent(verdict -> ids.addAll(verdict.ruleIds()));
            }
        }
        if (!ids.contains(RecipientOutcomes.SENDER_BLOCKLISTED) && blocklisted(mail)) {
            ids.add(RecipientOutcomes.SENDER_BLOCKLISTED);
        }
        return ids.isEmpty() ? NO_RULES : String.join(", ", ids);
    }

    private boolean blocklisted(Mail mail) throws MessagingException {
        StepVerdicts spam = StepVerdicts.of(outcomes, Category.SPAM, mail);
        for (MailAddress recipient : mail.getRecipients()) {
            if (spam.verdict(recipient).flatMap(verdict -> verdict.hit(RecipientOutcomes.SENDER_BLOCKLISTED)).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private static String oneDecimal(double value) {
        String formatted = String.format(Locale.ROOT, "%.1f", value);
        return formatted.equals("-0.0") ? "0.0" : formatted;
    }

    /** Adds a field folded at its spaces, so that no line of it gets too long. */
    private static void addHeader(MimeMessage message, String name, String value) throws MessagingException {
        message.addHeader(name, MimeUtility.fold(name.length() + 2, value));
    }

    private static List<String> incomingCleanPortHeaders(MimeMessage message) throws MessagingException {
        List<String> names = new ArrayList<>();
        for (Header header : Collections.list(message.getAllHeaders())) {
            String name = header.getName();
            if (name.toLowerCase(Locale.ROOT).startsWith(OUR_PREFIX) && !names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    @Override
    public String getMailetInfo() {
        return "Removes incoming X-CleanPort-* headers and writes X-CleanPort-Id, -Status, -Spam-Score and -Rules";
    }
}
