package io.cleanport.mailets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MimeMessageInputStream;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.antivirus.ProtagEngine;
import io.cleanport.core.antivirus.ProtagResult;
import io.cleanport.core.antivirus.ScanIncompleteException;
import io.cleanport.core.content.ContentFilter;
import io.cleanport.core.content.MessageContext;
import io.cleanport.core.pipeline.HeaderFrom;
import io.cleanport.core.pipeline.MailIds;
import io.cleanport.core.pipeline.MailVerdicts;
import io.cleanport.core.scan.MessageFacts;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.Verdict;

/**
 * The scanning step: ProTAG walks the message once, as received ({@link ProtagEngine}: learned signatures,
 * the EICAR test file, bombs, the heuristics, clamd when configured), records the antivirus verdict as the
 * mail attribute {@code cleanport.verdict.virus} and, when a recipient's domain or the recipient has content
 * rules, each recipient's content verdict in {@code cleanport.verdict.content.recipients}
 * ({@link MailVerdicts}), from the same walk (attachments with their detected types and archive members,
 * the text of the body). A virus is learned at once by the engine. It decides nothing: the
 * {@code RecipientOutcome=virus|content:<outcome>} matchers that follow compare the verdicts with each
 * recipient's policy.
 *
 * <p>With the parameter {@code <shareSpamFacts>true</shareSpamFacts>} (the inbound processor), the walk's spam
 * facts are left for {@link ScoreSpam}, which follows ({@link SpamFactsHandoff}): the message is parsed once.
 *
 * <p>The scanner reads the message as a stream: James's spooled message ({@code MimeMessageWrapper}) is
 * read from its source, not copied into memory. Fails closed: a message that cannot be read, a scan that
 * runs out of time, a clamd that fails, or a bug in a scanner fails the mailet, so James sends the mail to
 * the error processor, which holds it in the error repository: an unscanned mail never goes on.
 *
 * <p>Logs one line per mail: at INFO when a virus is found, at DEBUG otherwise; at WARN when the mail is held.
 */
