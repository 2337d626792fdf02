package io.cleanport.mailets;

import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.message.CleanPortId;
import io.cleanport.core.pipeline.MailIds;
import io.cleanport.core.policy.EffectivePolicy;
import io.cleanport.core.quarantine.QuarantineId;
import io.cleanport.core.verdict.Evidence;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

/**
 * Tells people that a mail carrying a virus was stopped: each recipient whose policy has
 * {@code notifications.virusToRecipient}, and each distinct {@code notifications.ictAddress} of the
 * recipients' domains, once per mail, with the list of that address's recipients. Used by
 * {@link QuarantineMail} and {@link DiscardMail} for the virus step.
 *
 * <p>A notification is a new message, never a copy: one {@code text/plain; charset=UTF-8} part that names
 * the virus, the envelope sender, the {@code From}, subject and date of the original, the mail's
 * {@code cleanport.id}, the quarantine id (or that the mail was deleted) and the rules' evidence. Nothing of
 * the original is attached or quoted; what is taken from its header is reduced to printable characters and
 * cut to {@value #MAX_ORIGINAL_CHARS} characters, evidence to {@value #MAX_EVIDENCE_CHARS} characters and
 * {@value #MAX_EVIDENCE_LINES} lines.
 *
 * <p>It comes from the postmaster with a null reverse-path, like a DSN, so that it can never bounce back
 * into a loop, and carries {@code Auto-Submitted: auto-generated} (RFC 3834) and
 * {@code X-CleanPort-Notification: virus}. It enters the root processor like any mail, so it is filtered
 * and delivered as any other mail to its recipient's domain. A failure to send is a
 * {@link MessagingException}: the original mail goes to the error processor, which keeps it.
 */
final class VirusNotifier {
    static final String HEADER = "X-CleanPort-Notification";
    static final String HEADER_VALUE = "virus";
    static final String SUBJECT_PREFIX = "Virus blocked: ";
    /** The most characters shown of a header field of the original (subject, From, Date). */
    static final int MAX_ORIGINAL_CHARS = 200;
    /** The most characters shown of one rule's evidence. */
    static final int MAX_EVIDENCE_CHARS = 300;
    /** The most evidence lines shown. */
    static final int MAX_EVIDENCE_LINES = 10;
    /** How much of a header field is read at all, before decoding: a 1 MB subject costs no more than this. */
    private static final int MAX_FIELD_READ_CHARS = 4096;

