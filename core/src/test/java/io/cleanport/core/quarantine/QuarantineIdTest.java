package io.cleanport.core.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;

import io.cleanport.core.message.CleanPortId;

class QuarantineIdTest {
    private final CleanPortId message = QuarantineFixtures.messageId(QuarantineFixtures.T0);

    @Test
    void isTheMessageIdAndATagOfTheRecipient() throws AddressException {
        QuarantineId id = QuarantineId.of(message, new MailAddress("alice@example.com"));
        assertThat(id.asString()).hasSize(QuarantineId.LENGTH).startsWith(message.asString() + "-")
            .matches("[0-9A-HJKMNP-TV-Z]{26}-[0-9A-HJKMNP-TV-Z]{10}");
        assertThat(id.messageId()).isEqualTo(message);
    }

    @Test
    void theSameRecipientOfTheSameMessageAlwaysGetsTheSameId() throws AddressException {
        assertThat(QuarantineId.of(message, new MailAddress("alice@example.com")))
            .isEqualTo(QuarantineId.of(message, new MailAddress("alice@EXAMPLE.com")));
    }

    @Test
    void theTagOfARecipientNeverChangesSinceUsersAndRebuiltIndexesHoldIt() throws AddressException {
        CleanPortId fixed = CleanPortId.of("01JH4Q9Z3T8V5XKQ2M7N0PRS6W");
        assertThat(QuarantineId.of(fixed, new MailAddress("alice@example.com")).asString())
            .isEqualTo("01JH4Q9Z3T8V5XKQ2M7N0PRS6W-ZY6SG6FW1R");
        assertThat(QuarantineId.of(fixed, new MailAddress("Bob.Smith@Example.ORG")).asString())
            .isEqualTo("01JH4Q9Z3T8V5XKQ2M7N0PRS6W-V98EDBXGCF");
    }

    @Test
    void recipientsOfOneMessageAndMessagesOfOneRecipientGetDifferentIds() throws AddressException {
        QuarantineId alice = QuarantineId.of(message, new MailAddress("alice@example.com"));
        assertThat(QuarantineId.of(message, new MailAddress("bob@example.com"))).isNotEqualTo(alice);
        assertThat(QuarantineId.of(QuarantineFixtures.messageId(QuarantineFixtures.T0), new MailAddress("alice@example.com")))
            .isNotEqualTo(alice);
    }

    @Test
    void parsesWhatItPrintsInAnyCase() throws AddressException {
        QuarantineId id = QuarantineId.of(message, new MailAddress("alice@example.com"));
        assertThat(QuarantineId.parse(id.asString().toLowerCase())).isEqualTo(id);
        assertThat(QuarantineId.parse(" " + id + " ")).isEqualTo(id);
    }

    @Test
    void rejectsOtherShapesNamingTheId() {
        for (String bad : new String[] {"", "../../etc/passwd", message.asString(), message + "-", message + "-0123456789A",
            message + "-012345678U", message + "_0123456789"}) {
            assertThatThrownBy(() -> QuarantineId.parse(bad)).isInstanceOf(QuarantineValidationException.class)
                .hasMessageStartingWith("id: ");
        }
        assertThatThrownBy(() -> QuarantineId.parse(null)).isInstanceOf(QuarantineValidationException.class);
    }
}
