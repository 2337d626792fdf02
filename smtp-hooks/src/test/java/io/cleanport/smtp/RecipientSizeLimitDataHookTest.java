package io.cleanport.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;

import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.policy.UserPolicy;
import io.cleanport.core.testing.InMemoryPolicyStore;

class RecipientSizeLimitDataHookTest {
    private static final long ONE_MB = 1_048_576;

    private RecipientSizeLimitDataHook hook;

    @BeforeEach
    void setUp() {
        InMemoryPolicyStore policies = new InMemoryPolicyStore();
        DomainName small = DomainName.of("small.test");
        policies.putDomain(small, DomainPolicy.defaults().toBuilder().maxMessageSize(2 * ONE_MB).build());
        policies.putUser(small, "alice", UserPolicy.empty());
        policies.putUser(small, "tiny", UserPolicy.builder().maxMessageSize(ONE_MB).build());
        policies.putDomain(DomainName.of("large.test"), DomainPolicy.defaults().toBuilder().catchAll(true).build());
        hook = new RecipientSizeLimitDataHook(policies);
    }

    private static FakeMail mail(long size, String... recipients) throws Exception {
        return FakeMail.builder().name("mail").sender("bob@senders.test").recipients(recipients).size(size).build();
    }

    private HookResult onMessage(long size, String... recipients) throws Exception {
        return hook.onMessage(new TransactionSession(), mail(size, recipients));
    }

    @Test
    void refusesTheWholeMessageWith552_534WhenEveryRecipientsLimitIsExceeded() throws Exception {
        HookResult result = onMessage(3 * ONE_MB, "alice@small.test", "tiny@small.test");

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("552");
        assertThat(result.getSmtpDescription()).isEqualTo("5.3.4 Message too big for every recipient");
    }

    @Test
    void acceptsWhenOneRecipientTakesTheMessage() throws Exception {
        assertThat(onMessage(3 * ONE_MB / 2, "alice@small.test", "tiny@small.test")).isEqualTo(HookResult.DECLINED);
        assertThat(onMessage(3 * ONE_MB, "alice@small.test", "someone@large.test")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aMessageOfExactlyTheLimitIsWithinIt() throws Exception {
        assertThat(onMessage(ONE_MB, "tiny@small.test")).isEqualTo(HookResult.DECLINED);
        assertThat(onMessage(ONE_MB + 1, "tiny@small.test").getResult()).isEqualTo(HookReturnCode.deny());
    }

    @Test
    void aRelayRecipientHasOnlyTheGlobalLimitWhichJamesChecks() throws Exception {
        assertThat(onMessage(20 * ONE_MB, "tiny@small.test", "someone@elsewhere.test")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aStoreFailureDeclinesSinceThePipelineChecksAgain() throws Exception {
        PolicyStore broken = (PolicyStore) Proxy.newProxyInstance(PolicyStore.class.getClassLoader(),
            new Class<?>[] {PolicyStore.class}, (proxy, method, args) -> {
                throw new IllegalStateException("database down");
            });

        HookResult result = new RecipientSizeLimitDataHook(broken)
            .onMessage(new TransactionSession(), mail(20 * ONE_MB, "tiny@small.test"));

        assertThat(result).isEqualTo(HookResult.DECLINED);
    }
}
