package io.cleanport.core.quarantine;

import io.cleanport.core.validation.FieldValidationException;

/**
 * A quarantine entry, or a quarantine search parameter, is not acceptable.
 *
 * <p>{@link #field()} names the offending value as the WebAdmin API spells it ({@code limit},
 * {@code sort}, {@code recipient}, {@code reasons[2].ruleId}); the message is {@code field: problem},
 * written to be shown to an administrator as is (a 400 response).
 */
public class QuarantineValidationException extends FieldValidationException {
    private static final long serialVersionUID = 1L;

    public QuarantineValidationException(String field, String problem) {
        super(field, problem);
    }
}
