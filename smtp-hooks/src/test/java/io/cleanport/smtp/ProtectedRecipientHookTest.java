package io.cleanport.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.utils.BaseFakeSMTPSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.policy.Cidr;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.policy.UserPolicy;
import io.cleanport.core.testing.InMemoryPolicyStore;

class ProtectedRecipientHookTest {
    private InMemoryPolicyStore policies;
    private ProtectedRecipientHook hook;

    @BeforeEach
    void setUp() {
        policies = new InMemoryPolicyStore();
        policies.putDomain(DomainName.of("listed.test"), DomainPolicy.defaults());
        policies.putUser(DomainName.of("listed.test"), "alice", UserPolicy.empty());
        policies.putDomain(DomainName.of("catchall.test"), DomainPolicy.defaults().toBuilder().catchAll(true).build());
        policies.putDomain(DomainName.of("customer.test"), DomainPolicy.defaults().toBuilder()
            .relayNetworks(List.of(Cidr.parse("192.0.2.0/24"))).build());
        hook = new ProtectedRecipientHook(policies);
    }

    private static BaseFakeSMTPSession from(String ip) {
        return new BaseFakeSMTPSession() {
            @Override
            public InetSocketAddress getRemoteAddress() {
                return new InetSocketAddress(ip, 40000);
            }
        };
    }

    private HookResult rcpt(String client, String recipient) throws Exception {
        return rcpt(client, "bob@senders.test", recipient);
    }

    private HookResult rcpt(String client, String sender, String recipient) throws Exception {
        MaybeSender from = sender.isEmpty() ? MaybeSender.nullSender() : MaybeSender.of(new MailAddress(sender));
        return hook.doRcpt(from(client), from, new MailAddress(recipient));
    }

    @Test
    void acceptsAListedRecipient() throws Exception {
        assertThat(rcpt("203.0.113.9", "Alice@Listed.Test").getResult()).isEqualTo(HookReturnCode.ok());
    }

    @Test
    void refusesAnUnlistedRecipientWith550_511() throws Exception {
        HookResult result = rcpt("203.0.113.9", "mallory@listed.test");
        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.1.1");
    }

    @Test
    void acceptsAnyLocalPartOfACatchAllDomain() throws Exception {
        assertThat(rcpt("203.0.113.9", "whatever@catchall.test").getResult()).isEqualTo(HookReturnCode.ok());
    }

    @Test
    void refusesRelayingWith550_571() throws Exception {
        HookResult result = rcpt("203.0.113.9", "someone@elsewhere.test");
        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.7.1");
    }

    @Test
    void letsARelayNetworkRelayWithItsDomainsAddresses() throws Exception {
        assertThat(rcpt("192.0.2.44", "bob@customer.test", "someone@elsewhere.test").getResult()).isEqualTo(HookReturnCode.ok());
        assertThat(rcpt("192.0.2.44", "", "someone@elsewhere.test").getResult()).isEqualTo(HookReturnCode.ok());
    }

    @Test
    void aRelayNetworkSendingWithAnotherDomainsAddressIsRefused() throws Exception {
        HookResult result = rcpt("192.0.2.44", "bob@senders.test", "someone@elsewhere.test");

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpDescription()).startsWith("5.7.1");
    }

    @Test
    void aStoreFailureIsATemporaryRefusalNeverAnAcceptance() throws Exception {
        PolicyStore broken = (PolicyStore) java.lang.reflect.Proxy.newProxyInstance(PolicyStore.class.getClassLoader(),
            new Class<?>[] {PolicyStore.class}, (proxy, method, args) -> {
                throw new IllegalStateException("database down");
            });
        HookResult result = new ProtectedRecipientHook(broken).doRcpt(from("203.0.113.9"),
            MaybeSender.of(new MailAddress("bob@senders.test")), new MailAddress("alice@listed.test"));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
    }
}
