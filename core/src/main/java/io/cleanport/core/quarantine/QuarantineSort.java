package io.cleanport.core.quarantine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a quarantine search is sorted by. Sender and subject sort case-insensitively (by lower-cased
 * text, code point order); entries without a score sort after those with one, in both orders. Ties
 * are broken by entry id, so paging through an unchanged quarantine never shows an entry twice.
 */
public enum QuarantineSort {
    RECEIVED,
    SIZE,
    SCORE,
    SENDER,
    SUBJECT;

    /** The API spelling: {@code received}, {@code size}, {@code score}, {@code sender}, {@code subject}. */
    public String jsonValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws QuarantineValidationException naming {@code field} if {@code value} is not a sort field
     */
    public static QuarantineSort parse(String field, String value) {
        for (QuarantineSort sort : values()) {
            if (sort.jsonValue().equals(value)) {
                return sort;
            }
        }
        throw new QuarantineValidationException(field, "'" + value + "' is not a sort field; expected one of "
            + Arrays.stream(values()).map(QuarantineSort::jsonValue).collect(Collectors.joining(", ")));
    }

    /** Sort direction. */
    public enum Order {
        ASC,
        DESC;

        /** The API spelling: {@code asc} or {@code desc}. */
        public String jsonValue() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @throws QuarantineValidationException naming {@code field} if {@code value} is neither {@code asc} nor {@code desc}
         */
        public static Order parse(String field, String value) {
            for (Order order : values()) {
                if (order.jsonValue().equals(value)) {
                    return order;
                }
            }
            throw new QuarantineValidationException(field, "'" + value + "' is not a sort order; expected asc or desc");
        }
    }
}
