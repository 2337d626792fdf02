package io.cleanport.core.validation;

/**
 * A value given to CleanPort (a policy document, a quarantine search parameter, a path parameter) is
 * not acceptable, and {@link #field()} says which.
 *
 * <p>The message is {@code field: problem}, written to be shown to an administrator as is (a 400
 * response): callers that only report the failure catch this type; the subclasses say which kind of
 * value failed.
 */
public class FieldValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String problem;

    public FieldValidationException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** Where the problem is: the name of the value or parameter, or a path into a document. */
    public String field() {
        return field;
    }

    /** What is wrong and what is accepted, without the field. */
    public String problem() {
        return problem;
    }
}
