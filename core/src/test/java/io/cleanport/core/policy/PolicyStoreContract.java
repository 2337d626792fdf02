package io.cleanport.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link PolicyStore} does. */
public interface PolicyStoreContract {
    DomainName EXAMPLE = DomainName.of("example.com");
    DomainName OTHER = DomainName.of("other.example");

    PolicyStore store();

    /** A store over the same storage, reopened (new database connection pool, schema migrated again). */
    PolicyStore reopenedStore();

    static DomainPolicy fullPolicy() {
        return DomainPolicy.builder()
            .downstream(List.of(Downstream.of("mail.example.com", 25), Downstream.of("192.0.2.10", 2525)))
            .catchAll(true)
            .spamLevel(5)
            .actions(Actions.of(VirusAction.DELETE, FilterAction.TAG, FilterAction.DELETE))
            .maxMessageSize(1_000_000)
            .quarantineDays(QuarantineDays.of(7, 60, 90))
            .notifications(Notifications.of(false, Optional.of("ict@example.com")))
            .relayNetworks(List.of(Cidr.parse("192.0.2.0/24"), Cidr.parse("2001:db8::/32")))
            .build();
    }

    @BeforeEach
    default void emptyTheStore() {
        PolicyStore store = store();
        store.domains().forEach(store::deleteDomain);
    }

    @Test
    default void unknownDomainIsAbsent() {
        assertThat(store().domain(EXAMPLE)).isEmpty();
        assertThat(store().domains()).isEmpty();
    }

    @Test
    default void putDomainCreates() {
        store().putDomain(EXAMPLE, fullPolicy());

        assertThat(store().domain(EXAMPLE)).contains(fullPolicy());
    }

    @Test
    default void defaultPolicyRoundTrips() {
        store().putDomain(EXAMPLE, DomainPolicy.defaults());

        assertThat(store().domain(EXAMPLE)).contains(DomainPolicy.defaults());
    }

    @Test
    default void putDomainReplaces() {
        store().putDomain(EXAMPLE, fullPolicy());
        store().putDomain(EXAMPLE, DomainPolicy.defaults());

        assertThat(store().domain(EXAMPLE)).contains(DomainPolicy.defaults());
        assertThat(store().domains()).containsExactly(EXAMPLE);
    }

    @Test
    default void domainsAreSortedByName() {
        for (String name : List.of("zulu.example", "ab.example", "a-b.example", "alpha.example")) {
            store().putDomain(DomainName.of(name), DomainPolicy.defaults());
        }

        assertThat(store().domains()).extracting(DomainName::name)
            .containsExactly("a-b.example", "ab.example", "alpha.example", "zulu.example");
    }

    @Test
    default void deleteDomainRemovesItAndItsUsers() {
        store().putDomain(EXAMPLE, DomainPolicy.defaults());
        store().putUser(EXAMPLE, "alice", UserPolicy.empty());
        store().putDomain(OTHER, DomainPolicy.defaults());
        store().putUser(OTHER, "alice", UserPolicy.empty());

        assertThat(store().deleteDomain(EXAMPLE)).isTrue();

        assertThat(store().domain(EXAMPLE)).isEmpty();
        assertThat(store().user(EXAMPLE, "alice")).isEmpty();
        assertThat(store().domains()).containsExactly(OTHER);
        assertThat(store().user(OTHER, "alice")).isPresent();
        store().putDomain(EXAMPLE, DomainPolicy.defaults());
        assertThat(store().users(EXAMPLE)).isEmpty();
    }

    @Test
    default void deleteUnknownDomainAnswersFalse() {
        assertThat(store().deleteDomain(EXAMPLE)).isFalse();
    }

    @Test
    default void putUserOnUnknownDomainThrows() {
        assertThatThrownBy(() -> store().putUser(EXAMPLE, "alice", UserPolicy.empty()))
            .isInstanceOf(UnknownDomainException.class)
            .hasMessageContaining("example.com");
        assertThat(store().user(EXAMPLE, "alice")).isEmpty();
    }

