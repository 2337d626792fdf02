package io.cleanport.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Per-scan state of shared inspectors, kept in the scan's findings. */
class FindingsSlotTest {
    @SuppressWarnings("rawtypes")
    private static final Findings.Slot<List> NAMES = Findings.Slot.of("names", List.class, ArrayList::new);

    @Test
    void createdOnFirstUseOncePerScan() {
        Findings scan = new Findings();
        assertThat(scan.peek(NAMES)).isEmpty();
        @SuppressWarnings("unchecked")
        List<String> names = scan.slot(NAMES);
        names.add("a");
        assertThat(scan.slot(NAMES)).isSameAs(names);
        assertThat(scan.peek(NAMES)).containsSame(names);
        assertThat(new Findings().peek(NAMES)).isEmpty();
    }

    @Test
    void slotsOfTheSameNameAreDistinct() {
        @SuppressWarnings("rawtypes")
        Findings.Slot<List> other = Findings.Slot.of("names", List.class, ArrayList::new);
        Findings scan = new Findings();
        assertThat(scan.slot(NAMES)).isNotSameAs(scan.slot(other));
        assertThat(NAMES).hasToString("Slot[names]");
    }
}
