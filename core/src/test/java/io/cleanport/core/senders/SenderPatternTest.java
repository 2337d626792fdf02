package io.cleanport.core.senders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.PolicyValidationException;

class SenderPatternTest {

    @Test
    void anAddressIsLowerCased() {
        SenderPattern pattern = SenderPattern.parse("Bob.Smith+news@Example.ORG");

        assertThat(pattern.isDomain()).isFalse();
        assertThat(pattern.value()).isEqualTo("bob.smith+news@example.org");
        assertThat(pattern.domain()).isEqualTo(DomainName.of("example.org"));
        assertThat(pattern.localPart()).hasValueSatisfying(local -> assertThat(local.value()).isEqualTo("bob.smith+news"));
        assertThat(pattern).isEqualTo(SenderPattern.parse("bob.smith+news@example.org"));
    }

    @Test
    void aLeadingAtMeansTheWholeDomain() {
        SenderPattern pattern = SenderPattern.parse("@Mail.Example.org");

        assertThat(pattern.isDomain()).isTrue();
        assertThat(pattern.localPart()).isEmpty();
        assertThat(pattern.value()).isEqualTo("@mail.example.org");
        assertThat(pattern).isEqualTo(SenderPattern.wholeDomain(DomainName.of("mail.example.org")));
    }

    @Test
    void specificityRanksAnAddressAboveAnyDomainAndLongerDomainsAboveShorter() {
        assertThat(SenderPattern.parse("bob@example.org").specificity())
            .isGreaterThan(SenderPattern.parse("@a.b.c.d.example.org").specificity());
        assertThat(SenderPattern.parse("@sales.example.org").specificity())
            .isGreaterThan(SenderPattern.parse("@example.org").specificity());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|sender: must not be empty",
        "bob|sender: 'bob' is neither an address (bob@example.org) nor a domain (@example.org): it has no @",
        "bob@|sender: must not be empty; expected a domain name",
        "@|sender: must not be empty; expected a domain name",
        "bob@example|sender: 'example' is not a valid domain name: it needs at least two labels",
        "bob@exa_mple.org|sender: 'exa_mple.org' is not a valid domain name: label 'exa_mple' contains '_'",
        "@192.0.2.1|sender: '192.0.2.1' is not a valid domain name: the last label is numeric",
        "bo b@example.org|sender: 'bo b' is not a valid local part: ' ' is not allowed",
        ".bob@example.org|sender: '.bob' is not a valid local part: dots may only separate non-empty parts",
        "bob@@example.org|sender: 'bob@' is not a valid local part: '@' is not allowed",
    })
    void badPatternsAreRefusedNamingTheBadPart(String raw, String message) {
        assertThatThrownBy(() -> SenderPattern.parse(raw))
            .isInstanceOf(PolicyValidationException.class)
            .hasMessageStartingWith(message)
            .satisfies(e -> assertThat(((PolicyValidationException) e).field()).isEqualTo("sender"));
        assertThat(SenderPattern.tryParse(raw)).isEmpty();
    }

    @Test
    void listKindsAreAllowAndBlock() {
        assertThat(ListKind.parse("allow")).isEqualTo(ListKind.ALLOW);
        assertThat(ListKind.parse("block")).isEqualTo(ListKind.BLOCK);
        assertThatThrownBy(() -> ListKind.parse("deny"))
            .isInstanceOf(PolicyValidationException.class)
            .hasMessage("list: 'deny' is not a sender list; expected allow or block");
        assertThatThrownBy(() -> ListKind.parse("ALLOW")).isInstanceOf(PolicyValidationException.class);
    }
}
