package io.cleanport.core.antivirus;

/**
 * A message could not be examined completely: the scan ran out of time, or a scanning layer (clamd)
 * failed. The mail must not go on unscanned: the caller holds it (James's error repository) and logs why.
 */
public final class ScanIncompleteException extends Exception {
    private static final long serialVersionUID = 1L;

    public ScanIncompleteException(String message) {
        super(message);
    }

    public ScanIncompleteException(String message, Throwable cause) {
        super(message, cause);
    }
}
