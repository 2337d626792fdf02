package io.cleanport.smtp;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.greylist.Greylist;
import io.cleanport.core.greylist.Greylist.Decision;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.stats.Counter;
import io.cleanport.core.stats.Counters;

/**
 * Greylists the recipients of catch-all protected domains at RCPT TO: a first attempt of a triplet
 * (client network, sender, recipient) gets {@code 451 4.7.1 Greylisted: please retry in N seconds};
 * a retry after the delay, and everything whitelisted, goes on. Catch-all domains accept any local part,
 * which makes them the target of dictionary spam; the other domains list their recipients and get no
 * delay at all.
 *
 * <p>Place it before {@link ProtectedRecipientHook} in {@code smtpserver.xml}: RCPT hooks stop at the
 * first OK or DENY, so this hook never accepts; it answers DECLINED whenever it lets a recipient
 * through (or the recipient is not of a protected catch-all domain), and the recipient check decides.
 *
 * <p>Fails open: if the policy or greylist store fails, the recipient is not greylisted (DECLINED,
 * with an error logged). Greylisting is a nuisance filter; a database outage must not turn it into a
 * refusal of all mail, and the recipient check that follows still refuses with {@code 451 4.3.0} when
 * the policies themselves are unreadable.
 *
 * <p>Logs one line per decision: at INFO the first greylisting of a triplet and each pass, at DEBUG the
 * rest (early retries and whitelisted recipients), which are the bulk at volume. Counts
 * {@link Counter#GREYLISTED}, {@link Counter#GREYLIST_PASSED} and {@link Counter#GREYLIST_WHITELISTED}
 * per recipient domain.
 */
public class GreylistHook implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(GreylistHook.class);

    private final PolicyStore policies;
    private final Greylist greylist;
    private final Counters counters;

    @Inject
    public GreylistHook(PolicyStore policies, Greylist greylist, Counters counters) {
        this.policies = policies;
        this.greylist = greylist;
        this.counters = counters;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        Optional<DomainName> domain = DomainName.parse(rcpt.getDomain().asString());
        if (domain.isEmpty()) {
            return HookResult.DECLINED;
        }
        InetAddress client = session.getRemoteAddress().getAddress();
        try {
            if (!policies.domain(domain.get()).map(DomainPolicy::catchAll).orElse(false)) {
                return HookResult.DECLINED;
            }
            Decision decision = greylist.check(client, sender.asString(""), rcpt.asString());
            count(decision, domain.get());
            log(session, client, decision);
            return decision.delays() ? greylisted(decision) : HookResult.DECLINED;
        } catch (RuntimeException e) {
            LOGGER.error("greylist failed, recipient not greylisted: client={} sender={} rcpt={}",
                client.getHostAddress(), sender.asString(), rcpt.asString(), e);
            return HookResult.DECLINED;
        }
    }

    private void count(Decision decision, DomainName domain) {
        switch (decision.outcome()) {
            case GREYLISTED -> counters.increment(Counter.GREYLISTED, domain);
            case PASSED -> counters.increment(Counter.GREYLIST_PASSED, domain);
            case WHITELISTED -> counters.increment(Counter.GREYLIST_WHITELISTED, domain);
            default -> throw new IllegalStateException(decision.outcome().name());
        }
    }

    private static void log(SMTPSession session, InetAddress client, Decision decision) {
        boolean notable = decision.firstAttempt() || decision.outcome() == Greylist.Outcome.PASSED;
        if (notable ? !LOGGER.isInfoEnabled() : !LOGGER.isDebugEnabled()) {
            return;
        }
        StringBuilder line = new StringBuilder("greylist decision=").append(decision.outcome().name().toLowerCase(Locale.ROOT));
        decision.whitelistReason().ifPresent(reason -> line.append(" reason=").append(reason.name().toLowerCase(Locale.ROOT)));
        if (decision.delays()) {
            line.append(" first=").append(decision.firstAttempt()).append(" retryIn=").append(decision.retryInSeconds()).append('s');
        }
        if (decision.outcome() == Greylist.Outcome.PASSED) {
            line.append(" waited=").append(decision.waited().getSeconds()).append('s');
            if (decision.networkNowWhitelisted()) {
                line.append(" networkWhitelisted=true");
            }
        }
        line.append(" session=").append(session.getSessionID())
            .append(" client=").append(client.getHostAddress())
            .append(" network=").append(decision.key().network())
            .append(" sender=").append(decision.key().sender())
            .append(" rcpt=").append(decision.key().recipient());
        if (notable) {
            LOGGER.info("{}", line);
        } else {
            LOGGER.debug("{}", line);
        }
    }

    private static HookResult greylisted(Decision decision) {
        long seconds = decision.retryInSeconds();
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.denySoft())
            .smtpReturnCode("451")
            .smtpDescription("4.7.1 Greylisted: please retry in " + seconds + (seconds == 1 ? " second" : " seconds"))
            .build();
    }
}
