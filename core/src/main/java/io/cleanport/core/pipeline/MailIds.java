package io.cleanport.core.pipeline;

import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

import io.cleanport.core.message.CleanPortId;

/**
 * The {@link CleanPortId} of a mail in the pipeline: the String attribute {@value #NAME}, set on arrival
 * (the {@code AssignCleanPortId} mailet) and on mail released from quarantine, written to the delivered
 * message as {@code X-CleanPort-Id} and used as the quarantine's message id.
 */
public final class MailIds {
    public static final String NAME = "cleanport.id";
    public static final AttributeName ATTRIBUTE = AttributeName.of(NAME);

    private MailIds() {
    }

    /**
     * The id of {@code mail}; empty when none was assigned.
     *
     * @throws IllegalArgumentException when the attribute holds something else than an id (a bug or a
     *                                  tampered spool: the mail must stop, not go on under a new id)
     */
    public static Optional<CleanPortId> of(Mail mail) {
        return mail.getAttribute(ATTRIBUTE).map(attribute -> {
            Object value = attribute.getValue().getValue();
            if (!(value instanceof String text)) {
                throw new IllegalArgumentException("attribute " + NAME + " holds a "
                    + (value == null ? "null" : value.getClass().getSimpleName()) + ", not a CleanPort id");
            }
            return CleanPortId.of(text);
        });
    }

    /**
     * The id of {@code mail}.
     *
     * @throws MessagingException when it has none or a malformed one (the mail goes to the error processor)
     */
    public static CleanPortId require(Mail mail) throws MessagingException {
        try {
            return of(mail).orElseThrow(() -> new MessagingException("mail " + mail.getName() + " has no " + NAME
                + " attribute: AssignCleanPortId must run before this step"));
        } catch (IllegalArgumentException e) {
            throw new MessagingException("mail " + mail.getName() + ": " + e.getMessage(), e);
        }
    }

    /** Sets (or replaces) the id of {@code mail}. */
    public static void assign(Mail mail, CleanPortId id) {
        mail.setAttribute(new Attribute(ATTRIBUTE, AttributeValue.of(id.asString())));
    }

    /** The id for a log line: the id, or {@code mail:<name>} when the mail has no valid one. Never throws. */
    public static String forLog(Mail mail) {
        try {
            return of(mail).map(CleanPortId::asString).orElseGet(() -> "mail:" + mail.getName());
        } catch (RuntimeException e) {
            return "mail:" + mail.getName();
        }
    }
}
