package io.cleanport.core.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

import io.cleanport.core.verdict.Category;

/**
 * The filtering steps that tagged a mail's subject and let it go on to delivery: the attribute
 * {@value #NAME}, a list of step names ({@code content}, {@code spam}) in the order they tagged.
 *
 * <p>{@link #status} turns it into the value of {@code X-CleanPort-Status}, which names one step: when
 * both tagged, {@code content} wins, because a content rule is the customer's own deliberate decision
 * about this kind of mail while a spam score is an estimate; the subject carries both tags, and
 * {@code X-CleanPort-Rules} lists the rules of both.
 */
public final class MailTags {
    public static final String NAME = "cleanport.tagged";
    public static final AttributeName ATTRIBUTE = AttributeName.of(NAME);

    private MailTags() {
    }

    /**
     * Records that {@code step} (content or spam) tagged {@code mail}; recording it again changes nothing.
     *
     * @throws IllegalArgumentException for the virus or clean step, which never tag
     */
    public static void add(Mail mail, Category step) {
        if (step != Category.CONTENT && step != Category.SPAM) {
            throw new IllegalArgumentException("only the content and spam steps tag; not " + step.asString());
        }
        List<Category> tagged = new ArrayList<>(tagged(mail));
        if (tagged.contains(step)) {
            return;
        }
        tagged.add(step);
        List<AttributeValue<?>> values = new ArrayList<>();
        tagged.forEach(category -> values.add(AttributeValue.of(category.asString())));
        mail.setAttribute(new Attribute(ATTRIBUTE, AttributeValue.of(values)));
    }

    /**
     * The steps that tagged {@code mail}, in order; empty when none did.
     *
     * @throws IllegalArgumentException when the attribute is not a list of step names (a bug or a tampered
     *                                  spool)
     */
    public static List<Category> tagged(Mail mail) {
        return mail.getAttribute(ATTRIBUTE).map(MailTags::steps).orElse(List.of());
    }

    /** {@code content} if the content step tagged {@code mail}, else {@code spam} if the spam step did, else {@code clean}. */
    public static Category status(Mail mail) {
        List<Category> tagged = tagged(mail);
        if (tagged.contains(Category.CONTENT)) {
            return Category.CONTENT;
        }
        return tagged.contains(Category.SPAM) ? Category.SPAM : Category.CLEAN;
    }

    private static List<Category> steps(Attribute attribute) {
        Object value = attribute.getValue().getValue();
        if (!(value instanceof Collection<?> values)) {
            throw new IllegalArgumentException("attribute " + NAME + " is not a list of step names");
        }
        List<Category> steps = new ArrayList<>();
        for (Object element : values) {
            Object name = element instanceof AttributeValue<?> wrapped ? wrapped.getValue() : element;
            Category step = Category.parse(String.valueOf(name));
            if (step != Category.CONTENT && step != Category.SPAM) {
                throw new IllegalArgumentException("attribute " + NAME + " names step " + step.asString() + ", which never tags");
            }
            if (!steps.contains(step)) {
                steps.add(step);
            }
        }
        return List.copyOf(steps);
    }
}
