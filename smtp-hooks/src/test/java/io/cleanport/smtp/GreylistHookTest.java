package io.cleanport.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.utils.BaseFakeSMTPSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.greylist.Greylist;
import io.cleanport.core.greylist.GreylistSettings;
import io.cleanport.core.greylist.GreylistStore;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.policy.UserPolicy;
import io.cleanport.core.stats.Counter;
import io.cleanport.core.testing.InMemoryCounters;
import io.cleanport.core.testing.InMemoryGreylistStore;
import io.cleanport.core.testing.InMemoryPolicyStore;
import io.cleanport.core.testing.MutableClock;

class GreylistHookTest {
    private static final DomainName CATCH_ALL = DomainName.of("catchall.test");
    private static final DomainName LISTED = DomainName.of("listed.test");
    private static final String SENDER = "bob@senders.test";

    private InMemoryPolicyStore policies;
    private InMemoryGreylistStore store;
    private InMemoryCounters counters;
    private MutableClock clock;
    private GreylistHook hook;

    @BeforeEach
    void setUp() {
        policies = new InMemoryPolicyStore();
        policies.putDomain(LISTED, DomainPolicy.defaults());
        policies.putUser(LISTED, "alice", UserPolicy.empty());
        policies.putDomain(CATCH_ALL, DomainPolicy.defaults().toBuilder().catchAll(true).build());
        store = new InMemoryGreylistStore();
        counters = new InMemoryCounters();
        clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        hook = new GreylistHook(policies, new Greylist(store, GreylistSettings.defaults(), clock), counters);
    }

    private static BaseFakeSMTPSession from(String ip) {
        return new BaseFakeSMTPSession() {
            @Override
            public InetSocketAddress getRemoteAddress() {
                return new InetSocketAddress(ip, 40000);
            }

            @Override
            public String getSessionID() {
                return "test-session";
            }
        };
    }

    private HookResult rcpt(String client, MaybeSender sender, String recipient) throws Exception {
        return hook.doRcpt(from(client), sender, new MailAddress(recipient));
    }

    private HookResult rcpt(String client, String recipient) throws Exception {
        return rcpt(client, MaybeSender.of(new MailAddress(SENDER)), recipient);
    }

    private static void assertGreylisted(HookResult result, String description) {
        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
        assertThat(result.getSmtpDescription()).isEqualTo(description);
    }

    @Test
    void aFirstAttemptForACatchAllDomainIsGreylistedWith451_471() throws Exception {
        assertGreylisted(rcpt("203.0.113.9", "anyone@catchall.test"), "4.7.1 Greylisted: please retry in 10 seconds");

        assertThat(counters.get(Counter.GREYLISTED, CATCH_ALL)).isEqualTo(1);
        assertThat(counters.total(Counter.GREYLISTED)).isEqualTo(1);
    }

    @Test
    void anEarlyRetryStatesTheRemainingTime() throws Exception {
        rcpt("203.0.113.9", "anyone@catchall.test");
        clock.advance(Duration.ofSeconds(9));

        assertGreylisted(rcpt("203.0.113.9", "anyone@catchall.test"), "4.7.1 Greylisted: please retry in 1 second");
    }

    @Test
    void aRetryAfterTheDelayIsLeftToTheRecipientCheck() throws Exception {
        rcpt("203.0.113.9", "Anyone@CatchAll.test");
        clock.advance(Duration.ofSeconds(10));

        assertThat(rcpt("203.0.113.77", "anyone@catchall.test")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt("203.0.113.77", "anyone@catchall.test")).isEqualTo(HookResult.DECLINED);

        assertThat(counters.get(Counter.GREYLISTED, CATCH_ALL)).isEqualTo(1);
        assertThat(counters.get(Counter.GREYLIST_PASSED, CATCH_ALL)).isEqualTo(1);
        assertThat(counters.get(Counter.GREYLIST_WHITELISTED, CATCH_ALL)).isEqualTo(1);
    }

    @Test
    void aDomainThatListsItsRecipientsIsNeverGreylisted() throws Exception {
        assertThat(rcpt("203.0.113.9", "alice@listed.test")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt("203.0.113.9", "mallory@listed.test")).isEqualTo(HookResult.DECLINED);

        assertThat(store.size()).isZero();
        assertThat(counters.total(Counter.GREYLISTED)).isZero();
    }

    @Test
    void anUnprotectedDomainIsLeftToTheRecipientCheck() throws Exception {
        assertThat(rcpt("203.0.113.9", "someone@elsewhere.test")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt("203.0.113.9", "someone@[192.0.2.1]")).isEqualTo(HookResult.DECLINED);

        assertThat(store.size()).isZero();
    }

    @Test
    void anIpv6ClientIsGreylistedByItsSlash64() throws Exception {
        assertGreylisted(rcpt("2001:db8:1:2::25", "anyone@catchall.test"), "4.7.1 Greylisted: please retry in 10 seconds");
        clock.advance(Duration.ofMinutes(1));

        assertThat(rcpt("2001:db8:1:2::26", "anyone@catchall.test")).isEqualTo(HookResult.DECLINED);
        assertGreylisted(rcpt("2001:db8:1:3::25", "anyone@catchall.test"), "4.7.1 Greylisted: please retry in 10 seconds");
    }

    @Test
    void theNullSenderIsGreylistedToo() throws Exception {
        assertGreylisted(rcpt("203.0.113.9", MaybeSender.nullSender(), "postmaster@catchall.test"),
            "4.7.1 Greylisted: please retry in 10 seconds");
        clock.advance(Duration.ofSeconds(10));

        assertThat(rcpt("203.0.113.9", MaybeSender.nullSender(), "postmaster@catchall.test")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void loopbackIsNotExempt() throws Exception {
        assertGreylisted(rcpt("127.0.0.1", "anyone@catchall.test"), "4.7.1 Greylisted: please retry in 10 seconds");
    }

    @Test
    void aStaticallyWhitelistedSenderDomainGoesThrough() throws Exception {
        GreylistSettings settings = GreylistSettings.builder().staticSenderDomains(List.of(DomainName.of("senders.test"))).build();
        hook = new GreylistHook(policies, new Greylist(store, settings, clock), counters);

        assertThat(rcpt("203.0.113.9", "anyone@catchall.test")).isEqualTo(HookResult.DECLINED);
        assertThat(counters.get(Counter.GREYLIST_WHITELISTED, CATCH_ALL)).isEqualTo(1);
    }

    @Test
    void aGreylistStoreFailureLetsTheRecipientThrough() throws Exception {
        GreylistStore broken = (GreylistStore) Proxy.newProxyInstance(GreylistStore.class.getClassLoader(),
            new Class<?>[] {GreylistStore.class}, (proxy, method, args) -> {
                throw new IllegalStateException("database down");
            });
        hook = new GreylistHook(policies, new Greylist(broken, GreylistSettings.defaults(), clock), counters);

        assertThat(rcpt("203.0.113.9", "anyone@catchall.test")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aPolicyStoreFailureIsLeftToTheRecipientCheck() throws Exception {
        PolicyStore broken = (PolicyStore) Proxy.newProxyInstance(PolicyStore.class.getClassLoader(),
            new Class<?>[] {PolicyStore.class}, (proxy, method, args) -> {
                throw new IllegalStateException("database down");
            });
        hook = new GreylistHook(broken, new Greylist(store, GreylistSettings.defaults(), clock), counters);

        assertThat(rcpt("203.0.113.9", "anyone@catchall.test")).isEqualTo(HookResult.DECLINED);
        assertThat(store.size()).isZero();
    }
}
