package io.cleanport.core.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.cleanport.core.policy.FilterAction;

class ContentRuleCodecTest {
    private final ContentRuleCodec codec = new ContentRuleCodec();

    private void assertRefused(String json, String field, String problemStart) {
        assertThatThrownBy(() -> codec.parse(json))
            .isInstanceOf(ContentRuleValidationException.class)
            .hasMessageStartingWith(field + ": " + problemStart)
            .satisfies(e -> assertThat(((ContentRuleValidationException) e).field()).isEqualTo(field));
    }

    @Test
    void readsTypeAndValueAlone() {
        ContentRule rule = codec.parse("{\"type\": \"attachment\", \"value\": \"EXE\"}");

        assertThat(rule).isEqualTo(ContentRule.of(ContentRuleType.ATTACHMENT, ".exe"));
        assertThat(rule.id()).isEmpty();
    }

    @Test
    void readsEveryField() {
        ContentRule rule = codec.parse("{\"description\": \"pharmacy spam\", \"action\": \"tag\", \"value\": \"/v[i1]agra/\","
            + " \"type\": \"content\"}");

        assertThat(rule).isEqualTo(ContentRule.of(ContentRuleType.CONTENT, "/v[i1]agra/", Optional.of(FilterAction.TAG),
            Optional.of("pharmacy spam")));
    }

    @Test
    void nullIsTheSameAsAbsentForTheOptionalFields() {
        assertThat(codec.parse("{\"type\": \"size\", \"value\": \"5\", \"action\": null, \"description\": null}"))
            .isEqualTo(ContentRule.of(ContentRuleType.SIZE, "5"));
    }

    @Test
    void aSizeMayBeAnIntegerOrAStringOfDigits() {
        assertThat(codec.parse("{\"type\": \"size\", \"value\": 10485760}").sizeBytes()).hasValue(10_485_760);
        assertThat(codec.parse("{\"type\": \"size\", \"value\": \"10485760\"}").sizeBytes()).hasValue(10_485_760);
    }

    @Test
    void writesEveryFieldWithNullsForWhatIsAbsent() {
        ContentRule bare = ContentRule.of(ContentRuleType.SENDER, "Bob@Example.org").withId("7K3M9QXZ2B");
        ContentRule full = ContentRule.of(ContentRuleType.HEADER, "Subject:^\\[ext\\]", Optional.of(FilterAction.DELETE),
            Optional.of("« tagged » by the partner's gateway")).withId("0123456789");

        assertThat(codec.render(bare))
            .isEqualTo("{\"id\":\"7K3M9QXZ2B\",\"type\":\"sender\",\"value\":\"bob@example.org\",\"action\":null,\"description\":null}");
        assertThat(codec.render(full)).isEqualTo("{\"id\":\"0123456789\",\"type\":\"header\",\"value\":\"Subject: ^\\\\[ext\\\\]\","
            + "\"action\":\"delete\",\"description\":\"« tagged » by the partner's gateway\"}");
        assertThat(codec.render(List.of(bare, full))).isEqualTo("[" + codec.render(bare) + "," + codec.render(full) + "]");
        assertThat(codec.render(List.of())).isEqualTo("[]");
    }

    @Test
    void aSizeIsWrittenAsAString() {
        assertThat(codec.render(codec.parse("{\"type\": \"size\", \"value\": 42}").withId("7K3M9QXZ2B")))
            .contains("\"value\":\"42\"");
    }

