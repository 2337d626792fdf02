package io.cleanport.core.senders;

import java.util.Objects;

/**
 * One entry of a scope's sender lists: a pattern and the list it is on.
 *
 * @param kind    the allow or the block list
 * @param pattern an address or a whole domain
 */
public record SenderListEntry(ListKind kind, SenderPattern pattern) {
    public SenderListEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(pattern, "pattern");
    }

    @Override
    public String toString() {
        return kind.key() + " " + pattern;
    }
}
