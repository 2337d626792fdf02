package io.cleanport.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.MessagingException;

import org.apache.james.server.core.MimeMessageSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.pipeline.MailVerdicts;
import io.cleanport.core.scan.EicarInspector;
import io.cleanport.core.antivirus.CarriedFile;
import io.cleanport.core.antivirus.FileRule;
import io.cleanport.core.antivirus.ProtagEngine;
import io.cleanport.core.antivirus.ProtagRules;
import io.cleanport.core.antivirus.SignatureIndex;
import io.cleanport.core.scan.ArchiveLimits;
import io.cleanport.core.testing.InMemorySignatureStore;
import io.cleanport.core.verdict.Rule;
import io.cleanport.core.scan.ScanLimits;
import io.cleanport.core.verdict.Category;
import io.cleanport.core.verdict.Verdict;

class ScanMessageTest {
    private static final String EICAR_ATTACHED = """
        From: sender@senders.test
        To: alice@example.test
        Subject: invoice
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b1"

        --b1
        Content-Type: text/plain

        Please find the invoice attached.
        --b1
        Content-Type: application/octet-stream; name="invoice.com"
        Content-Disposition: attachment; filename="invoice.com"
        Content-Transfer-Encoding: base64

        @BASE64@
        --b1--
        """.replace("@BASE64@", Base64.getMimeEncoder().encodeToString(EicarInspector.testString()));

    private ScanMessage mailet;

    private static ProtagEngine engine(ProtagRules rules) {
        SignatureIndex index = new SignatureIndex(new InMemorySignatureStore(), Clock.systemUTC());
        return new ProtagEngine(ScanLimits.defaults(), ArchiveLimits.defaults(), rules, index, Optional.empty());
    }

    @BeforeEach
    void setUp() throws Exception {
        mailet = new ScanMessage(engine(ProtagRules.defaults()));
        mailet.init(FakeMailetConfig.builder().mailetName("ScanMessage").build());
    }

    @Test
    void eicarInABase64AttachmentIsRecordedAsAVirus() throws Exception {
        FakeMail mail = TestMails.mail(EICAR_ATTACHED, "sender@senders.test", "alice@example.test");

        mailet.service(mail);

        Verdict verdict = MailVerdicts.recorded(mail, Category.VIRUS).orElseThrow();
        assertThat(verdict.category()).isEqualTo(Category.VIRUS);
        assertThat(verdict.name()).contains(EicarInspector.VIRUS_NAME);
        assertThat(verdict.ruleIds()).contains("EICAR_TEST_FILE");
    }

    @Test
    void aCleanMessageIsRecordedCleanAndGoesOn() throws Exception {
        FakeMail mail = TestMails.mail(TestMails.RAW, "sender@senders.test", "alice@example.test");

        mailet.service(mail);

        assertThat(MailVerdicts.recorded(mail, Category.VIRUS)).hasValueSatisfying(verdict -> assertThat(verdict.isClean()).isTrue());
        assertThat(mail.getState()).isNotEqualTo(org.apache.mailet.Mail.GHOST);
    }

    @Test
    void aMessageThatOnlyMentionsTheTestStringInAlongerTextIsClean() throws Exception {
        String bulletin = TestMails.RAW.replace(".dot line", "the test file is "
            + new String(EicarInspector.testString(), StandardCharsets.US_ASCII) + " and more");
        FakeMail mail = TestMails.mail(bulletin, "sender@senders.test", "alice@example.test");

        mailet.service(mail);

        assertThat(MailVerdicts.recorded(mail, Category.VIRUS).orElseThrow().isClean()).isTrue();
    }

    @Test
    void readsJamesSpooledMessageFromItsSourceAndLeavesItUnchanged() throws Exception {
        byte[] raw = TestMails.wire(EICAR_ATTACHED).getBytes(StandardCharsets.US_ASCII);
        AtomicInteger opened = new AtomicInteger();
        MimeMessageWrapper spooled = new MimeMessageWrapper(source(() -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(raw);
        }, raw.length));
        FakeMail mail = FakeMail.builder().name("spooled").sender("sender@senders.test").recipients("alice@example.test")
            .mimeMessage(spooled).build();