    @Test
    default void putUserCreatesAndReplaces() {
        store().putDomain(EXAMPLE, DomainPolicy.defaults());
        UserPolicy overrides = UserPolicy.builder().spamLevel(1).spamAction(FilterAction.TAG).build();

        store().putUser(EXAMPLE, "alice", overrides);
        assertThat(store().user(EXAMPLE, "alice")).contains(overrides);

        store().putUser(EXAMPLE, "alice", UserPolicy.empty());
        assertThat(store().user(EXAMPLE, "alice")).contains(UserPolicy.empty());
    }

    @Test
    default void everyUserOverrideRoundTrips() {
        store().putDomain(EXAMPLE, DomainPolicy.defaults());
        UserPolicy overrides = UserPolicy.builder().spamLevel(2).virusAction(VirusAction.DELETE)
            .spamAction(FilterAction.DELETE).contentAction(FilterAction.TAG).maxMessageSize(1024)
            .virusToRecipient(false).build();

        store().putUser(EXAMPLE, "alice", overrides);

        assertThat(store().user(EXAMPLE, "alice")).contains(overrides);
    }

    @Test
    default void usersAreListedSortedByLocalPart() {
        store().putDomain(EXAMPLE, DomainPolicy.defaults());
        store().putDomain(OTHER, DomainPolicy.defaults());
        store().putUser(EXAMPLE, "zoe", UserPolicy.empty());
        store().putUser(EXAMPLE, "alice", UserPolicy.builder().spamLevel(4).build());
        store().putUser(EXAMPLE, "a.b", UserPolicy.empty());
        store().putUser(OTHER, "bob", UserPolicy.empty());

        assertThat(store().users(EXAMPLE)).containsOnlyKeys("a.b", "alice", "zoe");
        assertThat(store().users(EXAMPLE).keySet()).containsExactly("a.b", "alice", "zoe");
        assertThat(store().users(EXAMPLE).get("alice")).isEqualTo(UserPolicy.builder().spamLevel(4).build());
        assertThat(store().users(DomainName.of("unknown.example"))).isEmpty();
    }

    @Test
    default void deleteUser() {
        store().putDomain(EXAMPLE, DomainPolicy.defaults());
        store().putUser(EXAMPLE, "alice", UserPolicy.empty());

        assertThat(store().deleteUser(EXAMPLE, "alice")).isTrue();
        assertThat(store().deleteUser(EXAMPLE, "alice")).isFalse();
        assertThat(store().user(EXAMPLE, "alice")).isEmpty();
        assertThat(store().domain(EXAMPLE)).isPresent();
    }

    @Test
    default void localPartsAndDomainsAreCaseInsensitive() {
        store().putDomain(DomainName.of("Example.COM"), DomainPolicy.defaults());
        store().putUser(DomainName.of("EXAMPLE.com"), "John.Doe", UserPolicy.builder().spamLevel(2).build());

        assertThat(store().domain(EXAMPLE)).isPresent();
        assertThat(store().user(EXAMPLE, "JOHN.DOE")).contains(UserPolicy.builder().spamLevel(2).build());
        assertThat(store().users(EXAMPLE)).containsOnlyKeys("john.doe");
        assertThat(store().domains()).extracting(DomainName::name).containsExactly("example.com");
        assertThat(store().deleteUser(EXAMPLE, "john.DOE")).isTrue();
    }

    @Test
    default void invalidLocalPartIsRefused() {
        store().putDomain(EXAMPLE, DomainPolicy.defaults());

        assertThatThrownBy(() -> store().putUser(EXAMPLE, "not valid", UserPolicy.empty()))
            .isInstanceOf(PolicyValidationException.class)
            .hasMessageContaining("localPart");
    }

    @Test
    default void effectivePolicyOfUnknownDomainIsAbsent() {
        assertThat(store().effectivePolicy(EXAMPLE, "alice")).isEmpty();
    }

