package io.cleanport.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.Test;

import io.cleanport.core.pipeline.MailVerdicts;
import io.cleanport.core.senders.ListKind;
import io.cleanport.core.senders.SenderListScope;
import io.cleanport.core.senders.SenderPattern;
import io.cleanport.core.stats.Counter;
import io.cleanport.core.verdict.Category;

class DiscardMailTest {
    private final StepStores stores = new StepStores();
    private final FakeMailContext context = FakeMailContext.builder().postmaster(postmaster()).build();

    private static MailAddress postmaster() {
        try {
            return new MailAddress("postmaster@gateway.test");
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalStateException(e);
        }
    }

    private DiscardMail mailet(String category) throws MessagingException {
        DiscardMail mailet = new DiscardMail(stores.policies, stores.senders, stores.counters);
        mailet.init(StepStores.config("DiscardMail", category).mailetContext(context).build());
        return mailet;
    }

    @Test
    void ghostsTheMailAndCountsEachRecipient() throws Exception {
        FakeMail mail = TestMails.mail(TestMails.RAW, "sender@senders.test", "alice@example.test", "bob@example.test");
        MailVerdicts.record(mail, Category.VIRUS, TestMails.VIRUS);

        mailet("virus").service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(stores.counters.get(Counter.VIRUS, StepStores.EXAMPLE)).isEqualTo(2);
        // each recipient is told that it was deleted (VirusNotifierTest says how)
        assertThat(context.getSentMails()).hasSize(2);
    }

    @Test
    void aBlockedSenderIsDeletedAsSpam() throws Exception {
        stores.senders.add(SenderListScope.domain(StepStores.EXAMPLE), ListKind.BLOCK, SenderPattern.parse("sender@senders.test"));
        FakeMail mail = TestMails.mail(TestMails.RAW, "sender@senders.test", "alice@example.test");

        mailet("spam").service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(stores.counters.get(Counter.SPAM, StepStores.EXAMPLE)).isEqualTo(1);
        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void aRecipientWithoutAGuiltyVerdictFailsTheMailInsteadOfLosingIt() throws Exception {
        FakeMail mail = TestMails.mail(TestMails.RAW, "sender@senders.test", "alice@example.test");
        MailVerdicts.record(mail, Category.CONTENT, io.cleanport.core.verdict.Verdict.clean());

        assertThatThrownBy(() -> mailet("content").service(mail))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("recipient alice@example.test has no content verdict");
        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
        assertThat(stores.counters.total(Counter.CONTENT)).isZero();
    }

    @Test
    void theCategoryParameterIsChecked() {
        assertThatThrownBy(() -> mailet("all"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("DiscardMail: parameter 'category' is 'all'");
    }
}
