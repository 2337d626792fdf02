package io.cleanport.smtp;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.james.protocols.smtp.SMTPConfiguration;
import org.apache.james.protocols.smtp.SMTPConfigurationImpl;
import org.apache.james.protocols.smtp.utils.BaseFakeSMTPSession;

/**
 * A fake SMTP session that keeps attachments like James's session does (one map per state), so that
 * James's own handlers (e.g. {@code MailSizeEsmtpExtension}) can store what the hooks under test read.
 */
class TransactionSession extends BaseFakeSMTPSession {
    private final Map<AttachmentKey<?>, Object> connection = new HashMap<>();
    private final Map<AttachmentKey<?>, Object> transaction = new HashMap<>();

    private Map<AttachmentKey<?>, Object> of(State state) {
        return state == State.Connection ? connection : transaction;
    }

    @Override
    public <T> Optional<T> setAttachment(AttachmentKey<T> key, T value, State state) {
        return key.convert(of(state).put(key, value));
    }

    @Override
    public <T> Optional<T> removeAttachment(AttachmentKey<T> key, State state) {
        return key.convert(of(state).remove(key));
    }

    @Override
    public <T> Optional<T> getAttachment(AttachmentKey<T> key, State state) {
        return key.convert(of(state).get(key));
    }

    @Override
    public void resetState() {
        transaction.clear();
    }

    @Override
    public SMTPConfiguration getConfiguration() {
        // No global maximum: the SIZE extension stores whatever is declared.
        return new SMTPConfigurationImpl();
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return new InetSocketAddress("203.0.113.9", 40000);
    }
}
