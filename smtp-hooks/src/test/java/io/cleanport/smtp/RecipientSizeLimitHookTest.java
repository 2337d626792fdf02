package io.cleanport.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.core.esmtp.MailSizeEsmtpExtension;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.PolicyStore;
import io.cleanport.core.policy.UserPolicy;
import io.cleanport.core.testing.InMemoryPolicyStore;

class RecipientSizeLimitHookTest {
    private static final long ONE_MB = 1_048_576;

    private InMemoryPolicyStore policies;
    private RecipientSizeLimitHook hook;
    private TransactionSession session;

    @BeforeEach
    void setUp() {
        policies = new InMemoryPolicyStore();
        DomainName small = DomainName.of("small.test");
        policies.putDomain(small, DomainPolicy.defaults().toBuilder().maxMessageSize(2 * ONE_MB).build());
        policies.putUser(small, "alice", UserPolicy.empty());
        policies.putUser(small, "tiny", UserPolicy.builder().maxMessageSize(ONE_MB).build());
        policies.putUser(small, "big", UserPolicy.builder().maxMessageSize(10 * ONE_MB).build());
        policies.putDomain(DomainName.of("catchall.test"), DomainPolicy.defaults().toBuilder()
            .catchAll(true).maxMessageSize(ONE_MB).build());
        hook = new RecipientSizeLimitHook(policies);
        session = new TransactionSession();
    }

    /** Declares SIZE through James's own SIZE extension, as MAIL FROM does. */
    private void declareSize(long size) {
        assertThat(new MailSizeEsmtpExtension().doMailParameter(session, "SIZE", String.valueOf(size))).isNull();
    }

    private HookResult rcpt(String recipient) throws Exception {
        return hook.doRcpt(session, MaybeSender.of(new MailAddress("bob@senders.test")), new MailAddress(recipient));
    }

    @Test
    void readsTheSizeThatJamesSizeExtensionStored() {
        declareSize(1234);

        assertThat(session.getAttachment(RecipientSizeLimitHook.DECLARED_SIZE, TransactionSession.State.Transaction)).contains(1234);
    }

    @Test
    void refusesARecipientWhoseLimitIsBelowTheDeclaredSizeWith552_534NamingTheLimit() throws Exception {
        declareSize(3 * ONE_MB);

        HookResult result = rcpt("alice@small.test");

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("552");
        assertThat(result.getSmtpDescription())
            .isEqualTo("5.3.4 Message too big for <alice@small.test>: its limit is 2097152 bytes");
    }

    @Test
    void declinesARecipientWithinItsLimitSoTheNextHookDecides() throws Exception {
        declareSize(2 * ONE_MB);

        assertThat(rcpt("alice@small.test")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aUsersOwnLimitReplacesItsDomains() throws Exception {
        declareSize(3 * ONE_MB / 2);

        assertThat(rcpt("tiny@small.test").getSmtpDescription()).startsWith("5.3.4").endsWith("its limit is 1048576 bytes");
        assertThat(rcpt("alice@small.test")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aUserMayAcceptMoreThanItsDomain() throws Exception {
        declareSize(5 * ONE_MB);

        assertThat(rcpt("big@small.test")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt("alice@small.test").getResult()).isEqualTo(HookReturnCode.deny());
    }

    @Test
    void anUnlistedRecipientOfACatchAllDomainHasTheDomainsLimit() throws Exception {
        declareSize(ONE_MB + 1);

        assertThat(rcpt("\"quoted local\"@catchall.test").getSmtpRetCode()).isEqualTo("552");
        assertThat(rcpt("anyone@catchall.test").getSmtpRetCode()).isEqualTo("552");
    }

    @Test
    void anUnknownRecipientIsLeftToProtectedRecipientHookToRefuseAsUnknown() throws Exception {
        declareSize(20 * ONE_MB);

        assertThat(rcpt("nobody@small.test")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void withoutADeclaredSizeEveryRecipientIsLeftToTheNextHooks() throws Exception {
        assertThat(rcpt("tiny@small.test")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aRelayRecipientHasOnlyTheGlobalLimitWhichJamesChecks() throws Exception {
        declareSize(20 * ONE_MB);

        assertThat(rcpt("someone@elsewhere.test")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aStoreFailureDeclinesSinceThePipelineChecksAgain() throws Exception {
        PolicyStore broken = (PolicyStore) Proxy.newProxyInstance(PolicyStore.class.getClassLoader(),
            new Class<?>[] {PolicyStore.class}, (proxy, method, args) -> {
                throw new IllegalStateException("database down");
            });
        declareSize(20 * ONE_MB);

        HookResult result = new RecipientSizeLimitHook(broken).doRcpt(session,
            MaybeSender.of(new MailAddress("bob@senders.test")), new MailAddress("alice@small.test"));

        assertThat(result).isEqualTo(HookResult.DECLINED);
    }
}
