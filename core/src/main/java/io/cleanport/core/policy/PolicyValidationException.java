package io.cleanport.core.policy;

import io.cleanport.core.validation.FieldValidationException;

/**
 * A policy document, or a value inside one, is not acceptable.
 *
 * <p>{@link #field()} is the JSON path of the offending value ({@code downstream[0].port},
 * {@code actions.spam}, {@code relayNetworks[1]}, {@code $} for the document as a whole) or, for values
 * checked outside a document, what the value is ({@code domain}, {@code localPart}). The message names
 * the field and says what is accepted, so it can be shown to an administrator as is.
 */
public class PolicyValidationException extends FieldValidationException {
    private static final long serialVersionUID = 1L;

    public PolicyValidationException(String field, String problem) {
        super(field, problem);
    }

    /** The same problem located at another field, e.g. a host name check placed at {@code downstream[2].host}. */
    public PolicyValidationException atField(String newField) {
        PolicyValidationException relocated = new PolicyValidationException(newField, problem());
        relocated.initCause(this);
        return relocated;
    }
}
