package io.cleanport.core.policy;

import java.util.Objects;

/**
 * What to do with a message per verdict category.
 *
 * @param virus   quarantine (default) or delete
 * @param spam    quarantine (default), delete or tag
 * @param content quarantine (default), delete or tag
 */
public record Actions(VirusAction virus, FilterAction spam, FilterAction content) {
    public static final Actions DEFAULTS = new Actions(VirusAction.QUARANTINE, FilterAction.QUARANTINE, FilterAction.QUARANTINE);

    public Actions {
        Objects.requireNonNull(virus, "virus");
        Objects.requireNonNull(spam, "spam");
        Objects.requireNonNull(content, "content");
    }

    public static Actions of(VirusAction virus, FilterAction spam, FilterAction content) {
        return new Actions(virus, spam, content);
    }
}
