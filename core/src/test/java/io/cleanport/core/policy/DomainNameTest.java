package io.cleanport.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DomainNameTest {

    @Test
    void lowerCases() {
        assertThat(DomainName.of("Mail.Example.COM").name()).isEqualTo("mail.example.com");
        assertThat(DomainName.of("EXAMPLE.com")).isEqualTo(DomainName.of("example.com"));
    }

    @Test
    void acceptsHyphensDigitsAndLongLabels() {
        assertThat(DomainName.of("a-1.b2.example").name()).isEqualTo("a-1.b2.example");
        String label = "a".repeat(63);
        assertThat(DomainName.of(label + ".example").name()).hasSize(71);
    }

    @Test
    void convertsInternationalisedNames() {
        assertThat(DomainName.of("bücher.example").name()).isEqualTo("xn--bcher-kva.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example..com", ".example.com", "example.com.", "-a.example", "a-.example",
        "exa mple.com", "exam_ple.com", "192.0.2.1", "[192.0.2.1]", "2001:db8::1", "user@example.com", "example.123"})
    void refusesInvalidNames(String name) {
        assertThatThrownBy(() -> DomainName.of(name))
            .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.field()).isEqualTo("domain"));
        assertThat(DomainName.parse(name)).isEmpty();
    }

    @Test
    void refusesTooLongLabelsAndNames() {
        assertThatThrownBy(() -> DomainName.of("a".repeat(64) + ".example")).hasMessageContaining("longer than 63");
        String name = ("a".repeat(60) + ".").repeat(5) + "example";
        assertThatThrownBy(() -> DomainName.of(name)).hasMessageContaining("longer than 253");
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> DomainName.of(null)).isInstanceOf(PolicyValidationException.class);
    }
}