    @Test
    default void effectivePolicyWithoutUserIsTheDomainPolicy() {
        store().putDomain(EXAMPLE, fullPolicy());

        EffectivePolicy effective = store().effectivePolicy(EXAMPLE, "alice").orElseThrow();

        assertThat(effective.userPolicy()).isEmpty();
        assertThat(effective.spamLevel()).isEqualTo(5);
        assertThat(effective.actions()).isEqualTo(fullPolicy().actions());
        assertThat(effective.maxMessageSize()).isEqualTo(1_000_000);
        assertThat(effective.virusToRecipient()).isFalse();
        assertThat(effective.asDomainPolicy()).isEqualTo(fullPolicy());
    }

    @Test
    default void effectivePolicyMergesUserOverrides() {
        store().putDomain(EXAMPLE, fullPolicy());
        store().putUser(EXAMPLE, "Alice", UserPolicy.builder().spamLevel(1).contentAction(FilterAction.QUARANTINE)
            .maxMessageSize(5000).virusToRecipient(true).build());

        EffectivePolicy effective = store().effectivePolicy(EXAMPLE, "alice").orElseThrow();

        assertThat(effective.spamLevel()).isEqualTo(1);
        assertThat(effective.actions()).isEqualTo(Actions.of(VirusAction.DELETE, FilterAction.TAG, FilterAction.QUARANTINE));
        assertThat(effective.maxMessageSize()).isEqualTo(5000);
        assertThat(effective.virusToRecipient()).isTrue();
        assertThat(effective.ictAddress()).contains("ict@example.com");
        assertThat(effective.downstream()).isEqualTo(fullPolicy().downstream());
        assertThat(effective.catchAll()).isTrue();
        assertThat(effective.quarantineDays()).isEqualTo(QuarantineDays.of(7, 60, 90));
    }

    @Test
    default void relayNetworksOfAllDomains() {
        store().putDomain(EXAMPLE, DomainPolicy.builder().relayNetworks(List.of(Cidr.parse("192.0.2.0/24"))).build());
        store().putDomain(OTHER, DomainPolicy.builder()
            .relayNetworks(List.of(Cidr.parse("198.51.100.7/32"), Cidr.parse("2001:db8::/48"))).build());
        store().putDomain(DomainName.of("none.example"), DomainPolicy.defaults());

        assertThat(store().relayNetworks()).containsExactlyInAnyOrder(
            Cidr.parse("192.0.2.0/24"), Cidr.parse("198.51.100.7/32"), Cidr.parse("2001:db8::/48"));
    }

    @Test
    default void relayNetworksFollowChanges() {
        store().putDomain(EXAMPLE, DomainPolicy.builder().relayNetworks(List.of(Cidr.parse("192.0.2.0/24"))).build());
        assertThat(store().relayNetworks()).containsExactly(Cidr.parse("192.0.2.0/24"));

        store().putDomain(EXAMPLE, DomainPolicy.defaults());
        assertThat(store().relayNetworks()).isEmpty();

        store().putDomain(OTHER, DomainPolicy.builder().relayNetworks(List.of(Cidr.parse("203.0.113.0/24"))).build());
        store().deleteDomain(OTHER);
        assertThat(store().relayNetworks()).isEmpty();
    }

    @Test
    default void dataSurvivesReopening() {
        store().putDomain(EXAMPLE, fullPolicy());
        store().putUser(EXAMPLE, "alice", UserPolicy.builder().spamLevel(2).build());

        assertThat(reopenedStore().domain(EXAMPLE)).contains(fullPolicy());
        PolicyStore reopenedTwice = reopenedStore();

        assertThat(reopenedTwice.domain(EXAMPLE)).contains(fullPolicy());
        assertThat(reopenedTwice.user(EXAMPLE, "alice")).contains(UserPolicy.builder().spamLevel(2).build());
        assertThat(reopenedTwice.relayNetworks()).containsExactlyElementsOf(fullPolicy().relayNetworks());
    }
}
