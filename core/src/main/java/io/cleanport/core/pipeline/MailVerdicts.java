package io.cleanport.core.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

import io.cleanport.core.verdict.VerdictFormatException;

import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.Verdict;
import io.cleanport.core.verdict.VerdictCodec;

/**
 * The verdicts the filtering steps recorded on a mail, one attribute per step:
 * {@code cleanport.verdict.virus}, {@code cleanport.verdict.content} and {@code cleanport.verdict.spam},
 * each the JSON form of a {@link Verdict} ({@link VerdictCodec}). A step that has not run has no attribute.
 *
 * <p>A step whose verdict differs between recipients (the content filter: a user's own rules apply to that
 * user only) records one verdict per recipient in {@code cleanport.verdict.<step>.recipients}, a map from
 * the recipient's address to its verdict ({@link #recordPerRecipient}); for a recipient listed there, that
 * verdict replaces the mail's ({@link #recorded(Mail, Category, MailAddress)}).
 */
public final class MailVerdicts {
    private static final VerdictCodec CODEC = new VerdictCodec();

    private MailVerdicts() {
    }

    /** The attribute holding the verdict of {@code step} (virus, content or spam). */
    public static AttributeName attributeName(Category step) {
        if (step == Category.CLEAN) {
            throw new IllegalArgumentException("clean is not a filtering step");
        }
        return AttributeName.of("cleanport.verdict." + step.asString());
    }

    /** Records {@code verdict} as the result of {@code step}, replacing an earlier one. */
    public static void record(Mail mail, Category step, Verdict verdict) {
        mail.setAttribute(CODEC.toAttribute(attributeName(step), verdict));
    }

    /** The attribute holding the per-recipient verdicts of {@code step}. */
    public static AttributeName perRecipientAttributeName(Category step) {
        return AttributeName.of(attributeName(step).asString() + ".recipients");
    }

    /** Records one verdict per recipient for {@code step}, replacing earlier ones. */
    public static void recordPerRecipient(Mail mail, Category step, Map<MailAddress, Verdict> verdicts) {
        Map<String, AttributeValue<?>> values = new LinkedHashMap<>();
        verdicts.forEach((recipient, verdict) -> values.put(recipient.asString(), CODEC.toAttributeValue(verdict)));
        mail.setAttribute(new Attribute(perRecipientAttributeName(step), AttributeValue.of(values)));
    }

    /**
     * The verdicts {@code step} recorded per recipient, by address ({@link MailAddress#asString()}); empty
     * when it recorded none.
     *
     * @throws VerdictFormatException when the attribute is not such a map
     */
    public static Map<String, Verdict> recordedPerRecipient(Mail mail, Category step) {
        Optional<Attribute> attribute = mail.getAttribute(perRecipientAttributeName(step));
        if (attribute.isEmpty()) {
            return Map.of();
        }
        if (!(attribute.get().getValue().getValue() instanceof Map<?, ?> raw)) {
            throw new VerdictFormatException("$", "expected a map of recipients to verdicts in "
                + perRecipientAttributeName(step).asString());
        }
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : raw.entrySet()) {
            if (!(entry.getValue() instanceof AttributeValue<?> value)) {
                throw new VerdictFormatException(String.valueOf(entry.getKey()), "expected a verdict attribute value");
            }
            verdicts.put(String.valueOf(entry.getKey()), CODEC.fromAttributeValue(value));
        }
        return verdicts;
    }

    /** The verdict of {@code step} for {@code recipient}: its own when recorded per recipient, else the mail's. */
    public static Optional<Verdict> recorded(Mail mail, Category step, MailAddress recipient) {
        Verdict own = recordedPerRecipient(mail, step).get(recipient.asString());
        return own != null ? Optional.of(own) : recorded(mail, step);
    }

    /**
     * The verdict {@code step} recorded on {@code mail}.
     *
     * @throws io.cleanport.core.verdict.VerdictFormatException when the attribute is not a verdict: a bug or
     *                                                          a tampered spool, which must stop the mail
     *                                                          (error repository), not let it through
     */
    public static Optional<Verdict> recorded(Mail mail, Category step) {
        return mail.getAttribute(attributeName(step)).map(attribute -> CODEC.fromAttributeValue(attribute.getValue()));
    }
}
