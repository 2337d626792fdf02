package io.cleanport.core.senders;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SenderAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bob@example.org|bob@example.org",
        "Bob@EXAMPLE.org|bob@example.org",
        "<bob@example.org>|bob@example.org",
        "'  <bob@example.org>  '|bob@example.org",
        "Bob Example <bob@example.org>|bob@example.org",
        "\"a@b\" <bob@example.org>|bob@example.org",
        "prvs=0123abcd=bob@example.org|bob@example.org",
        "PRVS=0123ABCD=Bob@example.org|bob@example.org",
        "bob@example.org.|bob@example.org",
        "anna@bücher.example|anna@xn--bcher-kva.example",
        "\"john smith\"@example.org|\"john smith\"@example.org",
    })
    void sendersAreNormalised(String raw, String expected) {
        assertThat(SenderAddress.parse(raw)).hasValueSatisfying(address -> assertThat(address).hasToString(expected));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"<>", " <> ", "postmaster", "@example.org", "bob@", "bob@."})
    void theNullSenderAndNonAddressesAreNoSender(String raw) {
        assertThat(SenderAddress.parse(raw)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "example.org, true",
        "mail.example.org, true",
        "a.b.example.org, true",
        "badexample.org, false",
        "example.org.evil.test, false",
        "org, false",
    })
    void subdomainsAreInTheirParentDomain(String senderDomain, boolean inside) {
        SenderAddress sender = SenderAddress.parse("x@" + senderDomain).orElseThrow();

        assertThat(sender.isInDomain("example.org")).isEqualTo(inside);
    }
}
