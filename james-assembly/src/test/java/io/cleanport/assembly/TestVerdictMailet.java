package io.cleanport.assembly;

import java.util.List;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

import io.cleanport.core.pipeline.MailVerdicts;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

/**
 * Test only: stands in for the spam and content engines that come with later issues. A message with
 * {@code X-Test-Verdict: spam} or {@code content} gets that verdict recorded; {@code fail} makes the mailet
 * throw, as a scanner with a bug would. Inserted into the tests' copy of mailetcontainer.xml, never in
 * the product's.
 */
public class TestVerdictMailet extends GenericMailet {
    static final String HEADER = "X-Test-Verdict";
    static final String INSERT_AFTER = "<mailet match=\"All\" class=\"io.cleanport.mailets.ScoreSpam\"/>";

    /** The product's pipeline with this mailet right after the spam scoring (its verdict replaces the engine's). */
    static String inserted(String mailetContainer) {
        if (!mailetContainer.contains(INSERT_AFTER)) {
            throw new IllegalStateException("mailetcontainer.xml has no " + INSERT_AFTER);
        }
        return mailetContainer.replace(INSERT_AFTER,
            INSERT_AFTER + "\n<mailet match=\"All\" class=\"" + TestVerdictMailet.class.getName() + "\"/>");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String[] values = mail.getMessage().getHeader(HEADER);
        if (values == null) {
            return;
        }
        switch (values[0].strip()) {
            case "spam" -> MailVerdicts.record(mail, Category.SPAM,
                Verdict.spam(List.of(RuleHit.of("TEST_SPAM", 7.5, "Test spam verdict", HEADER + ": spam"))));
            case "content" -> MailVerdicts.record(mail, Category.CONTENT,
                Verdict.content(List.of(RuleHit.of("TEST_CONTENT", 1.0, "Test content rule", HEADER + ": content"))));
            case "fail" -> throw new MessagingException("test verdict mailet failing as asked by " + HEADER);
            default -> {
            }
        }
    }
}
