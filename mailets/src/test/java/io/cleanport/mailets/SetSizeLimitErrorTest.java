package io.cleanport.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.transport.mailets.DSNBounce;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.policy.UserPolicy;
import io.cleanport.core.testing.InMemoryPolicyStore;

class SetSizeLimitErrorTest {
    private static final long ONE_MB = 1_048_576;

    private SetSizeLimitError mailet;

    @BeforeEach
    void setUp() throws Exception {
        InMemoryPolicyStore policies = new InMemoryPolicyStore();
        DomainName small = DomainName.of("small.test");
        policies.putDomain(small, DomainPolicy.defaults().toBuilder().maxMessageSize(2 * ONE_MB).build());
        policies.putUser(small, "alice", UserPolicy.empty());
        policies.putUser(small, "tiny", UserPolicy.builder().maxMessageSize(ONE_MB).build());
        mailet = new SetSizeLimitError(policies);
        mailet.init(FakeMailetConfig.builder().mailetName("SetSizeLimitError").build());
    }

    private static FakeMail mail(long size, String... recipients) throws Exception {
        return FakeMail.builder().name("mail").sender("bob@senders.test").recipients(recipients).size(size)
            .lastUpdated(new Date())
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("holiday pictures").setText("a large body"))
            .build();
    }

    @Test
    void namesTheSizeAndEachRecipientsLimit() throws Exception {
        FakeMail mail = mail(3 * ONE_MB, "alice@small.test", "tiny@small.test");

        mailet.service(mail);

        assertThat(mail.getErrorMessage()).isEqualTo("The message is 3145728 bytes, more than its recipients accept:\n"
            + "alice@small.test: at most 2097152 bytes\n"
            + "tiny@small.test: at most 1048576 bytes");
    }

    @Test
    void withoutThePolicyStoreTheErrorStillNamesTheSize() throws Exception {
        PolicyStore broken = (PolicyStore) Proxy.newProxyInstance(PolicyStore.class.getClassLoader(),
            new Class<?>[] {PolicyStore.class}, (proxy, method, args) -> {
                throw new IllegalStateException("database down");
            });
        FakeMail mail = mail(3 * ONE_MB, "alice@small.test");

        new SetSizeLimitError(broken).service(mail);

        assertThat(mail.getErrorMessage()).isEqualTo("The message is 3145728 bytes, more than its recipients accept.");
    }

    /** The {@code size-refused} processor as configured: this mailet, then James's DSNBounce. */
    @Test
    void withDsnBounceTheSenderGetsA534NotificationNamingTheLimits() throws Exception {
        FakeMailContext context = FakeMailContext.builder().postmaster(new MailAddress("postmaster@gateway.test")).build();
        DSNBounce bounce = new DSNBounce(fakeDns());
        bounce.init(FakeMailetConfig.builder().mailetName("DSNBounce").mailetContext(context)
            .setProperty("passThrough", "false")
            .setProperty("action", "failed")
            .setProperty("defaultStatus", "5.3.4")
            .setProperty("attachment", "heads")
            .setProperty("messageString", "This is the CleanPort gateway at [machine]. Your message was not delivered to the"
                + " recipients below: it is larger than they accept. This is a permanent error.")
            .build());
        FakeMail mail = mail(3 * ONE_MB, "tiny@small.test");

        mailet.service(mail);
        bounce.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        List<FakeMailContext.SentMail> sent = context.getSentMails();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getRecipients()).containsExactly(new MailAddress("bob@senders.test"));
        String dsn = asString(sent.get(0).getMsg());
        assertThat(dsn)
            .contains("it is larger than they accept")
            .contains("tiny@small.test: at most 1048576 bytes")
            .contains("Final-Recipient: rfc822; tiny@small.test")
            .contains("Status: 5.3.4")
            .contains("text/rfc822-headers")
            .doesNotContain("a large body");
    }

    private static String asString(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static DNSService fakeDns() {
        return (DNSService) Proxy.newProxyInstance(DNSService.class.getClassLoader(), new Class<?>[] {DNSService.class},
            (proxy, method, args) -> {
                switch (method.getName()) {
                    case "getLocalHost":
                        return InetAddress.getLoopbackAddress();
                    case "getHostName":
                        return "gateway.test";
                    default:
                        throw new UnsupportedOperationException(method.getName());
                }
            });
    }
}
