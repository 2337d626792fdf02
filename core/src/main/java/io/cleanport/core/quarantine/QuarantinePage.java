package io.cleanport.core.quarantine;

import java.util.List;

/**
 * One page of a quarantine search: {@code total} entries match the query, {@code items} are those
 * from the query's offset, at most its limit, in its order.
 */
public record QuarantinePage(long total, List<QuarantineEntry> items) {
    public QuarantinePage {
        if (total < 0) {
            throw new IllegalArgumentException("total: must be at least 0, got " + total);
        }
        items = List.copyOf(items);
    }
}
