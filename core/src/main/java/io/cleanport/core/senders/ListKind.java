package io.cleanport.core.senders;

import java.util.Locale;

import io.cleanport.core.policy.PolicyValidationException;

/** Which sender list an entry is on: the allow list (whitelist) or the block list (blacklist). */
public enum ListKind {
    /** Mail from the sender skips the spam filter; antivirus and content filter still apply. */
    ALLOW,
    /** Mail from the sender is treated as spam. */
    BLOCK;

    /** The name used in URLs, JSON and the database: {@code allow} or {@code block}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws PolicyValidationException (field {@code list}) unless {@code raw} is {@code allow} or {@code block}
     */
    public static ListKind parse(String raw) {
        for (ListKind kind : values()) {
            if (kind.key().equals(raw)) {
                return kind;
            }
        }
        throw new PolicyValidationException("list", "'" + raw + "' is not a sender list; expected allow or block");
    }
}
