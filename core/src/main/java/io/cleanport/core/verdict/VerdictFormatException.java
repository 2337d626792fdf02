package io.cleanport.core.verdict;

/**
 * A stored verdict cannot be read: not JSON, a value of the wrong type, a missing field, or a verdict that
 * breaks the rules of {@link Verdict}.
 *
 * <p>{@link #path()} locates the problem in the document ({@code $} for the document as a whole,
 * {@code category}, {@code hits[2].score}); the message names it and says what was expected.
 */
public class VerdictFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String path;

    public VerdictFormatException(String path, String problem) {
        super("verdict " + path + ": " + problem);
        this.path = path;
    }

    public VerdictFormatException(String path, String problem, Throwable cause) {
        this(path, problem);
        initCause(cause);
    }

    /** Where the problem is: a JSON path, {@code $} for the whole document. */
    public String path() {
        return path;
    }
}
