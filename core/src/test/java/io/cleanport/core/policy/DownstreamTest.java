package io.cleanport.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DownstreamTest {

    @Test
    void acceptsHostNamesAndAddressLiterals() {
        assertThat(Downstream.of("Mail.Example.com").host()).isEqualTo("mail.example.com");
        assertThat(Downstream.of("localhost", 2525)).isEqualTo(new Downstream("localhost", 2525));
        assertThat(Downstream.of("192.0.2.1").isAddressLiteral()).isTrue();
        assertThat(Downstream.of("mail.example.com").port()).isEqualTo(25);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bad host", "under_score.example", "-a.example", "a..example", "999.1.1.1", "1.2.3", "::g",
        "[192.0.2.1", "mail.example.com:25", "2001:db8::1", "[2001:db8::1]"})
    void refusesInvalidHosts(String host) {
        assertThatThrownBy(() -> Downstream.of(host))
            .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.field()).isEqualTo("host"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536})
    void refusesPortsOutOfRange(int port) {
        assertThatThrownBy(() -> Downstream.of("mail.example.com", port))
            .isInstanceOfSatisfying(PolicyValidationException.class, e -> assertThat(e.field()).isEqualTo("port"));
    }
}