    private static final Logger LOGGER = LoggerFactory.getLogger(VirusNotifier.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /**
     * One recipient the mail was stopped for because of a virus.
     *
     * @param recipient     the envelope recipient
     * @param policy        its effective policy: who is notified
     * @param verdict       its virus verdict: the name and the evidence
     * @param quarantineId  its quarantine entry; empty when the mail was deleted for it
     * @param retentionDays how long the entry is kept; 0 when deleted
     */
    record Stopped(MailAddress recipient, EffectivePolicy policy, Verdict verdict, Optional<QuarantineId> quarantineId,
                   int retentionDays) {
        Stopped {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(quarantineId, "quarantineId");
        }

        static Stopped quarantined(MailAddress recipient, EffectivePolicy policy, Verdict verdict, QuarantineId id,
                                   int retentionDays) {
            return new Stopped(recipient, policy, verdict, Optional.of(id), retentionDays);
        }

        static Stopped deleted(MailAddress recipient, EffectivePolicy policy, Verdict verdict) {
            return new Stopped(recipient, policy, verdict, Optional.empty(), 0);
        }

        String virusName() {
            return verdict.name().orElse("a virus");
        }
    }

    private final MailetContext context;
    private final Clock clock;

    VirusNotifier(MailetContext context) {
        this(context, Clock.systemUTC());
    }

    VirusNotifier(MailetContext context, Clock clock) {
        this.context = Objects.requireNonNull(context, "context");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Sends the notifications about {@code original}, stopped for {@code stopped}: one per recipient whose
     * policy asks for it, then one per distinct ICT address. Logs one line per notification sent.
     *
     * @throws MessagingException when there is no postmaster or a notification cannot be built or sent
     */
    void notify(Mail original, List<Stopped> stopped) throws MessagingException {
        Map<String, List<Stopped>> byIct = new LinkedHashMap<>();
        List<Stopped> toRecipients = new ArrayList<>();
        for (Stopped one : stopped) {
            if (one.policy().virusToRecipient()) {
                toRecipients.add(one);
            }
            one.policy().ictAddress().ifPresent(ict -> byIct.computeIfAbsent(ict, key -> new ArrayList<>()).add(one));
        }
        if (toRecipients.isEmpty() && byIct.isEmpty()) {
            return;
        }
        MailAddress postmaster = postmaster(original);
        Original facts = Original.of(original, clock);
        for (Stopped one : toRecipients) {
            send(original, postmaster, one.recipient(), "recipient", List.of(one), recipientBody(facts, one));
        }
        for (Map.Entry<String, List<Stopped>> ict : byIct.entrySet()) {
            MailAddress to = new MailAddress(ict.getKey());
            send(original, postmaster, to, "ict", ict.getValue(), ictBody(facts, ict.getValue()));
        }
    }

    private MailAddress postmaster(Mail original) throws MessagingException {
        MailAddress postmaster = context.getPostmaster();
        if (postmaster == null) {
            throw new MessagingException("mail " + MailIds.forLog(original) + ": cannot send virus notifications,"
                + " the mailet context has no postmaster address");
        }
        return postmaster;
    }

    /**
     * One recipient outside the gateway's domains that an outbound mail was not sent to because of a virus.
     *
     * @param recipient     the envelope recipient
     * @param quarantineId  its quarantine entry (outbound)
     * @param retentionDays how long the entry is kept
     */
    record OutboundStop(MailAddress recipient, QuarantineId quarantineId, int retentionDays) {
        OutboundStop {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(quarantineId, "quarantineId");
        }
    }

    /**
     * Tells the customer whose network relayed {@code original} that it was not sent because it carries a
     * virus: the domain's ICT address when its policy has one, and the internal sender (who otherwise
     * believes the mail left). Logs one line per notification sent.
     *
     * @param customer the customer domain that relayed the mail
     * @param ict      the domain's {@code notifications.ictAddress}
     * @throws MessagingException when there is no postmaster or a notification cannot be built or sent
     */
    void notifyOutbound(Mail original, String customer, Optional<String> ict, Verdict verdict, List<OutboundStop> stopped)
        throws MessagingException {
        Optional<MailAddress> sender = original.getMaybeSender().asOptional();
        if (ict.isEmpty() && sender.isEmpty()) {
            return;
        }
        MailAddress postmaster = postmaster(original);
        Original facts = Original.of(original, clock);
        String virus = verdict.name().orElse("a virus");
        String subject = SUBJECT_PREFIX + Evidence.truncate(virus, MAX_ORIGINAL_CHARS) + " (outgoing mail not sent)";
        List<MailAddress> recipients = stopped.stream().map(OutboundStop::recipient).toList();
        if (ict.isPresent()) {
            MailAddress to = new MailAddress(ict.get());
            send(original, postmaster, to, "ict-outbound", recipients, subject, outboundBody(facts, customer, virus,
                verdict, stopped, true));
        }
        if (sender.isPresent() && !sender.get().asString().equalsIgnoreCase(ict.orElse(""))) {
            send(original, postmaster, sender.get(), "sender-outbound", recipients, subject, outboundBody(facts, customer,
                virus, verdict, stopped, false));
        }
    }

    private void send(Mail original, MailAddress postmaster, MailAddress to, String kind, List<Stopped> about,
                      String body) throws MessagingException {
        send(original, postmaster, to, kind, about.stream().map(Stopped::recipient).toList(), subject(about), body);
    }

    private void send(Mail original, MailAddress postmaster, MailAddress to, String kind, List<MailAddress> about,
                      String subject, String body) throws MessagingException {
        MimeMessage message = message(postmaster, to, subject, body);
        MailImpl notification = MailImpl.builder()
            .name(MailImpl.getId())
            .sender(MaybeSender.nullSender())
            .addRecipient(to)
            .mimeMessage(message)
            .build();
        try {
            context.sendMail(notification);
        } finally {
            LifecycleUtil.dispose(notification);
        }
        LOGGER.info("notify id={} category=virus to={} kind={} recipients={}", MailIds.forLog(original), to.asString(),
            kind, FilteringStep.recipients(about));
    }

    private MimeMessage message(MailAddress postmaster, MailAddress to, String subject, String body)
        throws MessagingException {
        String messageId = "<" + UUID.randomUUID() + ".virus-notification@" + postmaster.getDomain().asString() + ">";
        MimeMessage message = new NotificationMessage(Session.getInstance(new Properties()), messageId);
        message.setFrom(postmaster.toInternetAddress()
            .orElseThrow(() -> new MessagingException("postmaster " + postmaster.asString() + " is not an address")));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to.asString()));
        message.setSubject(subject, "UTF-8");
        message.setSentDate(Date.from(clock.instant()));
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setHeader(HEADER, HEADER_VALUE);
        message.setText(body, "UTF-8");
        message.saveChanges();
        return message;
    }

