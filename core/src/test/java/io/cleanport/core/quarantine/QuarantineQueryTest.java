package io.cleanport.core.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

class QuarantineQueryTest {
    @Test
    void defaultsToTheNewestFiftyOfEverything() {
        QuarantineQuery query = QuarantineQuery.all();
        assertThat(query.sort()).isEqualTo(QuarantineSort.RECEIVED);
        assertThat(query.order()).isEqualTo(QuarantineSort.Order.DESC);
        assertThat(query.offset()).isZero();
        assertThat(query.limit()).isEqualTo(QuarantineQuery.DEFAULT_LIMIT);
        assertThat(query.category()).isEmpty();
        assertThat(query.text()).isEmpty();
    }

    @Test
    void normalisesAddressesDomainsAndText() {
        QuarantineQuery query = QuarantineQuery.builder().recipient(" Alice@Example.COM ").domain("EXAMPLE.com")
            .sender("Bob@Example.ORG").text("  cheap watches ").build();
        assertThat(query.recipient()).contains("alice@example.com");
        assertThat(query.domain()).contains("example.com");
        assertThat(query.sender()).contains("bob@example.org");
        assertThat(query.text()).contains("cheap watches");
        assertThat(QuarantineQuery.builder().text("   ").build().text()).isEmpty();
    }

    @Test
    void theSenderFilterTakesAnAddressTheNullSenderOrADomain() {
        assertThat(QuarantineQuery.builder().sender("<>").build().sender()).contains("<>");
        QuarantineQuery byDomain = QuarantineQuery.builder().sender("@Example.ORG").build();
        assertThat(byDomain.senderDomain()).contains("example.org");
        assertThat(byDomain.sender()).isEmpty();
    }

    @Test
    void acceptsTheBoundsOfOffsetAndLimit() {
        QuarantineQuery query = QuarantineQuery.builder().offset(QuarantineQuery.MAX_OFFSET).limit(QuarantineQuery.MAX_LIMIT).build();
        assertThat(query.offset()).isEqualTo(QuarantineQuery.MAX_OFFSET);
        assertThat(query.limit()).isEqualTo(QuarantineQuery.MAX_LIMIT);
        assertThat(QuarantineQuery.builder().offset(0).limit(1).build().limit()).isEqualTo(1);
    }

    @Test
    void rejectsInvalidParametersNamingThem() {
        assertRejected(b -> b.limit(0), "limit");
        assertRejected(b -> b.limit(QuarantineQuery.MAX_LIMIT + 1), "limit");
        assertRejected(b -> b.limit(-5), "limit");
        assertRejected(b -> b.offset(-1), "offset");
        assertRejected(b -> b.offset(QuarantineQuery.MAX_OFFSET + 1), "offset");
        assertRejected(b -> b.domain("not a domain"), "domain");
        assertRejected(b -> b.domain("192.0.2.1"), "domain");
        assertRejected(b -> b.domain(null), "domain");
        assertRejected(b -> b.recipient("alice"), "recipient");
        assertRejected(b -> b.recipient(""), "recipient");
        assertRejected(b -> b.sender("bob@"), "sender");
        assertRejected(b -> b.sender("@"), "sender");
        assertRejected(b -> b.sender("@-bad-.org"), "sender");
        assertRejected(b -> b.text("x".repeat(QuarantineQuery.MAX_TEXT_LENGTH + 1)), "q");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertRejected(b -> b.since(t).until(t), "until");
        assertRejected(b -> b.since(t).until(t.minusSeconds(1)), "until");
    }

    @Test
    void sortOrderAndCategoryParseTheirApiSpellingOnly() {
        assertThat(QuarantineSort.parse("sort", "score")).isEqualTo(QuarantineSort.SCORE);
        assertThat(QuarantineSort.Order.parse("order", "asc")).isEqualTo(QuarantineSort.Order.ASC);
        assertThatThrownBy(() -> QuarantineSort.parse("sort", "date"))
            .hasMessage("sort: 'date' is not a sort field; expected one of received, size, score, sender, subject");
        assertThatThrownBy(() -> QuarantineSort.Order.parse("order", "up")).hasMessageStartingWith("order: ");
        assertThatThrownBy(() -> QuarantineCategory.parse("category", "ham")).hasMessageStartingWith("category: ");
    }

    @Test
    void rejectionsAreIllegalArgumentExceptions() {
        assertThatThrownBy(() -> QuarantineQuery.builder().limit(0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("limit: must be between 1 and 1000, got 0");
    }

    private static void assertRejected(Consumer<QuarantineQuery.Builder> parameters, String field) {
        assertThatThrownBy(() -> {
            QuarantineQuery.Builder builder = QuarantineQuery.builder();
            parameters.accept(builder);
            builder.build();
        }).isInstanceOfSatisfying(QuarantineValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
