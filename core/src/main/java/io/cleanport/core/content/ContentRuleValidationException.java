package io.cleanport.core.content;

import io.cleanport.core.validation.FieldValidationException;

/**
 * A content rule, or a part of a request about one, is not acceptable.
 *
 * <p>{@link #field()} is {@code type}, {@code value}, {@code action}, {@code description}, {@code id},
 * or {@code $} for a JSON document as a whole; the message is {@code field: problem}, written to be shown
 * to an administrator as is (a 400 response).
 */
public class ContentRuleValidationException extends FieldValidationException {
    private static final long serialVersionUID = 1L;

    public ContentRuleValidationException(String field, String problem) {
        super(field, problem);
    }
}
