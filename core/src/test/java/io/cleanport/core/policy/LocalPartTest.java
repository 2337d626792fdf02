package io.cleanport.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalPartTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice", "John.Doe", "a+tag", "x_y-z", "!#$%&'*+-/=?^_`{|}~", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void acceptsDotAtoms(String raw) {
        assertThat(LocalPart.of(raw).value()).isEqualTo(raw.toLowerCase(java.util.Locale.ROOT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".alice", "alice.", "a..b", "a b", "a@b", "\"quoted\"", "a,b", "é"})
    void refusesOthers(String raw) {
        assertThatThrownBy(() -> LocalPart.of(raw))
            .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.field()).isEqualTo("localPart"));
    }

    @Test
    void refusesMoreThan64Characters() {
        assertThatThrownBy(() -> LocalPart.of("a".repeat(65))).hasMessageContaining("longer than 64");
    }
}
