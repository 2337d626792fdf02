package io.cleanport.core.content;

/** The three ways an {@link ContentRuleType#ATTACHMENT attachment} rule names attachments. */
public enum AttachmentKind {
    /** The file name's extension, {@code .exe}: what the name says. */
    EXTENSION,
    /** A {@link AttachmentFamily type family} detected from the content, whatever the name says. */
    FAMILY,
    /** A MIME type, {@code application/pdf}, or every subtype of one, {@code image/*}. */
    MIME_PATTERN
}
