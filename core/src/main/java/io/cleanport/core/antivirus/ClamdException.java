package io.cleanport.core.antivirus;

import java.util.Objects;

/**
 * A scan by clamd that gave no verdict: clamd could not be reached, did not answer in time, lost the
 * connection, answered with an error or with something that is not a verdict, or the message is larger
 * than it accepts. The message was not found clean; the caller holds it, or decides what to do with a
 * message {@linkplain Failure#TOO_LARGE too large} for clamd.
 */
public final class ClamdException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, for the caller's decision and for counting failures by kind. */
    public enum Failure {
        /** No connection: refused, no route, unknown host, no socket file, or no answer within the connect timeout. */
        UNREACHABLE,
        /** Connected, but clamd neither read nor answered within the read timeout. */
        TIMEOUT,
        /** clamd closed or reset the connection before its reply was complete. */
        CONNECTION_LOST,
        /** clamd answered {@code ... ERROR}. */
        CLAMD_ERROR,
        /** clamd answered something that is not a verdict, or a reply longer than any verdict. */
        UNEXPECTED_REPLY,
        /** The message is larger than the configured stream limit, or than clamd's own {@code StreamMaxLength}. */
        TOO_LARGE,
        /** The message itself could not be read. */
        CONTENT_UNREADABLE,
        /** The scanning thread was interrupted (the server is stopping); its interrupt status is kept. */
        INTERRUPTED
    }

    private final Failure failure;

    public ClamdException(Failure failure, String message) {
        super(message);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public ClamdException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public Failure failure() {
        return failure;
    }
}
