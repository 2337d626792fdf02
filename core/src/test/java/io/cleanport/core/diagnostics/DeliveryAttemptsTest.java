package io.cleanport.core.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class DeliveryAttemptsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void nothingIsKnownOfAServerNeverDeliveredTo() {
        DeliveryAttempts.LastAttempts last = new DeliveryAttempts().at("mail.example.com", 25);

        assertThat(last.lastError()).isEmpty();
        assertThat(last.lastErrorAt()).isEmpty();
        assertThat(last.lastSuccessAt()).isEmpty();
    }

    @Test
    void theLastErrorAndTheLastSuccessAreKeptSideBySidePerHostAndPort() {
        DeliveryAttempts attempts = new DeliveryAttempts();
        attempts.failed("Mail.Example.com", 25, "first", T0);
        attempts.failed("mail.example.com", 25, "451 4.3.0 try later", T0.plusSeconds(60));
        attempts.succeeded("mail.example.com", 25, T0.plusSeconds(120));
        attempts.failed("mail.example.com", 2525, "Connection refused", T0.plusSeconds(5));

        DeliveryAttempts.LastAttempts port25 = attempts.at("MAIL.example.com", 25);
        assertThat(port25.lastError()).hasValue("451 4.3.0 try later");
        assertThat(port25.lastErrorAt()).hasValue(T0.plusSeconds(60));
        assertThat(port25.lastSuccessAt()).hasValue(T0.plusSeconds(120));
        assertThat(attempts.at("mail.example.com", 2525).lastError()).hasValue("Connection refused");
        assertThat(attempts.at("mail.example.com", 2525).lastSuccessAt()).isEmpty();
    }

    @Test
    void errorsAreBoundedInLengthAndServersInNumber() {
        DeliveryAttempts attempts = new DeliveryAttempts();
        attempts.failed("long.example.com", 25, "x".repeat(10_000), T0);
        for (int i = 0; i <= DeliveryAttempts.MAX_SERVERS; i++) {
            attempts.failed("host" + i + ".example.com", 25, "refused", T0);
        }

        assertThat(attempts.at("long.example.com", 25).lastError()).isEmpty();
        assertThat(attempts.at("host" + DeliveryAttempts.MAX_SERVERS + ".example.com", 25).lastError()).hasValue("refused");
        DeliveryAttempts fresh = new DeliveryAttempts();
        fresh.failed("long.example.com", 25, "x".repeat(10_000), T0);
        assertThat(fresh.at("long.example.com", 25).lastError().orElseThrow()).hasSize(DeliveryAttempts.MAX_ERROR_CHARS + 1);
    }
}
