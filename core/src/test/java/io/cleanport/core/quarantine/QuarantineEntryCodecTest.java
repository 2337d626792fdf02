package io.cleanport.core.quarantine;

import static io.cleanport.core.quarantine.QuarantineFixtures.T0;
import static io.cleanport.core.quarantine.QuarantineFixtures.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

class QuarantineEntryCodecTest {
    private final QuarantineEntryCodec codec = new QuarantineEntryCodec();

    @Test
    void roundTripsEveryField() {
        QuarantineEntry full = entry().subject("Grüße \u2603 \uD83D\uDE00").build().releasedAt(T0.plusSeconds(5));
        assertThat(codec.read(codec.write(full))).isEqualTo(full);
        QuarantineEntry sparse = entry().sender("<>").score(OptionalDouble.empty()).reasons(List.of()).subject("").build();
        assertThat(codec.read(codec.write(sparse))).isEqualTo(sparse);
        QuarantineEntry outbound = entry().recipient("partner@elsewhere.example").outboundDomain(Optional.of("Example.com")).build();
        assertThat(codec.read(codec.write(outbound))).isEqualTo(outbound);
        assertThat(codec.write(outbound)).contains("\"outboundDomain\":\"example.com\"");
        assertThat(codec.read(codec.write(outbound)).domain()).isEqualTo("example.com");
        QuarantineEntry leveled = entry().spamLevel(Optional.of(new SpamLevel(4, 5.0))).build();
        assertThat(codec.read(codec.write(leveled))).isEqualTo(leveled);
        assertThat(codec.write(leveled)).contains("\"level\":4,\"threshold\":5.0");
        assertThat(codec.read(codec.write(leveled)).spamLevel()).contains(new SpamLevel(4, 5.0));
    }

    @Test
    void writesTheDocumentedFields() {
        String json = codec.write(entry().score(OptionalDouble.empty()).build());
        assertThat(json).contains("\"v\":1", "\"category\":\"spam\"", "\"recipient\":\"alice@example.com\"",
            "\"received\":\"2026-03-01T12:00:00Z\"", "\"ruleId\":\"BAYES_99\"", "\"mailKey\":\"mail-1\"");
        assertThat(json).doesNotContain("\"score\"", "\"level\"", "\"threshold\"", "\"released\"", "\"outboundDomain\"");
    }

    @Test
    void refusesAnIdThatIsNotTheRecipients() {
        QuarantineEntry alice = entry().build();
        QuarantineEntry carol = entry().recipient("carol@example.com").build();
        String forged = codec.write(alice).replace(alice.id().asString(), carol.id().asString());
        assertThatThrownBy(() -> codec.read(forged)).isInstanceOfSatisfying(QuarantineValidationException.class,
            e -> assertThat(e.field()).isEqualTo("id"));
    }

    @Test
    void refusesMalformedDocumentsNamingTheField() {
        String valid = codec.write(entry().build());
        assertField("not json", "$");
        assertField("[]", "$");
        assertField(valid.replace("\"v\":1", "\"v\":2"), "v");
        assertField(valid.replace("\"size\":2048", "\"size\":\"big\""), "size");
        assertField(valid.replace("\"size\":2048", "\"size\":20.5"), "size");
        assertField(valid.replace("\"received\":\"2026-03-01T12:00:00Z\"", "\"received\":\"yesterday\""), "received");
        assertField(valid.replace("\"category\":\"spam\"", "\"category\":\"ham\""), "category");
        assertField(valid.replace("\"score\":7.5", "\"score\":\"high\""), "score");
        String leveled = codec.write(entry().spamLevel(Optional.of(new SpamLevel(3, 6.0))).build());
        assertField(leveled.replace("\"level\":3,", ""), "level");
        assertField(leveled.replace("\"level\":3", "\"level\":\"three\""), "level");
        assertField(leveled.replace("\"level\":3", "\"level\":9"), "level");
        assertField(leveled.replace("\"threshold\":6.0", "\"threshold\":\"six\""), "threshold");
        assertField(leveled.replace("\"threshold\":6.0", "\"threshold\":-1"), "threshold");
    }

    private void assertField(String json, String field) {
        assertThatThrownBy(() -> codec.read(json)).isInstanceOfSatisfying(QuarantineValidationException.class,
            e -> assertThat(e.field()).isEqualTo(field));
    }
}
