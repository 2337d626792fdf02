package io.cleanport.mailets;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.pipeline.MailIds;
import io.cleanport.core.pipeline.MailTags;
import io.cleanport.core.pipeline.RuleActions;
import io.cleanport.core.pipeline.SpamThresholds;
import io.cleanport.core.pipeline.StepVerdicts;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.senders.SenderListStore;
import io.cleanport.core.stats.Counters;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.Verdict;

/**
 * Tags the subject of a mail the step named by the parameter {@code category} ({@code spam} or
 * {@code content}) found guilty, and lets it go on to delivery. Used on the recipients that
 * {@code RecipientOutcome=<category>:tag} matched.
 *
 * <ul>
 *   <li>The prefix is {@value #SPAM_PREFIX} for spam and {@value #CONTENT_PREFIX} for content; the optional
 *       parameter {@code prefix} (printable ASCII, at most {@value #MAX_PREFIX_CHARS} characters) replaces
 *       it, followed by one space.</li>
 *   <li>The subject keeps its encoding: the prefix is put before the field's raw value, so encoded words
 *       ({@code =?UTF-8?B?...?=}) and folding stay as the sender wrote them. A subject that already starts
 *       with the prefix is left alone, so a mail tagged before (a retry, a forward) is not tagged twice. A
 *       message without a subject gets the prefix alone.</li>
 *   <li>Records the step in the attribute {@code cleanport.tagged} ({@link MailTags}), from which
 *       {@code StampDeliveryHeaders} writes {@code X-CleanPort-Status}.</li>
 *   <li>Counts {@code spam} or {@code content} once per recipient, for its domain, and logs one line
 *       (id, sender, recipients, category, the rules of the recipients' verdicts).</li>
 * </ul>
 */
public class TagSubject extends FilteringStep {
    public static final String SPAM_PREFIX = "*** SPAM *** ";
    public static final String CONTENT_PREFIX = "*** CF *** ";
    static final String PREFIX_PARAMETER = "prefix";
    static final int MAX_PREFIX_CHARS = 100;

    private static final Logger LOGGER = LoggerFactory.getLogger(TagSubject.class);

    private String prefix;

    /** Without rules that carry their own action. */
    public TagSubject(PolicyStore policies, SenderListStore senders, Counters counters) {
        this(policies, senders, RuleActions.NONE, counters);
    }

    public TagSubject(PolicyStore policies, SenderListStore senders, RuleActions ruleActions, Counters counters) {
        this(policies, senders, ruleActions, SpamThresholds.defaults(), counters);
    }

    @Inject
    public TagSubject(PolicyStore policies, SenderListStore senders, RuleActions ruleActions, SpamThresholds thresholds,
                      Counters counters) {
        super(policies, senders, ruleActions, thresholds, counters, EnumSet.of(Category.SPAM, Category.CONTENT));
    }

    @Override
    void initStep() throws MessagingException {
        String configured = getInitParameter(PREFIX_PARAMETER);
        if (configured == null) {
            prefix = step() == Category.SPAM ? SPAM_PREFIX : CONTENT_PREFIX;
        } else {
            prefix = checkPrefix(configured.strip()) + " ";
        }
    }

    private String checkPrefix(String configured) throws MessagingException {
        if (configured.isEmpty() || configured.length() > MAX_PREFIX_CHARS
            || !configured.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw new MessagingException(getMailetName() + ": parameter '" + PREFIX_PARAMETER + "' is '" + configured
                + "'; expected 1 to " + MAX_PREFIX_CHARS + " printable ASCII characters");
        }
        return configured;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        boolean tagged = tag(mail.getMessage());
        MailTags.add(mail, step());
        StepVerdicts verdicts = verdicts(mail);
        List<Verdict> why = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            verdicts.verdict(recipient).ifPresent(why::add);
            count(recipient);
        }
        LOGGER.info("tag id={} sender={} recipients={} category={} {} subject={}", MailIds.forLog(mail),
            sender(mail), recipients(mail.getRecipients()), step().asString(),
            reasons(why), tagged ? "tagged" : "already-tagged");
    }

    /** Prefixes the subject; false when it already starts with the prefix. */
    private boolean tag(MimeMessage message) throws MessagingException {
        String subject = message.getSubject();
        if (subject != null && subject.startsWith(prefix.stripTrailing())) {
            return false;
        }
        String raw = message.getHeader("Subject", null);
        message.setHeader("Subject", raw == null || raw.isBlank() ? prefix.stripTrailing() : prefix + raw);
        return true;
    }

    @Override
    public String getMailetInfo() {
        return "Tags the subject of spam or of mail a content rule matched";
    }
}
