package io.cleanport.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

import io.cleanport.core.pipeline.MailTags;
import io.cleanport.core.pipeline.MailVerdicts;
import io.cleanport.core.stats.Counter;
import io.cleanport.core.verdict.Category;

class TagSubjectTest {
    private final StepStores stores = new StepStores();

    private TagSubject mailet(String category, String prefix) throws MessagingException {
        TagSubject mailet = new TagSubject(stores.policies, stores.senders, stores.counters);
        FakeMailetConfig.Builder config = StepStores.config("TagSubject", category);
        if (prefix != null) {
            config.setProperty("prefix", prefix);
        }
        mailet.init(config.build());
        return mailet;
    }

    private static FakeMail mail(String subjectField) throws Exception {
        String raw = TestMails.RAW.replace("Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\n", subjectField);
        FakeMail mail = TestMails.mail(raw, "sender@senders.test", "alice@example.test", "bob@example.test");
        MailVerdicts.record(mail, Category.SPAM, TestMails.SPAM);
        return mail;
    }

    private static MimeMessage reparsed(MimeMessage message) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(TestMails.bytes(message)));
    }

    @Test
    void prefixesAnEncodedSubjectKeepingItsEncodedWords() throws Exception {
        FakeMail mail = mail("Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus =?ISO-8859-1?Q?K=F6ln?=\n");

        mailet("spam", null).service(mail);

        MimeMessage message = mail.getMessage();
        assertThat(message.getHeader("Subject", null)).isEqualTo("*** SPAM *** =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus =?ISO-8859-1?Q?K=F6ln?=");
        assertThat(reparsed(message).getSubject()).isEqualTo("*** SPAM *** Grüße aus Köln");
    }

    @Test
    void keepsTheFoldingOfALongSubject() throws Exception {
        FakeMail mail = mail("Subject: =?UTF-8?B?R3LDvMOfZQ==?=\n =?UTF-8?B?R3LDvMOfZQ==?=\n");

        mailet("spam", null).service(mail);

        assertThat(mail.getMessage().getHeader("Subject", null)).isEqualTo("*** SPAM *** =?UTF-8?B?R3LDvMOfZQ==?=\r\n =?UTF-8?B?R3LDvMOfZQ==?=");
        assertThat(reparsed(mail.getMessage()).getSubject()).isEqualTo("*** SPAM *** GrüßeGrüße");
    }

    @Test
    void contentIsTaggedCF() throws Exception {
        FakeMail mail = mail("Subject: quarterly report\n");
        MailVerdicts.record(mail, Category.CONTENT, TestMails.CONTENT);

        mailet("content", null).service(mail);

        assertThat(mail.getMessage().getSubject()).isEqualTo("*** CF *** quarterly report");
        assertThat(MailTags.tagged(mail)).containsExactly(Category.CONTENT);
        assertThat(stores.counters.get(Counter.CONTENT, StepStores.EXAMPLE)).isEqualTo(2);
    }

    @Test
    void recordsTheTagCountsAndLetsTheMailGoOn() throws Exception {
        FakeMail mail = mail("Subject: cheap watches\n");

        mailet("spam", null).service(mail);

        assertThat(mail.getMessage().getSubject()).isEqualTo("*** SPAM *** cheap watches");
        assertThat(MailTags.tagged(mail)).containsExactly(Category.SPAM);
        assertThat(MailTags.status(mail)).isEqualTo(Category.SPAM);
        assertThat(stores.counters.get(Counter.SPAM, StepStores.EXAMPLE)).isEqualTo(2);
        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
    }

    @Test
    void aSubjectTaggedBeforeIsNotTaggedTwice() throws Exception {
        FakeMail mail = mail("Subject: =?UTF-8?Q?=2A=2A=2A_SPAM_=2A=2A=2A_cheap?=\n");
        String before = mail.getMessage().getHeader("Subject", null);

        mailet("spam", null).service(mail);
        mailet("spam", null).service(mail);

        assertThat(mail.getMessage().getHeader("Subject", null)).isEqualTo(before);
        assertThat(MailTags.tagged(mail)).containsExactly(Category.SPAM);
    }

    @Test
    void bothStepsTagInPipelineOrderAndContentWinsTheStatus() throws Exception {
        FakeMail mail = mail("Subject: offer\n");
        MailVerdicts.record(mail, Category.CONTENT, TestMails.CONTENT);

        mailet("content", null).service(mail);
        mailet("spam", null).service(mail);

        assertThat(mail.getMessage().getSubject()).isEqualTo("*** SPAM *** *** CF *** offer");
        assertThat(MailTags.tagged(mail)).containsExactly(Category.CONTENT, Category.SPAM);
        assertThat(MailTags.status(mail)).isEqualTo(Category.CONTENT);
    }

    @Test
    void aMessageWithoutSubjectGetsThePrefixAlone() throws Exception {
        FakeMail mail = mail("");

        mailet("spam", null).service(mail);

        assertThat(mail.getMessage().getHeader("Subject", null)).isEqualTo("*** SPAM ***");
    }

    @Test
    void aConfiguredPrefixReplacesTheDefault() throws Exception {
        FakeMail mail = mail("Subject: offer\n");

        mailet("spam", "[SUSPECTED SPAM]").service(mail);

        assertThat(mail.getMessage().getSubject()).isEqualTo("[SUSPECTED SPAM] offer");
    }

    @Test
    void parametersAreCheckedAtInit() {
        assertThatThrownBy(() -> mailet("virus", null))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("parameter 'category' is 'virus'; expected one of spam, content");
        assertThatThrownBy(() -> mailet("spam", "  "))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("parameter 'prefix'");
        assertThatThrownBy(() -> mailet("spam", "«SPAM»"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("parameter 'prefix' is '«SPAM»'");
    }
}
