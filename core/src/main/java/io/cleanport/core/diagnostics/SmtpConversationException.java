package io.cleanport.core.diagnostics;

import java.io.IOException;

/**
 * A diagnostic SMTP conversation could not go on: no connection, a time-out, a broken connection, a reply
 * that is not SMTP or exceeds the bounds, or a refused TLS upgrade. The message says what happened in words
 * an administrator can act on, such as "timed out after 30s waiting for the reply to EHLO"; reports show it
 * as it is.
 */
public class SmtpConversationException extends IOException {
    private static final long serialVersionUID = 1L;

    public SmtpConversationException(String message) {
        super(message);
    }

    public SmtpConversationException(String message, Throwable cause) {
        super(message, cause);
    }
}