public class ScanMessage extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(ScanMessage.class);
    private static final int MAX_HEADER_FIELDS = 1000;
    private static final int MAX_HEADER_CHARS = 16 * 1024;

    /** The mailet parameter that, set to {@code true}, leaves the walk's spam facts for {@link ScoreSpam}. */
    static final String SHARE_SPAM_FACTS = "shareSpamFacts";

    private final ProtagEngine engine;
    private final Optional<ContentFilter> contentFilter;
    private final Optional<SpamFactsHandoff> spamFacts;
    private boolean shareSpamFacts;

    @Inject
    public ScanMessage(ProtagEngine engine, ContentFilter contentFilter, SpamFactsHandoff spamFacts) {
        this(engine, Optional.of(contentFilter), Optional.of(spamFacts));
    }

    /** The antivirus step alone, without content rules or spam filter. */
    public ScanMessage(ProtagEngine engine) {
        this(engine, Optional.empty(), Optional.empty());
    }

    ScanMessage(ProtagEngine engine, Optional<ContentFilter> contentFilter, Optional<SpamFactsHandoff> spamFacts) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.contentFilter = Objects.requireNonNull(contentFilter, "contentFilter");
        this.spamFacts = Objects.requireNonNull(spamFacts, "spamFacts");
    }

    @Override
    public void init() throws MessagingException {
        String share = Optional.ofNullable(getInitParameter(SHARE_SPAM_FACTS)).orElse("false").strip();
        if (!share.equals("true") && !share.equals("false")) {
            throw new MessagingException(SHARE_SPAM_FACTS + ": '" + share + "' is neither true nor false");
        }
        shareSpamFacts = share.equals("true") && spamFacts.isPresent();
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        long started = System.nanoTime();
        ProtagResult result;
        MimeMessage message = mail.getMessage();
        try {
            result = engine.scan(() -> rawMessage(message));
        } catch (IOException e) {
            throw held(mail, "could not be read for the scan", e);
        } catch (ScanIncompleteException e) {
            throw held(mail, "could not be scanned completely (" + e.getMessage() + ")", e);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            // A bug in a scanner (or a library it uses) must send this mail to the error repository, not kill
            // the spooler thread that carries it: James's processor only handles Exceptions.
            Exception cause = e instanceof Exception exception ? exception : new Exception(e);
            throw held(mail, "failed its scan: " + e, cause);
        }
        MailVerdicts.record(mail, Category.VIRUS, result.verdict());
        if (shareSpamFacts) {
            spamFacts.orElseThrow().hand(mail, result.spam());
        }
        Optional<ContentFilter> filter = contentFilter.filter(content -> content.hasRules(mail.getRecipients()));
        if (filter.isPresent()) {
            Map<MailAddress, Verdict> content = filter.get().verdicts(mail.getRecipients(), context(mail, result.facts()));
            MailVerdicts.recordPerRecipient(mail, Category.CONTENT, content);
            logContent(mail, content);
        }
        log(mail, result, Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /** The failure that sends the mail to the error repository, logged once here with the reason. */
    private static MessagingException held(Mail mail, String why, Exception cause) {
        String message = "mail " + MailIds.forLog(mail) + " (" + mail.getName() + ") " + why
            + "; it is held in the error repository";
        LOGGER.warn("scan id={} sender={} recipients={} held: {}", MailIds.forLog(mail), FilteringStep.sender(mail),
            FilteringStep.recipients(mail.getRecipients()), why);
        return new MessagingException(message, cause);
    }

    /** What the content rules compare with: envelope, decoded header fields, size, and the walk's facts. */
    private static MessageContext context(Mail mail, MessageFacts facts) throws MessagingException {
        MimeMessage message = mail.getMessage();
        MessageContext.Builder context = MessageContext.builder()
            .fromAddresses(HeaderFrom.addresses(message))
            .subject(decoded(Optional.ofNullable(message.getHeader("Subject", null)).orElse("")))
            .size(mail.getMessageSize())
            .facts(facts);
        mail.getMaybeSender().asOptional().ifPresent(sender -> context.envelopeSender(sender.asString()));
        int fields = 0;
        for (Header header : Collections.list(message.getAllHeaders())) {
            if (++fields > MAX_HEADER_FIELDS) {
                break;
            }
            context.header(header.getName(), decoded(header.getValue()));
        }
        return context.build();
    }

    /** A header field's value unfolded and with its encoded words decoded; bounded, as senders write it. */
    private static String decoded(String raw) {
        String value = MimeUtility.unfold(raw.length() > MAX_HEADER_CHARS ? raw.substring(0, MAX_HEADER_CHARS) : raw);
        try {
            return MimeUtility.decodeText(value);
        } catch (UnsupportedEncodingException | RuntimeException e) {
            return value;
        }
    }

    private static void logContent(Mail mail, Map<MailAddress, Verdict> verdicts) {
        verdicts.forEach((recipient, verdict) -> {
            if (verdict.category() == Category.CONTENT) {
                LOGGER.info("content id={} sender={} recipient={} rules={}", MailIds.forLog(mail), FilteringStep.sender(mail),
                    recipient.asString(), FilteringStep.reasons(List.of(verdict)));
            }
        });
    }

    /** The message as received: from the spool's source when it is James's own wrapper (no copy). */
    private static InputStream rawMessage(MimeMessage message) throws IOException {
        try {
            return new MimeMessageInputStream(message);
        } catch (MessagingException e) {
            throw new IOException("the spooled message cannot be opened: " + e.getMessage(), e);
        }
    }

    private static void log(Mail mail, ProtagResult result, long millis) {
        Verdict verdict = result.verdict();
        if (verdict.category() == Category.VIRUS) {
            LOGGER.info("scan id={} sender={} recipients={} verdict=virus {} learned={} ms={}", MailIds.forLog(mail),
                FilteringStep.sender(mail), FilteringStep.recipients(mail.getRecipients()),
                FilteringStep.reasons(List.of(verdict)), result.learned().size(), millis);
        } else if (LOGGER.isDebugEnabled()) {
            LOGGER.debug("scan id={} sender={} recipients={} verdict={} {} ms={}", MailIds.forLog(mail),
                FilteringStep.sender(mail), FilteringStep.recipients(mail.getRecipients()), verdict.category().asString(),
                FilteringStep.reasons(List.of(verdict)), millis);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Scans the message for viruses and records the verdict as cleanport.verdict.virus";
    }
}