    private static String subject(List<Stopped> about) {
        return SUBJECT_PREFIX + Evidence.truncate(String.join(", ", virusNames(about)), MAX_ORIGINAL_CHARS);
    }

    private static Set<String> virusNames(List<Stopped> about) {
        Set<String> names = new LinkedHashSet<>();
        about.forEach(one -> names.add(one.virusName()));
        return names;
    }

    private static String recipientBody(Original facts, Stopped one) {
        StringBuilder body = new StringBuilder();
        body.append("A message to ").append(one.recipient().asString())
            .append(" was stopped by the mail gateway because it carries a virus: ").append(one.virusName())
            .append(".\n\n");
        facts.appendTo(body);
        body.append('\n');
        if (one.quarantineId().isPresent()) {
            body.append("It is kept in quarantine under id ").append(one.quarantineId().get().asString())
                .append(" for ").append(one.retentionDays()).append(" days; ask your administrator to release it")
                .append(" if you believe it is safe.\n");
        } else {
            body.append("It was deleted.\n");
        }
        appendEvidence(body, List.of(one));
        appendFooter(body);
        return body.toString();
    }

    private static String ictBody(Original facts, List<Stopped> about) {
        Set<String> names = virusNames(about);
        StringBuilder body = new StringBuilder();
        body.append("A message to ").append(about.size()).append(about.size() == 1 ? " recipient" : " recipients")
            .append(" of your domain was stopped by the mail gateway because it carries a virus: ")
            .append(String.join(", ", names)).append(".\n\n");
        facts.appendTo(body);
        body.append("\nRecipients:\n");
        for (Stopped one : about) {
            body.append("  - ").append(one.recipient().asString());
            if (names.size() > 1) {
                body.append(" (").append(one.virusName()).append(')');
            }
            if (one.quarantineId().isPresent()) {
                body.append(": kept in quarantine under id ").append(one.quarantineId().get().asString())
                    .append(" for ").append(one.retentionDays()).append(" days\n");
            } else {
                body.append(": deleted\n");
            }
        }
        appendEvidence(body, about);
        appendFooter(body);
        return body.toString();
    }

    private static String outboundBody(Original facts, String customer, String virus, Verdict verdict,
                                       List<OutboundStop> stopped, boolean toIct) {
        StringBuilder body = new StringBuilder();
        if (toIct) {
            body.append("A message sent from your domain ").append(customer)
                .append(" through the mail gateway was not delivered because it carries a virus: ").append(virus)
                .append(".\nThe computer that sent it may be infected; please check it.\n\n");
        } else {
            body.append("Your message was not sent: the mail gateway found a virus in it: ").append(virus)
                .append(".\nYour computer may be infected; please contact your administrator.\n\n");
        }
        facts.appendTo(body);
        body.append("\nRecipients (not delivered):\n");
        for (OutboundStop one : stopped) {
            body.append("  - ").append(one.recipient().asString()).append(": kept in quarantine under id ")
                .append(one.quarantineId().asString()).append(" for ").append(one.retentionDays()).append(" days\n");
        }
        appendVerdictEvidence(body, List.of(verdict));
        appendFooter(body);
        return body.toString();
    }

