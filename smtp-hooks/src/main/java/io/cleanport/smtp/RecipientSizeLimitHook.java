package io.cleanport.smtp;

import java.util.Optional;
import java.util.OptionalLong;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.policy.RecipientSizeLimits;

/**
 * Refuses at RCPT TO, with {@code 552 5.3.4}, a recipient whose size limit is below the {@code SIZE=}
 * declared at MAIL FROM; the transaction's other recipients are unaffected. Otherwise (no SIZE declared,
 * within the limit, a relay recipient, an unknown recipient, or a policy-store failure) it declines and
 * lets the next hook decide, so it must come before {@link ProtectedRecipientHook}. Messages without a declared size are
 * checked at the end of DATA ({@link RecipientSizeLimitDataHook}) and in the pipeline.
 */
public class RecipientSizeLimitHook implements RcptHook {
    /**
     * Where James's {@code MailSizeEsmtpExtension} keeps the declared SIZE for the transaction. Keys are
     * equal by name and type, so this one reads the value that extension stores.
     */
    static final AttachmentKey<Integer> DECLARED_SIZE = AttachmentKey.of("MESG_SIZE", Integer.class);

    private static final Logger LOGGER = LoggerFactory.getLogger(RecipientSizeLimitHook.class);

    private final RecipientSizeLimits limits;

    @Inject
    public RecipientSizeLimitHook(PolicyStore policies) {
        this.limits = new RecipientSizeLimits(policies);
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        Optional<Integer> declared = session.getAttachment(DECLARED_SIZE, State.Transaction);
        if (declared.isEmpty()) {
            return HookResult.DECLINED;
        }
        OptionalLong limit;
        try {
            limit = limits.limitFor(rcpt.getLocalPart(), rcpt.getDomain().asString());
        } catch (RuntimeException e) {
            // The pipeline checks the limit again once the message is in; no reason to refuse here.
            LOGGER.warn("Size limit lookup failed for recipient {}; not checked at RCPT", rcpt.asString(), e);
            return HookResult.DECLINED;
        }
        if (limit.isPresent() && declared.get() > limit.getAsLong()) {
            LOGGER.info("Refused recipient {} from {}: declared SIZE {} over its limit of {} bytes",
                rcpt.asString(), sender.asString(), declared.get(), limit.getAsLong());
            return HookResult.builder()
                .hookReturnCode(HookReturnCode.deny())
                .smtpReturnCode("552")
                .smtpDescription("5.3.4 Message too big for <" + rcpt.asString() + ">: its limit is " + limit.getAsLong() + " bytes")
                .build();
        }
        return HookResult.DECLINED;
    }
}