        mailet.service(mail);

        assertThat(MailVerdicts.recorded(mail, Category.VIRUS).orElseThrow().category()).isEqualTo(Category.VIRUS);
        assertThat(opened).hasValue(1);
        assertThat(spooled.isModified()).isFalse();
        assertThat(TestMails.bytes(spooled)).isEqualTo(raw);
    }

    @Test
    void aScannerThatBreaksWithAnErrorFailsTheMailInsteadOfItsThread() throws Exception {
        FileRule broken = new FileRule() {
            @Override
            public Rule rule() {
                return Rule.of("BROKEN", 1, "a rule that breaks");
            }

            @Override
            public String family() {
                return "Broken";
            }

            @Override
            public Optional<String> check(CarriedFile file) {
                throw new NoSuchMethodError("a library of another version");
            }
        };
        ScanMessage failing = new ScanMessage(engine(new ProtagRules(List.of(broken), Map.of(), ProtagRules.DEFAULT_THRESHOLD)));
        failing.init(FakeMailetConfig.builder().mailetName("ScanMessage").build());
        FakeMail mail = TestMails.mail(EICAR_ATTACHED, "sender@senders.test", "alice@example.test");

        assertThatThrownBy(() -> failing.service(mail))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("failed its scan: java.lang.NoSuchMethodError: a library of another version");
        assertThat(MailVerdicts.recorded(mail, Category.VIRUS)).isEmpty();
    }

    @Test
    void aScanThatRunsOutOfTimeHoldsTheMailAndRecordsNoVerdict() throws Exception {
        SignatureIndex index = new SignatureIndex(new InMemorySignatureStore(), Clock.systemUTC());
        ScanMessage hurried = new ScanMessage(new ProtagEngine(ScanLimits.defaults().withMaxScanTime(java.time.Duration.ofNanos(1)),
            ArchiveLimits.defaults(), ProtagRules.defaults(), index, Optional.empty()));
        hurried.init(FakeMailetConfig.builder().mailetName("ScanMessage").build());
        FakeMail mail = TestMails.mail(EICAR_ATTACHED, "sender@senders.test", "alice@example.test");

        assertThatThrownBy(() -> hurried.service(mail))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("could not be scanned completely (scanning took longer than")
            .hasMessageContaining("held in the error repository");
        assertThat(MailVerdicts.recorded(mail, Category.VIRUS)).isEmpty();
    }

    @Test
    void aMessageThatCannotBeReadFailsTheMailAndRecordsNoVerdict() throws Exception {
        byte[] header = TestMails.wire("From: sender@senders.test\nSubject: x\n\n").getBytes(StandardCharsets.US_ASCII);
        MimeMessageWrapper broken = new MimeMessageWrapper(source(() -> new SequenceInputStream(
            new ByteArrayInputStream(header), new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("spool file truncated");
                }
            }), 4096));
        FakeMail mail = FakeMail.builder().name("broken").sender("sender@senders.test").recipients("alice@example.test")
            .mimeMessage(broken).build();

        assertThatThrownBy(() -> mailet.service(mail))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("could not be read for the scan")
            .hasRootCauseMessage("spool file truncated");
        assertThat(MailVerdicts.recorded(mail, Category.VIRUS)).isEmpty();
    }

    interface Opener {
        InputStream open() throws IOException;
    }

    private static MimeMessageSource source(Opener opener, long size) {
        return new MimeMessageSource() {
            @Override
            public String getSourceId() {
                return "test-source";
            }

            @Override
            public InputStream getInputStream() throws IOException {
                return opener.open();
            }

            @Override
            public long getMessageSize() {
                return size;
            }
        };
    }
}
