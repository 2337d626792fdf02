package io.cleanport.core.smtp;

import static io.cleanport.core.smtp.RecipientCheck.Decision.ACCEPT_PROTECTED;
import static io.cleanport.core.smtp.RecipientCheck.Decision.RELAY_ALLOWED;
import static io.cleanport.core.smtp.RecipientCheck.Decision.RELAY_DENIED;
import static io.cleanport.core.smtp.RecipientCheck.Decision.UNKNOWN_RECIPIENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.common.net.InetAddresses;

import io.cleanport.core.policy.Cidr;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.DomainPolicy;
import io.cleanport.core.policy.UserPolicy;
import io.cleanport.core.testing.InMemoryPolicyStore;

class RecipientCheckTest {
    private static final InetAddress OUTSIDER = InetAddresses.forString("203.0.113.9");
    private static final InetAddress CUSTOMER_SERVER = InetAddresses.forString("192.0.2.25");
    private static final InetAddress CUSTOMER_SERVER_V6 = InetAddresses.forString("2001:db8::25");

    private static final Optional<String> FROM_LISTED = Optional.of("listed.example");
    private static final Optional<String> NULL_SENDER = Optional.empty();

    private final InMemoryPolicyStore store = new InMemoryPolicyStore();
    private final RecipientCheck check = new RecipientCheck(store);

    @BeforeEach
    void policies() {
        store.putDomain(DomainName.of("listed.example"), DomainPolicy.builder()
            .relayNetworks(List.of(Cidr.parse("192.0.2.0/24"), Cidr.parse("2001:db8::/32"))).build());
        store.putUser(DomainName.of("listed.example"), "alice", UserPolicy.empty());
        store.putDomain(DomainName.of("catchall.example"), DomainPolicy.builder().catchAll(true).build());
    }

    @Test
    void knownUserOfAProtectedDomainIsAccepted() {
        assertThat(check.check(OUTSIDER, FROM_LISTED, "alice", "listed.example")).isEqualTo(ACCEPT_PROTECTED);
    }

    @Test
    void comparisonIgnoresCase() {
        assertThat(check.check(OUTSIDER, FROM_LISTED, "ALICE", "Listed.EXAMPLE")).isEqualTo(ACCEPT_PROTECTED);
    }

    @Test
    void unknownUserOfANonCatchAllDomainIsRefused() {
        assertThat(check.check(OUTSIDER, FROM_LISTED, "bob", "listed.example")).isEqualTo(UNKNOWN_RECIPIENT);
        assertThat(check.check(CUSTOMER_SERVER, FROM_LISTED, "bob", "listed.example")).isEqualTo(UNKNOWN_RECIPIENT);
    }

    @Test
    void localPartThatCannotBeAUserIsUnknown() {
        assertThat(check.check(OUTSIDER, FROM_LISTED, "\"al ice\"", "listed.example")).isEqualTo(UNKNOWN_RECIPIENT);
    }

    @Test
    void anyUserOfACatchAllDomainIsAccepted() {
        assertThat(check.check(OUTSIDER, FROM_LISTED, "anyone", "catchall.example")).isEqualTo(ACCEPT_PROTECTED);
        assertThat(check.check(OUTSIDER, FROM_LISTED, "\"odd one\"", "CatchAll.Example")).isEqualTo(ACCEPT_PROTECTED);
    }

    @Test
    void otherDomainsAreRelayedOnlyForCustomerNetworks() {
        assertThat(check.check(CUSTOMER_SERVER, FROM_LISTED, "someone", "gmail.example")).isEqualTo(RELAY_ALLOWED);
        assertThat(check.check(CUSTOMER_SERVER_V6, FROM_LISTED, "someone", "gmail.example")).isEqualTo(RELAY_ALLOWED);
        assertThat(check.check(OUTSIDER, FROM_LISTED, "someone", "gmail.example")).isEqualTo(RELAY_DENIED);
    }

    @Test
    void aCustomerNetworkRelaysOnlyWithItsOwnDomainsAddresses() {
        assertThat(check.check(CUSTOMER_SERVER, Optional.of("Sales.Listed.example"), "someone", "gmail.example"))
            .isEqualTo(RELAY_ALLOWED);
        assertThat(check.check(CUSTOMER_SERVER, Optional.of("catchall.example"), "someone", "gmail.example"))
            .isEqualTo(RELAY_DENIED);
        assertThat(check.check(CUSTOMER_SERVER, Optional.of("gmail.example"), "someone", "gmail.example"))
            .isEqualTo(RELAY_DENIED);
        assertThat(check.check(CUSTOMER_SERVER, Optional.of("notlisted.example"), "someone", "other.example"))
            .isEqualTo(RELAY_DENIED);
        assertThat(check.check(CUSTOMER_SERVER, Optional.of("bad_domain"), "someone", "gmail.example"))
            .isEqualTo(RELAY_DENIED);
    }

    @Test
    void theNullSenderMayRelayFromACustomerNetworkOnly() {
        assertThat(check.check(CUSTOMER_SERVER, NULL_SENDER, "someone", "gmail.example")).isEqualTo(RELAY_ALLOWED);
        assertThat(check.check(OUTSIDER, NULL_SENDER, "someone", "gmail.example")).isEqualTo(RELAY_DENIED);
    }

    @Test
    void invalidDomainIsNotProtected() {
        assertThat(check.check(OUTSIDER, FROM_LISTED, "alice", "[192.0.2.1]")).isEqualTo(RELAY_DENIED);
        assertThat(check.check(CUSTOMER_SERVER, FROM_LISTED, "alice", "bad_domain")).isEqualTo(RELAY_ALLOWED);
    }

    @Test
    void noPoliciesMeansNoRelay() {
        InMemoryPolicyStore empty = new InMemoryPolicyStore();

        assertThat(new RecipientCheck(empty).check(CUSTOMER_SERVER, FROM_LISTED, "a", "listed.example")).isEqualTo(RELAY_DENIED);
    }

    @Test
    void decisionsSayWhetherTheRecipientIsAccepted() {
        assertThat(ACCEPT_PROTECTED.accepted()).isTrue();
        assertThat(RELAY_ALLOWED.accepted()).isTrue();
        assertThat(UNKNOWN_RECIPIENT.accepted()).isFalse();
        assertThat(RELAY_DENIED.accepted()).isFalse();
    }
}
