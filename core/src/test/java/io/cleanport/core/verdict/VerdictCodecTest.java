package io.cleanport.core.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerdictCodecTest {
    private final VerdictCodec codec = new VerdictCodec();

    private static final RuleHit EICAR = RuleHit.of("EICAR_TEST_FILE", 100, "the EICAR anti-virus test file",
        "attachment 'eicar.com' (part 2, application/octet-stream)");

    @Test
    void writesACompactDocument() {
        assertThat(codec.toJson(Verdict.virus("EICAR-Test-File", List.of(EICAR)))).isEqualTo(
            "{\"category\":\"virus\",\"name\":\"EICAR-Test-File\",\"score\":100.0,\"hits\":[{\"rule\":\"EICAR_TEST_FILE\","
                + "\"score\":100.0,\"description\":\"the EICAR anti-virus test file\","
                + "\"evidence\":\"attachment 'eicar.com' (part 2, application/octet-stream)\"}]}");
        assertThat(codec.toJson(Verdict.clean())).isEqualTo("{\"category\":\"clean\",\"score\":0.0,\"hits\":[]}");
    }

    @Test
    void roundTripsEveryKindOfVerdict() {
        RuleHit other = RuleHit.of("HTML_ONLY", 0.3, "HTML without a text part", "part 1 (text/html) \"quoted\" \\ 📎 ü");
        RuleHit negative = RuleHit.of("SENDER_ALLOWED", -2.75, "sender on the allow list", "");
        for (Verdict verdict : List.of(
            Verdict.clean(),
            Verdict.clean(List.of(other)),
            Verdict.virus("EICAR-Test-File", List.of(EICAR, other)),
            Verdict.spam(List.of(other, negative)),
            Verdict.content(List.of(RuleHit.of("ATTACHMENT_TYPE", 0.1 + 0.2, "blocked attachment type", "x.exe"))))) {
            assertThat(codec.fromJson(codec.toJson(verdict))).isEqualTo(verdict);
        }
    }

    @Test
    void roundTripsThroughAMailAttribute() {
        Verdict verdict = Verdict.virus("EICAR-Test-File", List.of(EICAR));
        Attribute attribute = codec.toAttribute(AttributeName.of("cleanport.verdict.virus"), verdict);
        assertThat(attribute.getValue().getValue()).isInstanceOf(String.class);
        assertThat(codec.fromAttributeValue(attribute.getValue())).isEqualTo(verdict);
        assertThat(codec.fromAttributeValue(codec.toAttributeValue(Verdict.clean()))).isEqualTo(Verdict.clean());
    }

    @Test
    void refusesAttributeValuesThatAreNotStrings() {
        assertThatThrownBy(() -> codec.fromAttributeValue(AttributeValue.of(42)))
            .isInstanceOf(VerdictFormatException.class)
            .hasMessage("verdict $: expected a String attribute value holding JSON, got Integer");
        assertThatThrownBy(() -> codec.fromAttributeValue(null)).isInstanceOf(VerdictFormatException.class);
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        assertThat(codec.fromJson("{\"category\":\"clean\",\"score\":0,\"hits\":[],\"engine\":\"v2\"}")).isEqualTo(Verdict.clean());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not json                                                      | $                 | not valid JSON",
        "{\"category\":\"clean\",\"score\":0,\"hits\":[]} trailing       | $                 | not valid JSON",
        "{\"category\":\"clean\",\"category\":\"virus\",\"score\":0,\"hits\":[]} | $       | not valid JSON",
        "[]                                                            | $                 | expected a JSON object",
        "`\"clean\"`                                                   | $                 | expected a JSON object",
        "{\"score\":0,\"hits\":[]}                                     | category          | missing",
        "{\"category\":\"CLEAN\",\"score\":0,\"hits\":[]}              | category          | unknown category 'CLEAN'",
        "{\"category\":1,\"score\":0,\"hits\":[]}                      | category          | expected a string, got number",
        "{\"category\":\"clean\",\"hits\":[]}                          | score             | missing",
        "{\"category\":\"clean\",\"score\":\"0\",\"hits\":[]}          | score             | expected a number, got string",
        "{\"category\":\"clean\",\"score\":0}                          | hits              | missing",
        "{\"category\":\"clean\",\"score\":0,\"hits\":{}}              | hits              | expected an array",
        "{\"category\":\"clean\",\"score\":0,\"hits\":[1]}             | hits[0]           | expected a JSON object",
        "{\"category\":\"clean\",\"score\":1,\"hits\":[{\"rule\":\"R\",\"score\":1,\"description\":\"d\"}]}                         | hits[0].evidence | missing",
        "{\"category\":\"clean\",\"score\":1,\"hits\":[{\"rule\":\"R\",\"score\":null,\"description\":\"d\",\"evidence\":\"\"}]} | hits[0].score    | expected a number, got null",
        "{\"category\":\"clean\",\"score\":1,\"hits\":[{\"rule\":\"r\",\"score\":1,\"description\":\"d\",\"evidence\":\"\"}]}    | hits[0]          | ruleId: 'r' is not a rule id",
        "{\"category\":\"clean\",\"score\":1,\"hits\":[{\"rule\":\"R\",\"score\":1,\"description\":\"d\",\"evidence\":\"a\\nb\"}]} | hits[0]         | evidence: must not contain line breaks",
        "{\"category\":\"clean\",\"score\":5,\"hits\":[{\"rule\":\"R\",\"score\":1,\"description\":\"d\",\"evidence\":\"\"}]}    | score            | 5.0 is not the sum of the hits' scores (1.0)",
        "{\"category\":\"virus\",\"score\":0,\"hits\":[]}              | $                 | name: a virus verdict names the virus",
        "{\"category\":\"virus\",\"name\":null,\"score\":0,\"hits\":[]} | name             | expected a string, got null",
        "{\"category\":\"spam\",\"score\":0,\"hits\":[]}               | $                 | hits: a spam verdict needs at least one rule hit",
    })
    void refusesMalformedDocumentsNamingThePlace(String json, String path, String problem) {
        assertThatThrownBy(() -> codec.fromJson(json))
            .isInstanceOfSatisfying(VerdictFormatException.class, e -> assertThat(e.path()).isEqualTo(path))
            .hasMessageStartingWith("verdict " + path + ": ")
            .hasMessageContaining(problem);
    }

    @Test
    void refusesNullAndOversizedDocumentsBeforeParsing() {
        assertThatThrownBy(() -> codec.fromJson(null)).isInstanceOf(VerdictFormatException.class).hasMessage("verdict $: no document (null)");
        String huge = "{\"category\":\"clean\",\"score\":0,\"hits\":[],\"pad\":\"" + "x".repeat(VerdictCodec.MAX_JSON_CHARS) + "\"}";
        assertThatThrownBy(() -> codec.fromJson(huge)).isInstanceOf(VerdictFormatException.class).hasMessageContaining("at most");
    }
}
