package io.cleanport.core.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.cleanport.core.testing.TestCertificates;

class ServerCertificateTest {

    @Test
    void aWildcardStandsForOneLeftMostLabel() {
        assertThat(ServerCertificate.nameMatches("*.example.com", "mx.example.com")).isTrue();
        assertThat(ServerCertificate.nameMatches("*.Example.com.", "MX.example.com")).isTrue();
        assertThat(ServerCertificate.nameMatches("*.example.com", "a.mx.example.com")).isFalse();
        assertThat(ServerCertificate.nameMatches("*.example.com", "example.com")).isFalse();
        assertThat(ServerCertificate.nameMatches("*.com", "example.com")).isFalse();
        assertThat(ServerCertificate.nameMatches("mx.example.com", "mx.example.com")).isTrue();
        assertThat(ServerCertificate.nameMatches("mx.example.com", "mx2.example.com")).isFalse();
    }

    @Test
    void matchesAHostByNameOrAnAddressByIp() {
        ServerCertificate named = ServerCertificate.of(TestCertificates.certificate("mx.customer.test"), "mx.customer.test");
        assertThat(named.matchesHost()).isTrue();
        assertThat(named.names()).containsExactly("mx.customer.test");
        assertThat(named.isSelfIssued()).isTrue();

        assertThat(ServerCertificate.of(TestCertificates.certificate("127.0.0.1"), "127.0.0.1").matchesHost()).isTrue();
        assertThat(ServerCertificate.of(TestCertificates.certificate("mx.customer.test"), "127.0.0.1").matchesHost()).isFalse();
    }

    @Test
    void aReplyReadsAsOnALine() {
        assertThat(SmtpReply.of(250, "OK")).hasToString("250 OK");
        assertThat(SmtpReply.of(250, "mx.example.com", "SIZE 1000").text()).isEqualTo("mx.example.com SIZE 1000");
        assertThat(SmtpReply.of(354, "")).hasToString("354");
        assertThat(SmtpReply.of(451, "later").isTransientNegative()).isTrue();
    }
}
