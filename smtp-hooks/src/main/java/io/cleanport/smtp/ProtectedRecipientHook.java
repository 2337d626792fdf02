package io.cleanport.smtp;

import java.net.InetAddress;
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

import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.smtp.RecipientCheck;

/**
 * Answers every RCPT TO from the protected domains' policies: a recipient of a protected domain is
 * accepted when the domain is catch-all or lists it ({@code 550 5.1.1} otherwise); any other recipient
 * is relaying, accepted only from a client inside a domain's relay networks sending with that domain's
 * addresses, or the null sender ({@code 550 5.7.1} otherwise).
 * A store failure is a temporary refusal ({@code 451 4.3.0}), never an acceptance.
 */
public class ProtectedRecipientHook implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(ProtectedRecipientHook.class);

    private final RecipientCheck check;

    @Inject
    public ProtectedRecipientHook(PolicyStore policies) {
        this.check = new RecipientCheck(policies);
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        InetAddress client = session.getRemoteAddress().getAddress();
        try {
            Optional<String> senderDomain = sender.asOptional().map(address -> address.getDomain().asString());
            switch (check.check(client, senderDomain, rcpt.getLocalPart(), rcpt.getDomain().asString())) {
                case ACCEPT_PROTECTED:
                case RELAY_ALLOWED:
                    return HookResult.OK;
                case UNKNOWN_RECIPIENT:
                    return deny("550", "5.1.1 <" + rcpt.asString() + ">: no such recipient here");
                case RELAY_DENIED:
                default:
                    return deny("550", "5.7.1 <" + rcpt.asString() + ">: relay access denied");
            }
        } catch (RuntimeException e) {
            LOGGER.error("Policy lookup failed for recipient {} from {}", rcpt.asString(), client, e);
            return HookResult.builder()
                .hookReturnCode(HookReturnCode.denySoft())
                .smtpReturnCode("451")
                .smtpDescription("4.3.0 Temporary failure checking the recipient, please retry later")
                .build();
        }
    }

    private static HookResult deny(String code, String description) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode(code)
            .smtpDescription(description)
            .build();
    }
}
