package io.cleanport.core.quarantine;

import static io.cleanport.core.quarantine.QuarantineFixtures.T0;
import static io.cleanport.core.quarantine.QuarantineFixtures.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.cleanport.core.policy.QuarantineDays;

class QuarantineEntryTest {
    @Test
    void holdsWhatItWasBuiltWith() {
        QuarantineEntry entry = entry().recipient("Alice@Example.COM").build();
        assertThat(entry.category()).isEqualTo(QuarantineCategory.SPAM);
        assertThat(entry.recipient()).isEqualTo("Alice@example.com");
        assertThat(entry.domain()).isEqualTo("example.com");
        assertThat(entry.sender()).isEqualTo("bob@example.org");
        assertThat(entry.hasNullSender()).isFalse();
        assertThat(entry.subject()).isEqualTo("Cheap watches");
        assertThat(entry.size()).isEqualTo(2048);
        assertThat(entry.received()).isEqualTo(T0);
        assertThat(entry.score()).hasValue(7.5);
        assertThat(entry.reasons()).extracting(QuarantineReason::ruleId).containsExactly("BAYES_99");
        assertThat(entry.released()).isEmpty();
        assertThat(entry.id().messageId()).isEqualTo(entry.messageId());
    }

    @Test
    void theIdFollowsTheRecipient() {
        QuarantineEntry alice = entry().build();
        assertThat(alice.toBuilder().recipient("carol@example.com").build().id()).isNotEqualTo(alice.id());
        assertThat(alice.toBuilder().subject("other").build().id()).isEqualTo(alice.id());
    }

    @Test
    void theNullSenderIsSpelledAngleBrackets() {
        for (String nullSender : new String[] {null, "", "  ", "<>"}) {
            QuarantineEntry entry = entry().sender(nullSender).build();
            assertThat(entry.sender()).isEqualTo(QuarantineEntry.NULL_SENDER);
            assertThat(entry.hasNullSender()).isTrue();
            assertThat(entry.senderAddress()).isEmpty();
        }
    }

    @Test
    void releasingGivesACopy() {
        QuarantineEntry held = entry().build();
        QuarantineEntry released = held.releasedAt(T0.plusSeconds(60));
        assertThat(held.isReleased()).isFalse();
        assertThat(released.released()).contains(T0.plusSeconds(60));
        assertThat(released.id()).isEqualTo(held.id());
        assertThat(released).isNotEqualTo(held);
    }

    @Test
    void instantsAreKeptToTheMillisecond() {
        QuarantineEntry entry = entry().received(Instant.parse("2026-03-01T12:00:00.123456789Z")).build();
        assertThat(entry.received()).isEqualTo(Instant.parse("2026-03-01T12:00:00.123Z"));
    }

    @Test
    void expiryIsInclusive() {
        QuarantineEntry entry = entry().build();
        assertThat(entry.isExpiredAt(entry.expires().minusMillis(1))).isFalse();
        assertThat(entry.isExpiredAt(entry.expires())).isTrue();
    }

    @Test
    void aHostileSubjectIsFlattenedAndBoundedRatherThanRefused() {
        QuarantineEntry entry = entry().subject("line one\r\n\tline two" + "x".repeat(5000)).build();
        assertThat(entry.subject()).startsWith("line one   line two").hasSize(QuarantineEntry.MAX_SUBJECT_LENGTH).endsWith("\u2026");
        assertThat(entry().subject(null).build().subject()).isEmpty();
    }

    @Test
    void reasonTextIsBoundedAndRuleIdsChecked() {
        assertThat(QuarantineReason.of("R", "y".repeat(3000)).text()).hasSize(QuarantineReason.MAX_TEXT_LENGTH);
        assertThat(QuarantineReason.of("R", null).text()).isEmpty();
        assertThatThrownBy(() -> QuarantineReason.of("", "t")).hasMessageStartingWith("ruleId: ");
        assertThatThrownBy(() -> QuarantineReason.of("TWO WORDS", "t")).hasMessageStartingWith("ruleId: ");
        assertThatThrownBy(() -> QuarantineReason.of("R".repeat(129), "t")).hasMessageStartingWith("ruleId: ");
    }

    @Test
    void rejectsInvalidValuesNamingTheField() {
        assertRejected(() -> entry().recipient((String) null), "recipient");
        assertRejected(() -> entry().recipient("not an address"), "recipient");
        assertRejected(() -> entry().sender("bob@@example.org"), "sender");
        assertRejected(() -> entry().size(-1), "size");
        assertRejected(() -> entry().expires(T0.minusSeconds(1)), "expires");
        assertRejected(() -> entry().score(Double.NaN), "score");
        assertRejected(() -> entry().score(Double.POSITIVE_INFINITY), "score");
        assertRejected(() -> entry().messageId(null), "messageId");
        assertRejected(() -> entry().category(null), "category");
        assertRejected(() -> entry().received(null), "received");
        assertRejected(() -> entry().location(null), "location");
        List<QuarantineReason> withNull = new ArrayList<>();
        withNull.add(null);
        assertRejected(() -> entry().reasons(withNull), "reasons");
        assertRejected(() -> entry().reasons(Collections.nCopies(QuarantineEntry.MAX_REASONS + 1, QuarantineReason.of("R", ""))), "reasons");
        assertRejected(() -> QuarantineEntry.builder().messageId(QuarantineFixtures.messageId(T0)).category(QuarantineCategory.VIRUS)
            .recipient("a@example.com").sender("<>").received(T0).expires(T0)
            .location(RepositoryLocation.of("memory://q/", "k")), "size");
    }

    @Test
    void theSenderIsRequiredEvenIfNull() {
        assertRejected(() -> QuarantineEntry.builder().messageId(QuarantineFixtures.messageId(T0)).category(QuarantineCategory.VIRUS)
            .recipient("a@example.com").size(1).received(T0).expires(T0)
            .location(RepositoryLocation.of("memory://q/", "k")), "sender");
    }

    @Test
    void repositoryLocationsAreChecked() {
        assertThatThrownBy(() -> RepositoryLocation.of("var/mail/quarantine", "k")).hasMessageStartingWith("repositoryUrl: ");
        assertThatThrownBy(() -> RepositoryLocation.of("file://x/", "")).hasMessageStartingWith("mailKey: ");
        assertThatThrownBy(() -> RepositoryLocation.of("file://x/", "a\nb")).hasMessageStartingWith("mailKey: ");
    }

    @Test
    void scoreIsOptional() {
        assertThat(entry().score(OptionalDouble.empty()).build().score()).isEmpty();
    }

    @Test
    void categoriesParseTheirApiSpellingAndKnowTheirRetention() {
        assertThat(QuarantineCategory.parse("category", "virus")).isEqualTo(QuarantineCategory.VIRUS);
        assertThatThrownBy(() -> QuarantineCategory.parse("category", "VIRUS"))
            .hasMessage("category: 'VIRUS' is not a quarantine; expected one of virus, spam, content");
        assertThat(QuarantineCategory.VIRUS.retentionDays(QuarantineDays.DEFAULTS)).isEqualTo(14);
        assertThat(QuarantineCategory.CONTENT.retentionDays(QuarantineDays.of(1, 2, 3))).isEqualTo(3);
    }

    private static void assertRejected(Supplier<QuarantineEntry.Builder> builder, String field) {
        assertThatThrownBy(() -> builder.get().build()).isInstanceOfSatisfying(QuarantineValidationException.class,
            e -> assertThat(e.field()).isEqualTo(field));
    }
}
