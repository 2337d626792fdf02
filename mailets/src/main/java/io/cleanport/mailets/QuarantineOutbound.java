package io.cleanport.mailets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.message.CleanPortId;
import io.cleanport.core.pipeline.MailIds;
import io.cleanport.core.pipeline.MailVerdicts;
import io.cleanport.core.pipeline.OutboundCustomer;
import io.cleanport.core.pipeline.OutboundCustomer.Customer;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.policy.QuarantineDays;
import io.cleanport.core.quarantine.Quarantine;
import io.cleanport.core.quarantine.QuarantineCategory;
import io.cleanport.core.quarantine.QuarantineEntry;
import io.cleanport.core.stats.Counter;
import io.cleanport.core.stats.Counters;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.Verdict;

/**
 * The outbound path's answer to a virus: the mail is never sent. Each recipient gets an entry in the virus
 * quarantine marked outbound and filed under the customer domain that relayed it ({@link OutboundCustomer}),
 * kept for that domain's {@code quarantineDays.virus}; the domain's ICT address and the internal sender are
 * told ({@link VirusNotifier#notifyOutbound}); the customer domain counts one {@code virus} per recipient.
 * Then the mail ends its way (state {@code ghost}). Used on what {@code VirusFound} matched.
 *
 * <p>Mail without a customer (made by the gateway itself, or whose customer's policy changed since it was
 * accepted) is filed under its sender's domain, or the postmaster's, with the default retention. A mail
 * without a virus verdict means the mailet is misplaced: it fails, and the error processor keeps it.
 */
public class QuarantineOutbound extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineOutbound.class);

    private final Quarantine quarantine;
    private final OutboundCustomer customers;
    private final Counters counters;

    @Inject
    public QuarantineOutbound(Quarantine quarantine, PolicyStore policies, Counters counters) {
        this.quarantine = Objects.requireNonNull(quarantine, "quarantine");
        this.customers = new OutboundCustomer(policies);
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        CleanPortId id = MailIds.require(mail);
        Verdict verdict = MailVerdicts.recorded(mail, Category.VIRUS)
            .filter(recorded -> recorded.category() == Category.VIRUS)
            .orElseThrow(() -> new MessagingException("mail " + id.asString() + " has no virus verdict:"
                + " QuarantineOutbound must follow ScanMessage and match VirusFound"));
        Optional<Customer> customer = customers.of(mail);
        DomainName domain = customer.map(Customer::domain).orElseGet(() -> fallbackDomain(mail));
        QuarantineDays days = customer.map(known -> known.policy().quarantineDays()).orElse(QuarantineDays.DEFAULTS);
        int retentionDays = QuarantineCategory.VIRUS.retentionDays(days);
        MimeMessage message = mail.getMessage();
        long size = mail.getMessageSize();
        Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
        List<VirusNotifier.OutboundStop> stopped = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            long started = System.nanoTime();
            QuarantineEntry stored = quarantine.put(QuarantineCategory.VIRUS, id, recipient, sender, message, size,
                verdict, retentionDays, Optional.of(domain));
            if (customer.isPresent()) {
                counters.increment(Counter.VIRUS, domain);
            }
            LOGGER.info("quarantine id={} direction=outbound customer={} sender={} recipient={} category=virus virus={}"
                    + " quarantineId={} days={} ms={}",
                id.asString(), domain.name(), mail.getMaybeSender().asString("<>"), recipient.asString(),
                verdict.name().orElse("-"), stored.id().asString(), retentionDays,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
            stopped.add(new VirusNotifier.OutboundStop(recipient, stored.id(), retentionDays));
        }
        Optional<String> ict = customer.flatMap(known -> known.policy().notifications().ictAddress());
        new VirusNotifier(getMailetContext()).notifyOutbound(mail, domain.name(), ict, verdict, stopped);
        mail.setState(Mail.GHOST);
    }

    private DomainName fallbackDomain(Mail mail) {
        Optional<MailAddress> owner = mail.getMaybeSender().asOptional().or(() -> Optional.ofNullable(getMailetContext().getPostmaster()));
        return owner.flatMap(address -> DomainName.parse(address.getDomain().asString()))
            .orElseGet(() -> DomainName.of("localhost"));
    }

    @Override
    public String getMailetInfo() {
        return "Quarantines outbound mail carrying a virus, tells the customer, and ends its way";
    }
}
