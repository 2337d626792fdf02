package io.cleanport.mailets;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.server.core.MimeMessageInputStream;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.pipeline.MailIds;
import io.cleanport.core.pipeline.MailVerdicts;
import io.cleanport.core.scan.MessageScanner;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.Verdict;

/**
 * The antivirus step: scans the message once, as received, and records the verdict as the mail attribute
 * {@code cleanport.verdict.virus} ({@link MailVerdicts}). It decides nothing: the
 * {@code RecipientOutcome=virus:<outcome>} matchers that follow compare the verdict with each recipient's
 * policy.
 *
 * <p>The scanner reads the message as a stream: James's spooled message ({@code MimeMessageWrapper}) is
 * read from its source, not copied into memory. A message that cannot be read fails the mailet, so James
 * sends the mail to the error processor: an unscanned mail never goes on.
 *
 * <p>Logs one line per mail: at INFO when a virus is found, at DEBUG otherwise.
 */
public class ScanMessage extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(ScanMessage.class);

    private final MessageScanner scanner;

    public ScanMessage() {
        this(MessageScanner.withDefaults());
    }

    ScanMessage(MessageScanner scanner) {
        this.scanner = Objects.requireNonNull(scanner, "scanner");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        long started = System.nanoTime();
        Verdict verdict;
        try (InputStream message = rawMessage(mail.getMessage())) {
            verdict = scanner.scan(message);
        } catch (IOException e) {
            throw new MessagingException("mail " + MailIds.forLog(mail) + " (" + mail.getName() + ") could not be read"
                + " for the virus scan", e);
        }
        MailVerdicts.record(mail, Category.VIRUS, verdict);
        log(mail, verdict, Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /** The message as received: from the spool's source when it is James's own wrapper (no copy). */
    private static InputStream rawMessage(MimeMessage message) throws MessagingException {
        return new MimeMessageInputStream(message);
    }

    private static void log(Mail mail, Verdict verdict, long millis) {
        if (verdict.category() == Category.VIRUS) {
            LOGGER.info("scan id={} sender={} recipients={} verdict=virus {} ms={}", MailIds.forLog(mail),
                FilteringStep.sender(mail), FilteringStep.recipients(mail.getRecipients()),
                FilteringStep.reasons(List.of(verdict)), millis);
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
