package io.cleanport.core.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.cleanport.core.policy.FilterAction;

class ContentRuleTest {

    private static ContentRule rule(String type, String value) {
        return ContentRule.parse(type, value, null, null);
    }

    private static boolean hits(ContentRule rule, String text) {
        return rule.pattern().orElseThrow().matcher(text).find();
    }

    /** The field and the start of the problem of a refused rule. */
    private static void assertRefused(String type, String value, String field, String problemStart) {
        assertThatThrownBy(() -> rule(type, value))
            .isInstanceOf(ContentRuleValidationException.class)
            .hasMessageStartingWith(field + ": " + problemStart)
            .satisfies(e -> assertThat(((ContentRuleValidationException) e).field()).isEqualTo(field));
    }

    @Nested
    class Values {
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "sender|Bob.Smith+News@Example.ORG|bob.smith+news@example.org",
            "sender|'  bob@Bücher.example '|bob@xn--bcher-kva.example",
            "senderDomain|Mail.Example.ORG|mail.example.org",
            "senderDomain|@example.org|example.org",
            "attachment|EXE|.exe",
            "attachment|.Exe|.exe",
            "attachment|7z|.7z",
            "attachment|pdf|pdf",
            "attachment|.pdf|.pdf",
            "attachment|Macro-Document|macro-document",
            "attachment|Application/PDF|application/pdf",
            "attachment|image/*|image/*",
            "attachment|application/vnd.ms-excel.sheet.macroEnabled.12|application/vnd.ms-excel.sheet.macroenabled.12",
            "content|'  Free \t money\n  NOW '|Free money NOW",
            "content|' /Free\\s+Money/ '|/Free\\s+Money/",
            "content|/|/",
            "header|subject:^\\[ext\\]|subject: ^\\[ext\\]",
            "header|'X-Mailer :   PHPMailer '|X-Mailer: PHPMailer",
            "header|X-Spam-Flag: .*|X-Spam-Flag: .*",
            "size|1|1",
            "size|0010485760|10485760",
            "size|52428800|52428800",
        })
        void areNormalised(String type, String raw, String normalised) {
            ContentRule rule = rule(type, raw);

            assertThat(rule.type().jsonValue()).isEqualTo(type);
            assertThat(rule.value()).isEqualTo(normalised);
            assertThat(rule(type, normalised)).isEqualTo(rule);
        }

        @Test
        void anAttachmentRuleSaysHowItNamesAttachments() {
            ContentRule extension = rule("attachment", ".EXE");
            ContentRule family = rule("attachment", "executable");
            ContentRule mime = rule("attachment", "image/*");

            assertThat(extension.attachmentKind()).contains(AttachmentKind.EXTENSION);
            assertThat(extension.fileExtension()).contains("exe");
            assertThat(extension.attachmentFamily()).isEmpty();
            assertThat(family.attachmentKind()).contains(AttachmentKind.FAMILY);
            assertThat(family.attachmentFamily()).contains(AttachmentFamily.EXECUTABLE);
            assertThat(family.fileExtension()).isEmpty();
            assertThat(mime.attachmentKind()).contains(AttachmentKind.MIME_PATTERN);
            assertThat(mime.attachmentFamily()).isEmpty();
            assertThat(rule("sender", "bob@example.org").attachmentKind()).isEmpty();
        }

        @ParameterizedTest
        @EnumSource(AttachmentFamily.class)
        void everyFamilyIsAccepted(AttachmentFamily family) {
            ContentRule rule = rule("attachment", family.jsonValue());

            assertThat(rule.attachmentFamily()).contains(family);
            assertThat(rule.value()).isEqualTo(family.jsonValue());
        }

        @Test
        void aPhraseHitsItsWordsWhateverTheCaseAndTheSpacing() {
            ContentRule phrase = rule("content", "free money");

            assertThat(phrase.isRegularExpression()).isFalse();
            assertThat(hits(phrase, "Get FREE Money now")).isTrue();
            assertThat(hits(phrase, "free\r\n   money")).isTrue();
            assertThat(hits(phrase, "(free money)")).isTrue();
            assertThat(hits(phrase, "free money")).isTrue();
            assertThat(hits(phrase, "carefree money")).isFalse();
            assertThat(hits(phrase, "free moneybox")).isFalse();
            assertThat(hits(phrase, "free_money")).isFalse();
            assertThat(hits(phrase, "money free")).isFalse();
        }

        @Test
        void aPhraseHasWordBoundariesInEveryScriptAndNoRegexMeaning() {
            assertThat(hits(rule("content", "café"), "Un CAFÉ noir")).isTrue();
            assertThat(hits(rule("content", "café"), "Deux cafés")).isFalse();
            assertThat(hits(rule("content", "$100"), "win $100!")).isTrue();
            assertThat(hits(rule("content", "$100"), "win $1000!")).isFalse();
            assertThat(hits(rule("content", "a.b"), "a.b")).isTrue();
            assertThat(hits(rule("content", "a.b"), "axb")).isFalse();
            assertThat(hits(rule("content", "(x)"), "f(x) = 1")).isTrue();
        }

        @Test
        void aRegularExpressionIsCaseInsensitiveAndMatchesAnywhere() {
            ContentRule regex = rule("content", "/free\\s+(money|cash)/");

            assertThat(regex.isRegularExpression()).isTrue();
            assertThat(hits(regex, "Get FREE   Cash now")).isTrue();
            assertThat(hits(regex, "carefree money")).isTrue();
            assertThat(hits(regex, "free time")).isFalse();
        }

        @Test
        void aHeaderRuleNamesItsHeaderAndMatchesItsValue() {
            ContentRule header = rule("header", "X-Mailer: ^phpmailer");

            assertThat(header.headerName()).contains("X-Mailer");
            assertThat(header.isRegularExpression()).isTrue();
            assertThat(hits(header, "PHPMailer 6.0")).isTrue();
            assertThat(hits(header, "Outlook (via PHPMailer)")).isFalse();
            assertThat(rule("content", "x").headerName()).isEmpty();
        }

        @Test
        void aSizeRuleGivesItsBytes() {
            assertThat(rule("size", "1048576").sizeBytes()).hasValue(1_048_576);
            assertThat(rule("content", "x").sizeBytes()).isEmpty();
            assertThat(rule("size", "1").pattern()).isEmpty();
        }
    }

    @Nested
    class RefusedValues {
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "sender|bob|'bob' is not an address; a sender rule takes one address, such as bob@example.org",
            "sender|@example.org|'@example.org' is not an address; a sender rule takes one address, such as bob@example.org (a whole domain is a senderDomain rule)",
            "sender|bob@|'bob@' is not an address",
            "sender|bo b@example.org|'bo b' is not a valid local part: ' ' is not allowed",
            "sender|bob@example|'example' is not a valid domain name: it needs at least two labels",
            "senderDomain|exa_mple.org|'exa_mple.org' is not a valid domain name: label 'exa_mple' contains '_'",
            "senderDomain|192.0.2.1|'192.0.2.1' is not a valid domain name: the last label is numeric",
            "senderDomain|bob@example.org|'bob@example.org' is not a valid domain name",
            "attachment|tar.gz|'tar.gz' is not a file extension (1 to 10 letters a-z or digits, with or without a leading dot: exe, .exe), nor a type family (executable, archive, macro-document, office, pdf, image, script, encrypted-archive), nor a MIME type (type/subtype or type/*)",
            "attachment|.|'.' is not a file extension",
            "attachment|abcdefghijk|'abcdefghijk' is not a file extension",
            "attachment|ex e|'ex e' is not a file extension",
            "attachment|.exé|'.exé' is not a file extension",
            "attachment|*/*|'*/*' would match every attachment; name a type, such as image/* or application/pdf",
            "attachment|image/|'image/' is not a MIME type pattern: expected type/subtype or type/*",
            "attachment|/pdf|'/pdf' is not a MIME type pattern",
            "attachment|image/png/x|'image/png/x' is not a MIME type pattern",
            "attachment|appl ication/pdf|'appl ication/pdf' is not a MIME type pattern",
            "attachment|image/*png|'image/*png' is not a MIME type pattern",
            "content|//|'//' is an empty regular expression; it would hit every message",
            "content|/(unclosed/|invalid regular expression: error parsing regexp: missing closing ): `(unclosed`",
            "content|/x**/|invalid regular expression: error parsing regexp: invalid nested repetition operator: `**`",
            "content|/a(?=b)/|invalid regular expression: error parsing regexp: invalid or unsupported Perl syntax",
            "content|/a*/|the regular expression /a*/ matches empty text, so it would hit every message",
            "content|/(a{100}){100}/|the regular expression is too complex (10202 instructions, at most 5000)",
            "header|Subject|'Subject' has no colon; a header rule takes a header name, a colon and a regular expression, such as Subject: ^\\[external\\]",
            "header|: viagra|the header name before the colon is empty",
            "header|Sub ject: viagra|the header name 'Sub ject' contains U+0020; a header name is printable ASCII without spaces or colons (RFC 5322)",
            "header|Sübject: viagra|the header name 'Sübject' contains U+00FC",
            "header|'Subject:  '|the regular expression after 'Subject:' is empty; use .* to match any value of the header",
            "header|Subject: (|invalid regular expression: error parsing regexp: missing closing ): `(`",
            "size|10MB|'10MB' is not a number of bytes; a size rule takes a whole number of bytes from 1 to 52428800, written as digits only (10485760 for 10 MiB: suffixes such as MB or KB are not accepted)",
            "size|-5|'-5' is not a number of bytes",
            "size|1.5|'1.5' is not a number of bytes",
            "size|0|must be from 1 to 52428800 bytes (got 0)",
            "size|52428801|must be from 1 to 52428800 bytes (got 52428801)",
            "size|99999999999999999999999|must be from 1 to 52428800 bytes (got 99999999999999999999999)",
        })
        void areNamedWithWhatIsAccepted(String type, String value, String problem) {
            assertRefused(type, value, "value", problem);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "sender|one address, such as bob@example.org",
            "senderDomain|a domain name, such as example.org",
            "attachment|a file extension (exe or .exe), a type family (executable, archive,",
            "content|words or a phrase, or a regular expression between slashes, such as /free\\s+money/",
            "header|a header name, a colon and a regular expression",
            "size|a whole number of bytes from 1 to 52428800",
        })
        void emptyOrMissingValuesSayWhatTheTypeTakes(String type, String expected) {
            assertRefused(type, "", "value", "must not be empty; a " + type + " rule takes " + expected);
            assertRefused(type, "  \t ", "value", "must not be empty; a " + type + " rule takes " + expected);
            assertRefused(type, null, "value", "is required; a " + type + " rule takes " + expected);
        }

        @Test
        void overlongValuesAreRefused() {
            assertRefused("content", "p".repeat(ContentRule.MAX_PHRASE_LENGTH + 1), "value",
                "the phrase is 501 characters long; at most 500 are accepted");
            assertRefused("content", "/" + "x".repeat(ContentRule.MAX_REGEX_LENGTH - 1) + "/", "value",
                "the regular expression is 1001 characters long with its slashes; at most 1000 are accepted");
            assertRefused("header", "H".repeat(ContentRule.MAX_HEADER_NAME_LENGTH + 1) + ": x", "value",
                "the header name is 101 characters long; at most 100 are accepted");
            assertRefused("header", "Subject: " + "x".repeat(ContentRule.MAX_REGEX_LENGTH + 1), "value",
                "the regular expression is 1001 characters long; at most 1000 are accepted");
        }

        @Test
        void aPhraseWithAControlCharacterIsRefused() {
            assertRefused("content", "free\u0007money", "value", "a phrase must not contain control characters (found U+0007)");
        }
    }

    @Nested
    class Types {
        @ParameterizedTest
        @ValueSource(strings = {"spam", "Sender", "SENDER_DOMAIN", "sender-domain", "regex", ""})
        void anUnknownTypeIsRefusedListingTheTypes(String type) {
            assertRefused(type, "x", "type", "'" + type + "' is not a content rule type; expected one of sender, senderDomain,"
                + " attachment, content, header, size");
        }

        @Test
        void aMissingTypeIsRequired() {
            assertRefused(null, "x", "type", "is required; expected one of sender, senderDomain, attachment, content, header, size");
        }

        @Test
        void theTypeIsCheckedBeforeTheValue() {
            assertRefused("spam", "", "type", "'spam' is not");
        }
    }

    @Nested
    class ActionsAndDescriptions {
        @Test
        void actionAndDescriptionAreOptional() {
            ContentRule rule = ContentRule.parse("attachment", "exe", "delete", "  Windows programs  ");

            assertThat(rule.action()).contains(FilterAction.DELETE);
            assertThat(rule.description()).contains("Windows programs");
            assertThat(rule("attachment", "exe").action()).isEmpty();
            assertThat(rule("attachment", "exe").description()).isEmpty();
            assertThat(ContentRule.parse("attachment", "exe", null, "   ").description()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"block", "Quarantine", "reject", ""})
        void anUnknownActionIsRefused(String action) {
            assertThatThrownBy(() -> ContentRule.parse("attachment", "exe", action, null))
                .isInstanceOf(ContentRuleValidationException.class)
                .hasMessage("action: '" + action + "' is not an action for a content rule; expected quarantine, delete"
                    + " or tag (or no action, to follow the recipient's policy)");
        }

        @Test
        void aDescriptionIsOneLineOfAtMost200Characters() {
            assertThat(ContentRule.parse("size", "1", null, "d".repeat(200)).description()).hasValue("d".repeat(200));
            assertThatThrownBy(() -> ContentRule.parse("size", "1", null, "d".repeat(201)))
                .isInstanceOf(ContentRuleValidationException.class)
                .hasMessage("description: is 201 characters long; at most 200 are accepted");
            assertThatThrownBy(() -> ContentRule.parse("size", "1", null, "two\nlines"))
                .isInstanceOf(ContentRuleValidationException.class)
                .hasMessage("description: must be one line of text without control characters (found U+000A)");
            assertThatThrownBy(() -> ContentRule.of(ContentRuleType.SIZE, "1", Optional.empty(), Optional.of("tab\there")))
                .isInstanceOf(ContentRuleValidationException.class)
                .hasMessageStartingWith("description: must be one line");
        }
    }

    @Nested
    class Ids {
        @Test
        void newIdsAreTenCharactersOfCrockfordBase32AndDiffer() {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                String id = ContentRule.newId();
                assertThat(id).matches("[0-9A-HJKMNP-TV-Z]{10}");
                ids.add(id);
            }
            assertThat(ids).hasSize(1000);
        }

        @Test
        void anIdIsReadCaseInsensitively() {
            assertThat(ContentRule.parseId(" 7k3m9qxz2b ")).isEqualTo("7K3M9QXZ2B");
            assertThat(rule("size", "1").withId("7k3m9qxz2b").id()).contains("7K3M9QXZ2B");
            assertThat(rule("size", "1").id()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "7K3M9QXZ2", "7K3M9QXZ2BB", "7K3M9QXZ2U", "7K3M9-XZ2B", "ILO0000000"})
        void anIdOfAnotherShapeIsRefused(String id) {
            assertThatThrownBy(() -> ContentRule.parseId(id))
                .isInstanceOf(ContentRuleValidationException.class)
                .hasMessage("id: '" + id + "' is not a content rule id (10 characters of Crockford base32: digits and"
                    + " letters other than I, L, O and U)");
            assertThat(ContentRule.tryParseId(id)).isEmpty();
        }
    }

    @Test
    void equalRulesHaveEqualPartsAndTheSameId() {
        ContentRule rule = ContentRule.parse("attachment", "EXE", "tag", "note");

        assertThat(rule).isEqualTo(ContentRule.parse("attachment", ".exe", "tag", "note"));
        assertThat(rule).hasSameHashCodeAs(ContentRule.parse("attachment", ".exe", "tag", "note"));
        assertThat(rule).isNotEqualTo(ContentRule.parse("attachment", ".exe", "tag", null));
        assertThat(rule).isNotEqualTo(ContentRule.parse("attachment", ".exe", null, "note"));
        assertThat(rule).isNotEqualTo(rule.withId("7K3M9QXZ2B"));
        assertThat(rule.withId("7K3M9QXZ2B")).isEqualTo(rule.withId("7k3m9qxz2b"));
    }

    @Test
    void toStringNamesTheRuleForLogs() {
        assertThat(ContentRule.parse("attachment", "exe", "delete", null).withId("7K3M9QXZ2B"))
            .hasToString("content rule 7K3M9QXZ2B: attachment .exe (delete)");
        assertThat(rule("senderDomain", "example.org")).hasToString("content rule senderDomain example.org");
    }
}
