package io.cleanport.matchers;

import java.util.Collection;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import io.cleanport.core.pipeline.MailVerdicts;
import io.cleanport.core.verdict.Category;

/**
 * Matches every recipient of a mail whose antivirus verdict ({@code cleanport.verdict.virus}, recorded by
 * {@code ScanMessage}) found a virus, whatever the recipients' policies: the outbound path, where the
 * recipients are outside every protected domain and a virus is never delivered. A mail that was not
 * scanned does not match.
 */
public class VirusFound extends GenericMatcher {
    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        boolean virus = MailVerdicts.recorded(mail, Category.VIRUS)
            .filter(verdict -> verdict.category() == Category.VIRUS)
            .isPresent();
        return virus ? mail.getRecipients() : List.of();
    }
}