    @Test
    void whatIsWrittenReadsBackAsTheSameRule() {
        ContentRule rule = ContentRule.of(ContentRuleType.CONTENT, "free   money", Optional.of(FilterAction.QUARANTINE),
            Optional.of("quotes \" and \\ backslashes"));
        String written = codec.render(rule).replace("\"id\":null,", "");

        assertThat(codec.parse(written)).isEqualTo(rule);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|$|the document is empty; send a rule such as {\"type\": \"attachment\", \"value\": \".exe\"}",
        "'   '|$|the document is empty",
        "{\"type\": \"size\"|$|malformed JSON: Unexpected end-of-input: expected close marker for Object",
        "{\"type\": \"size\", \"value\": 1} {}|$|malformed JSON: Trailing token",
        "{\"type\": \"size\", \"type\": \"size\", \"value\": 1}|$|malformed JSON: Duplicate field 'type'",
        "{type: \"size\"}|$|malformed JSON: Unexpected character",
        "[{\"type\": \"size\", \"value\": 1}]|$|expected a JSON object such as {\"type\": \"attachment\", \"value\": \".exe\"}, got an array",
        "\"size\"|$|expected a JSON object such as {\"type\": \"attachment\", \"value\": \".exe\"}, got the string \"size\"",
        "{\"type\": \"size\", \"value\": 1, \"id\": \"7K3M9QXZ2B\"}|id|unknown field; accepted fields are type, value, action, description",
        "{\"kind\": \"size\", \"value\": 1, \"Action\": \"tag\"}|kind|unknown field (so are Action); accepted fields are type, value, action, description",
        "{\"value\": \"x\"}|type|is required; expected one of sender, senderDomain, attachment, content, header, size",
        "{\"type\": null, \"value\": \"x\"}|type|is required",
        "{\"type\": 3, \"value\": \"x\"}|type|expected one of the strings sender, senderDomain, attachment, content, header, size, got the number 3",
        "{\"type\": [\"size\"], \"value\": \"x\"}|type|expected one of the strings sender, senderDomain, attachment, content, header, size, got an array",
        "{\"type\": \"regex\", \"value\": \"x\"}|type|'regex' is not a content rule type; expected one of sender, senderDomain, attachment, content, header, size",
        "{\"type\": \"content\"}|value|is required; a content rule takes words or a phrase",
        "{\"type\": \"content\", \"value\": null}|value|is required",
        "{\"type\": \"content\", \"value\": 5}|value|expected a string (a content rule takes words or a phrase, or a regular expression between slashes, such as /free\\s+money/), got the number 5",
        "{\"type\": \"sender\", \"value\": [\"bob@example.org\"]}|value|expected a string (a sender rule takes one address, such as bob@example.org), got an array",
        "{\"type\": \"size\", \"value\": 1.5}|value|expected an integer or a string of digits (a size rule takes a whole number of bytes from 1 to 52428800), got the number 1.5",
        "{\"type\": \"size\", \"value\": true}|value|expected an integer or a string of digits",
        "{\"type\": \"size\", \"value\": 0}|value|must be from 1 to 52428800 bytes (got 0)",
        "{\"type\": \"size\", \"value\": -1}|value|'-1' is not a number of bytes",
        "{\"type\": \"size\", \"value\": 123456789012345678901234567890}|value|must be from 1 to 52428800 bytes (got 123456789012345678901234567890)",
        "{\"type\": \"size\", \"value\": \"10MB\"}|value|'10MB' is not a number of bytes",
        "{\"type\": \"content\", \"value\": \"/(/\"}|value|invalid regular expression: error parsing regexp: missing closing ): `(`",
        "{\"type\": \"attachment\", \"value\": \"tar.gz\"}|value|'tar.gz' is not a file extension",
        "{\"type\": \"header\", \"value\": \"Subject\"}|value|'Subject' has no colon",
        "{\"type\": \"size\", \"value\": 1, \"action\": \"block\"}|action|'block' is not an action for a content rule; expected quarantine, delete or tag",
        "{\"type\": \"size\", \"value\": 1, \"action\": 1}|action|expected one of the strings quarantine, delete, tag, got the number 1",
        "{\"type\": \"size\", \"value\": 1, \"description\": false}|description|expected a string, got the boolean false",
        "{\"type\": \"size\", \"value\": 1, \"description\": {}}|description|expected a string, got an object",
        "{\"type\": \"size\", \"value\": 1, \"description\": \"a\\nb\"}|description|must be one line of text without control characters (found U+000A)",
    })
    void refusesNamingTheField(String json, String field, String problem) {
        assertRefused(json, field, problem);
    }

    @Test
    void refusesAnOverlongDescription() {
        assertRefused("{\"type\": \"size\", \"value\": 1, \"description\": \"" + "d".repeat(201) + "\"}", "description",
            "is 201 characters long; at most 200 are accepted");
    }

    @Test
    void refusesADocumentAboveTheSizeLimitBeforeParsingIt() {
        byte[] huge = ("{\"type\": \"content\", \"value\": \"" + "x".repeat(ContentRuleCodec.MAX_DOCUMENT_BYTES) + "\"}")
            .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.parse(huge))
            .isInstanceOf(ContentRuleValidationException.class)
            .hasMessage("$: the document is larger than 16384 bytes");
        assertThatThrownBy(() -> codec.parse((byte[]) null))
            .isInstanceOf(ContentRuleValidationException.class)
            .hasMessageStartingWith("$: the document is empty");
    }
}
