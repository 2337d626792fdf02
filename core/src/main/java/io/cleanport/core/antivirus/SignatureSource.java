package io.cleanport.core.antivirus;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.cleanport.core.validation.FieldValidationException;

/** What made the gateway learn a {@link VirusSignature}. */
public enum SignatureSource {
    /** A ProTAG rule judged the file dangerous. */
    RULE,
    /** clamd, the second layer, found a virus in the message that carried the file. */
    CLAMD,
    /** An administrator reported the message as a virus. */
    ADMIN;

    /** The API and database spelling: {@code rule}, {@code clamd} or {@code admin}. */
    public String jsonValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws FieldValidationException naming {@code field} if {@code value} is not a source (the spelling
     *                                  of {@link #jsonValue()}, exactly)
     */
    public static SignatureSource parse(String field, String value) {
        for (SignatureSource source : values()) {
            if (source.jsonValue().equals(value)) {
                return source;
            }
        }
        throw new FieldValidationException(field, "'" + value + "' is not a signature source; expected one of "
            + Arrays.stream(values()).map(SignatureSource::jsonValue).collect(Collectors.joining(", ")));
    }
}
