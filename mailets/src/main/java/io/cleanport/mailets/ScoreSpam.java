package io.cleanport.mailets;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.server.core.MimeMessageInputStream;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.net.InetAddresses;

import io.cleanport.core.pipeline.MailIds;
import io.cleanport.core.pipeline.MailVerdicts;
import io.cleanport.core.spam.SmtpEnvelope;
import io.cleanport.core.spam.SpamEngine;
import io.cleanport.core.spam.SpamMessage;
import io.cleanport.core.spam.SpamMessageParser;
import io.cleanport.core.spam.dns.DnsSpamChecks;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

/**
 * The spam step's scoring: the message, as the scan's walk read it ({@link SpamFactsHandoff}; parsed here only
 * when the scan left nothing), is scored by the rules, the classifier and the DNS checks ({@link SpamEngine}), and the verdict is recorded as
 * {@code cleanport.verdict.spam} with every hit, so that each recipient's level decides. It decides nothing
 * itself. A message that cannot be read fails the mailet: the mail is held in the error repository.
 */
public class ScoreSpam extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(ScoreSpam.class);

    private final SpamEngine engine;
    private final SpamMessageParser parser;
    private final DnsSpamChecks dns;
    private final SpamFactsHandoff handoff;

    @Inject
    public ScoreSpam(SpamEngine engine, SpamMessageParser parser, DnsSpamChecks dns, SpamFactsHandoff handoff) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.dns = Objects.requireNonNull(dns, "dns");
        this.handoff = Objects.requireNonNull(handoff, "handoff");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        long started = System.nanoTime();
        SmtpEnvelope envelope = new SmtpEnvelope(mail.getMaybeSender().asOptional().map(sender -> sender.asString()),
            client(mail.getRemoteAddr()), Optional.empty());
        CompletableFuture<List<RuleHit>> lookups = dns.start(envelope.client(), envelope.sender(), envelope.helo());
        Optional<SpamMessage> shared = handoff.take(mail).map(facts -> facts.withEnvelope(envelope));
        SpamMessage message = shared.isPresent() ? shared.get() : parse(mail, envelope);
        Verdict verdict = engine.score(message, dns.await(lookups));
        MailVerdicts.record(mail, Category.SPAM, verdict);
        LOGGER.info("spam id={} sender={} recipients={} verdict={} score={} {} parse={} ms={}", MailIds.forLog(mail),
            FilteringStep.sender(mail), FilteringStep.recipients(mail.getRecipients()), verdict.category().asString(),
            String.format(Locale.ROOT, "%.1f", verdict.score()), FilteringStep.reasons(List.of(verdict)),
            shared.isPresent() ? "shared" : "own", Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private SpamMessage parse(Mail mail, SmtpEnvelope envelope) throws MessagingException {
        try (InputStream in = new MimeMessageInputStream(mail.getMessage())) {
            return parser.parse(in, envelope);
        } catch (IOException e) {
            throw new MessagingException("mail " + MailIds.forLog(mail) + ": cannot read the message to score it", e);
        }
    }

    private static Optional<InetAddress> client(String remoteAddr) {
        if (remoteAddr == null || !InetAddresses.isInetAddress(remoteAddr)) {
            return Optional.empty();
        }
        return Optional.of(InetAddresses.forString(remoteAddr));
    }

    @Override
    public String getMailetInfo() {
        return "CleanPort spam scoring";
    }
}