    private static void appendEvidence(StringBuilder body, List<Stopped> about) {
        appendVerdictEvidence(body, about.stream().map(Stopped::verdict).toList());
    }

    private static void appendVerdictEvidence(StringBuilder body, List<Verdict> verdicts) {
        Set<String> lines = new LinkedHashSet<>();
        for (Verdict verdict : verdicts) {
            for (RuleHit hit : verdict.hits()) {
                String evidence = hit.evidence().isEmpty() ? hit.description() : hit.evidence();
                lines.add(printable(hit.ruleId() + ": " + evidence, MAX_EVIDENCE_CHARS));
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        body.append("\nWhat was found:\n");
        lines.stream().limit(MAX_EVIDENCE_LINES).forEach(line -> body.append("  - ").append(line).append('\n'));
        if (lines.size() > MAX_EVIDENCE_LINES) {
            body.append("  (and ").append(lines.size() - MAX_EVIDENCE_LINES).append(" more)\n");
        }
    }

    private static void appendFooter(StringBuilder body) {
        body.append("\nThe message and its attachments are not included in this notification.\n")
            .append("\n-- \nThis notification was sent automatically by the mail gateway; please do not reply.\n");
    }

    /**
     * Text from the original, safe to show: line breaks and tabs become spaces, other control and invisible
     * formatting characters visible escapes ({@link Evidence#printable}), cut to {@code max} characters.
     */
    static String printable(String untrusted, int max) {
        if (untrusted == null) {
            return "";
        }
        String head = untrusted.length() > MAX_FIELD_READ_CHARS ? untrusted.substring(0, MAX_FIELD_READ_CHARS) : untrusted;
        String spaced = head.replace('\r', ' ').replace('\n', ' ').replace('\t', ' ').strip();
        return Evidence.truncate(Evidence.printable(spaced), max);
    }

    /** What a notification says about the original mail, read once per mail. */
    private record Original(String sender, String from, String subject, String date, String id) {
        static Original of(Mail mail, Clock clock) throws MessagingException {
            MimeMessage message = mail.getMessage();
            String date = field(message, "Date");
            if (date.isEmpty()) {
                Date received = mail.getLastUpdated();
                date = DATE.format(received != null ? received.toInstant() : clock.instant()) + " (received)";
            }
            return new Original(printable(mail.getMaybeSender().asString("<>"), MAX_ORIGINAL_CHARS),
                orNone(field(message, "From")), orNone(field(message, "Subject")), date, id(mail));
        }

        void appendTo(StringBuilder body) {
            body.append("  Sender:        ").append(sender).append('\n')
                .append("  From:          ").append(from).append('\n')
                .append("  Subject:       ").append(subject).append('\n')
                .append("  Date:          ").append(date).append('\n')
                .append("  CleanPort id:  ").append(id).append('\n');
        }

        /** A header field of the original, decoded, printable and bounded; empty when it has none. */
        private static String field(MimeMessage message, String name) throws MessagingException {
            String value = message.getHeader(name, ", ");
            if (value == null) {
                return "";
            }
            String bounded = value.length() > MAX_FIELD_READ_CHARS ? value.substring(0, MAX_FIELD_READ_CHARS) : value;
            String unfolded = MimeUtility.unfold(bounded);
            try {
                return printable(MimeUtility.decodeText(unfolded), MAX_ORIGINAL_CHARS);
            } catch (UnsupportedEncodingException | RuntimeException e) {
                // an unknown charset: show the field as written
                return printable(unfolded, MAX_ORIGINAL_CHARS);
            }
        }

        private static String orNone(String text) {
            return text.isEmpty() ? "(none)" : text;
        }

        private static String id(Mail mail) {
            try {
                return MailIds.of(mail).map(CleanPortId::asString).orElse("(none)");
            } catch (RuntimeException e) {
                return "(none)";
            }
        }
    }

    /** A message whose {@code Message-ID} is ours, not the one JavaMail would make from the local host name. */
    private static final class NotificationMessage extends MimeMessage {
        private final String messageId;

        NotificationMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
