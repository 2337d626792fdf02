package io.cleanport.core.pipeline;

import java.util.Optional;

import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;

import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.Verdict;
import io.cleanport.core.verdict.VerdictCodec;

/**
 * The verdicts the filtering steps recorded on a mail, one attribute per step:
 * {@code cleanport.verdict.virus}, {@code cleanport.verdict.content} and {@code cleanport.verdict.spam},
 * each the JSON form of a {@link Verdict} ({@link VerdictCodec}). A step that has not run has no attribute.
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
