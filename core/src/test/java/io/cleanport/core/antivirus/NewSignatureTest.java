package io.cleanport.core.antivirus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.cleanport.core.scan.Fingerprint;
import io.cleanport.core.validation.FieldValidationException;

class NewSignatureTest {
    private static final String SHA = "a".repeat(64);

    private static NewSignature named(String name) {
        return new NewSignature(SHA, 10, Optional.empty(), name, SignatureSource.RULE, "evidence");
    }

    @Test
    void ofTakesTheFingerprintsParts() {
        byte[] content = SignatureIndexTest.random(1, 4096);
        Fingerprint fingerprint = Fingerprint.of(content);

        NewSignature signature = NewSignature.of(fingerprint, "Win.Test.EICAR_HDB-1", SignatureSource.CLAMD, "clamd");

        assertThat(signature.sha256()).isEqualTo(fingerprint.sha256());
        assertThat(signature.size()).isEqualTo(4096);
        assertThat(signature.similarity()).isEqualTo(fingerprint.similarity()).isPresent();
    }

    @Test
    void theVirusNameFollowsTheRulesOfAVerdict() {
        assertThat(named("x".repeat(128)).virusName()).hasSize(128);
        for (String bad : new String[] {null, "", "x".repeat(129), " Leading", "Trailing ", "Tab\tName", "Ünïcode"}) {
            assertThatThrownBy(() -> named(bad)).as(String.valueOf(bad))
                .isInstanceOf(FieldValidationException.class).hasMessageStartingWith("virusName: ");
        }
    }

    @Test
    void theHashAndSizeAreChecked() {
        assertThatThrownBy(() -> new NewSignature("A".repeat(64), 1, Optional.empty(), "V", SignatureSource.RULE, ""))
            .hasMessageStartingWith("sha256: ");
        assertThatThrownBy(() -> new NewSignature("a".repeat(63), 1, Optional.empty(), "V", SignatureSource.RULE, ""))
            .hasMessageStartingWith("sha256: ");
        assertThatThrownBy(() -> new NewSignature(SHA, -1, Optional.empty(), "V", SignatureSource.RULE, ""))
            .hasMessageStartingWith("size: ");
    }

    @Test
    void evidenceIsMadePrintableAndBounded() {
        NewSignature signature = new NewSignature(SHA, 1, Optional.empty(), "V", SignatureSource.RULE,
            "invoice\u202Efdp.exe\r\n" + "x".repeat(1000));

        assertThat(signature.evidence()).startsWith("invoice\\u202Efdp.exe\\u000D\\u000A").hasSize(500).endsWith("…");
        assertThat(new NewSignature(SHA, 1, Optional.empty(), "V", SignatureSource.RULE, null).evidence()).isEmpty();
    }

    @Test
    void sourcesHaveTheirApiSpelling() {
        for (SignatureSource source : SignatureSource.values()) {
            assertThat(SignatureSource.parse("source", source.jsonValue())).isEqualTo(source);
        }
        assertThat(SignatureSource.CLAMD.jsonValue()).isEqualTo("clamd");
        assertThatThrownBy(() -> SignatureSource.parse("source", "RULE"))
            .isInstanceOf(FieldValidationException.class)
            .hasMessage("source: 'RULE' is not a signature source; expected one of rule, clamd, admin");
    }

    @Test
    void aStoredSignatureCountsItsHits() {
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        VirusSignature signature = VirusSignature.learned(1, named("V"), t0);

        VirusSignature hit = signature.withHits(2, t0.plusSeconds(10)).withHits(1, t0.plusSeconds(5));

        assertThat(hit.hits()).isEqualTo(3);
        assertThat(hit.lastHit()).contains(t0.plusSeconds(10));
        assertThatThrownBy(() -> VirusSignature.learned(0, named("V"), t0)).hasMessageStartingWith("id: ");
    }
}
