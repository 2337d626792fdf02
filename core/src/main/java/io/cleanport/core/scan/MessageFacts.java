package io.cleanport.core.scan;

import java.util.List;
import java.util.Objects;

/**
 * What content rules look at in a message, gathered in the scan's one walk by a
 * {@link MessageFactsInspector}: the files it carries, with the types their content shows and the members
 * of archives, and the text a reader sees. Immutable.
 */
public final class MessageFacts {
    private static final MessageFacts EMPTY = new MessageFacts(List.of(), "", false);

    private final List<Attachment> attachments;
    private final String text;
    private final boolean textTruncated;

    private MessageFacts(List<Attachment> attachments, String text, boolean textTruncated) {
        this.attachments = List.copyOf(attachments);
        this.text = Objects.requireNonNull(text, "text");
        this.textTruncated = textTruncated;
    }

    /**
     * @param attachments   the files, in message order
     * @param text          the text of the message's text parts
     * @param textTruncated whether the text was cut at its bound
     */
    public static MessageFacts of(List<Attachment> attachments, String text, boolean textTruncated) {
        return new MessageFacts(attachments, text, textTruncated);
    }

    /** No files, no text: a message whose content was not examined. */
    public static MessageFacts empty() {
        return EMPTY;
    }

    /**
     * The leaf parts that are files: declared attachments (a disposition or a file name) and parts that
     * are not text (an inline image), in message order.
     */
    public List<Attachment> attachments() {
        return attachments;
    }

    /**
     * The decoded text of the {@code text/plain} and {@code text/html} parts that are not attachments (the
     * HTML reduced to the text a reader sees), one part after another, each on its own lines. Bounded by
     * {@link MessageFactsInspector}'s text limit.
     */
    public String text() {
        return text;
    }

    /** Whether {@link #text()} stops at the bound and the rest of the text was not kept. */
    public boolean textTruncated() {
        return textTruncated;
    }

    @Override
    public String toString() {
        return "MessageFacts[" + attachments.size() + " attachments, " + text.length() + " characters of text"
            + (textTruncated ? " (truncated)" : "") + "]";
    }
}
