package io.cleanport.core.senders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.senders.SenderListVerdict.Decision;

/** What every {@link SenderListStore} does, its precedence rule included. */
public interface SenderListStoreContract {
    /** The per-scope limit implementations under this contract are built with. */
    int LIMIT = 20;
    DomainName EXAMPLE = DomainName.of("example.com");
    DomainName OTHER = DomainName.of("other.example");
    SenderListScope DOMAIN = SenderListScope.domain(EXAMPLE);
    SenderListScope ALICE = SenderListScope.user(EXAMPLE, "alice");
    SenderListScope BOB = SenderListScope.user(EXAMPLE, "bob");
    SenderPattern BOB_AT_ORG = SenderPattern.parse("bob@example.org");
    SenderPattern EVE_AT_ORG = SenderPattern.parse("eve@example.org");
    SenderPattern ORG = SenderPattern.parse("@example.org");
    SenderPattern SPAM_ORG = SenderPattern.parse("@spam.example.org");

    /** A store built with {@link #LIMIT} entries per scope. */
    SenderListStore store();

    /** A store over the same storage, reopened (new connection pool, schema migrated again). */
    SenderListStore reopenedStore();

    @BeforeEach
    default void emptyTheStore() {
        store().removeDomain(EXAMPLE);
        store().removeDomain(OTHER);
    }

    private SenderListVerdict classify(String local, String sender) {
        return store().classify(EXAMPLE, local, sender);
    }

    // --- lists

    @Test
    default void aScopeWithoutEntriesHasEmptyLists() {
        SenderLists lists = store().list(DOMAIN);

        assertThat(lists.allow()).isEmpty();
        assertThat(lists.block()).isEmpty();
        assertThat(lists.isEmpty()).isTrue();
    }

    @Test
    default void listsAreSorted() {
        for (String pattern : List.of("zed@example.org", "@example.net", "amy@example.org", "@a.example.org")) {
            store().add(DOMAIN, ListKind.ALLOW, SenderPattern.parse(pattern));
        }
        store().add(DOMAIN, ListKind.BLOCK, SPAM_ORG);
        store().add(DOMAIN, ListKind.BLOCK, EVE_AT_ORG);

        SenderLists lists = store().list(DOMAIN);

        assertThat(lists.allow()).extracting(SenderPattern::value)
            .containsExactly("@a.example.org", "@example.net", "amy@example.org", "zed@example.org");
        assertThat(lists.block()).containsExactly(SPAM_ORG, EVE_AT_ORG);
    }

    @Test
    default void addingTwiceIsIdempotent() {
        assertThat(store().add(DOMAIN, ListKind.ALLOW, BOB_AT_ORG)).isTrue();
        assertThat(store().add(DOMAIN, ListKind.ALLOW, SenderPattern.parse("Bob@Example.ORG"))).isFalse();

        assertThat(store().list(DOMAIN).allow()).containsExactly(BOB_AT_ORG);
    }

    @Test
    default void addingToTheOtherListMovesTheEntry() {
        store().add(DOMAIN, ListKind.BLOCK, BOB_AT_ORG);

        assertThat(store().add(DOMAIN, ListKind.ALLOW, BOB_AT_ORG)).isTrue();

        assertThat(store().list(DOMAIN).allow()).containsExactly(BOB_AT_ORG);
        assertThat(store().list(DOMAIN).block()).isEmpty();
    }

    @Test
    default void removeAnswersWhetherTheEntryWasOnThatList() {
        store().add(DOMAIN, ListKind.BLOCK, BOB_AT_ORG);

        assertThat(store().remove(DOMAIN, ListKind.ALLOW, BOB_AT_ORG)).isFalse();
        assertThat(store().list(DOMAIN).block()).containsExactly(BOB_AT_ORG);

        assertThat(store().remove(DOMAIN, ListKind.BLOCK, BOB_AT_ORG)).isTrue();
        assertThat(store().remove(DOMAIN, ListKind.BLOCK, BOB_AT_ORG)).isFalse();
        assertThat(store().list(DOMAIN).isEmpty()).isTrue();
    }

    @Test
    default void scopesAreSeparate() {
        store().add(DOMAIN, ListKind.ALLOW, ORG);
        store().add(ALICE, ListKind.BLOCK, ORG);
        store().add(SenderListScope.domain(OTHER), ListKind.BLOCK, BOB_AT_ORG);

        assertThat(store().list(DOMAIN).allow()).containsExactly(ORG);
        assertThat(store().list(DOMAIN).block()).isEmpty();
        assertThat(store().list(ALICE).block()).containsExactly(ORG);
        assertThat(store().list(ALICE).allow()).isEmpty();
        assertThat(store().list(BOB).isEmpty()).isTrue();
        assertThat(store().list(SenderListScope.domain(OTHER)).block()).containsExactly(BOB_AT_ORG);
        assertThat(store().list(SenderListScope.user(OTHER, "alice")).isEmpty()).isTrue();
    }

    @Test
    default void recipientLocalPartsAreCaseInsensitive() {
        store().add(SenderListScope.user(EXAMPLE, "Alice"), ListKind.ALLOW, ORG);

        assertThat(store().list(ALICE).allow()).containsExactly(ORG);
        assertThat(store().classify(EXAMPLE, "ALICE", "bob@example.org").isAllowed()).isTrue();
    }

    @Test
    default void removeDomainRemovesItsListsAndItsUsersListsOnly() {
        store().add(DOMAIN, ListKind.ALLOW, ORG);
        store().add(ALICE, ListKind.BLOCK, BOB_AT_ORG);
        store().add(ALICE, ListKind.ALLOW, EVE_AT_ORG);
        store().add(SenderListScope.domain(OTHER), ListKind.BLOCK, ORG);

        assertThat(store().removeDomain(EXAMPLE)).isEqualTo(3);

        assertThat(store().list(DOMAIN).isEmpty()).isTrue();
        assertThat(store().list(ALICE).isEmpty()).isTrue();
        assertThat(store().classify(EXAMPLE, "alice", "bob@example.org").decision()).isEqualTo(Decision.NONE);
        assertThat(store().list(SenderListScope.domain(OTHER)).block()).containsExactly(ORG);
        assertThat(store().removeDomain(EXAMPLE)).isZero();
    }

    @Test
    default void aFullScopeRefusesNewPatternsOnly() {
        for (int i = 0; i < LIMIT; i++) {
            store().add(ALICE, i % 2 == 0 ? ListKind.ALLOW : ListKind.BLOCK, SenderPattern.parse("s" + i + "@example.org"));
        }

        assertThatThrownBy(() -> store().add(ALICE, ListKind.ALLOW, ORG))
            .isInstanceOf(SenderListFullException.class)
            .hasMessageContaining("alice@example.com").hasMessageContaining(String.valueOf(LIMIT));
        assertThat(store().list(ALICE).size()).isEqualTo(LIMIT);
        // what is already there may be re-added or moved; other scopes are not affected
        assertThat(store().add(ALICE, ListKind.ALLOW, SenderPattern.parse("s0@example.org"))).isFalse();
        assertThat(store().add(ALICE, ListKind.ALLOW, SenderPattern.parse("s1@example.org"))).isTrue();
        assertThat(store().add(DOMAIN, ListKind.ALLOW, ORG)).isTrue();
        // and room made is room to use
        store().remove(ALICE, ListKind.ALLOW, SenderPattern.parse("s0@example.org"));
        assertThat(store().add(ALICE, ListKind.BLOCK, ORG)).isTrue();
    }

    @Test
    default void concurrentAddsOfTheSameEntryLeaveOneEntry() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Boolean>> adds = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                adds.add(() -> {
                    start.await();
                    return store().add(DOMAIN, ListKind.BLOCK, SPAM_ORG);
                });
            }
            List<Future<Boolean>> results = new ArrayList<>();
            for (Callable<Boolean> add : adds) {
                results.add(pool.submit(add));
            }
            start.countDown();
            int changed = 0;
            for (Future<Boolean> result : results) {
                changed += result.get() ? 1 : 0;
            }

            assertThat(changed).isGreaterThanOrEqualTo(1);
            assertThat(store().list(DOMAIN).block()).containsExactly(SPAM_ORG);
            assertThat(store().list(DOMAIN).size()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void entriesSurviveAReopen() {
        store().add(DOMAIN, ListKind.ALLOW, ORG);
        store().add(ALICE, ListKind.BLOCK, BOB_AT_ORG);

        SenderListStore reopened = reopenedStore();

        assertThat(reopened.list(DOMAIN).allow()).containsExactly(ORG);
        assertThat(reopened.list(ALICE).block()).containsExactly(BOB_AT_ORG);
        assertThat(reopened.classify(EXAMPLE, "alice", "bob@example.org").isBlocked()).isTrue();
    }

    // --- classify: the precedence rule (SenderListPrecedence)

    @Test
    default void noEntryMeansNone() {
        store().add(DOMAIN, ListKind.ALLOW, SenderPattern.parse("@example.net"));

        SenderListVerdict verdict = classify("alice", "bob@example.org");

        assertThat(verdict).isEqualTo(SenderListVerdict.none());
        assertThat(verdict.entry()).isEmpty();
        assertThat(verdict.scope()).isEmpty();
    }

    @Test
    default void aVerdictSaysWhichEntryOfWhichScopeDecided() {
        store().add(DOMAIN, ListKind.BLOCK, ORG);

        SenderListVerdict verdict = classify("alice", "bob@example.org");

        assertThat(verdict.decision()).isEqualTo(Decision.BLOCKED);
        assertThat(verdict.entry()).contains(ORG);
        assertThat(verdict.scope()).contains(DOMAIN);
        assertThat(verdict).hasToString("blocked by @example.org on the block list of example.com");
    }

    @Test
    default void aDomainEntryCoversItsSubdomainsButNotLookalikes() {
        store().add(DOMAIN, ListKind.ALLOW, ORG);

        assertThat(classify("alice", "bob@example.org").isAllowed()).isTrue();
        assertThat(classify("alice", "bob@mail.eu.example.org").isAllowed()).isTrue();
        assertThat(classify("alice", "bob@badexample.org").decision()).isEqualTo(Decision.NONE);
        assertThat(classify("alice", "bob@example.org.evil.test").decision()).isEqualTo(Decision.NONE);
    }

    @Test
    default void anAddressEntryCoversThatAddressOnly() {
        store().add(DOMAIN, ListKind.BLOCK, BOB_AT_ORG);

        assertThat(classify("alice", "bob@example.org").isBlocked()).isTrue();
        assertThat(classify("alice", "bob@mail.example.org").decision()).isEqualTo(Decision.NONE);
        assertThat(classify("alice", "bobby@example.org").decision()).isEqualTo(Decision.NONE);
    }

    @Test
    default void withinAScopeAnAddressBeatsItsDomain() {
        store().add(DOMAIN, ListKind.BLOCK, ORG);
        store().add(DOMAIN, ListKind.ALLOW, BOB_AT_ORG);

        assertThat(classify("alice", "bob@example.org")).isEqualTo(SenderListVerdict.matched(DOMAIN,
            new SenderListEntry(ListKind.ALLOW, BOB_AT_ORG)));
        assertThat(classify("alice", "eve@example.org").isBlocked()).isTrue();
    }

    @Test
    default void withinAScopeALongerDomainBeatsAShorterOne() {
        store().add(DOMAIN, ListKind.ALLOW, ORG);
        store().add(DOMAIN, ListKind.BLOCK, SPAM_ORG);

        assertThat(classify("alice", "x@spam.example.org").entry()).contains(SPAM_ORG);
        assertThat(classify("alice", "x@spam.example.org").isBlocked()).isTrue();
        assertThat(classify("alice", "x@eu.spam.example.org").isBlocked()).isTrue();
        assertThat(classify("alice", "x@ham.example.org").isAllowed()).isTrue();
    }

    @Test
    default void theRecipientsListsComeBeforeTheDomainsEvenWhenLessSpecific() {
        store().add(DOMAIN, ListKind.BLOCK, BOB_AT_ORG);
        store().add(ALICE, ListKind.ALLOW, ORG);

        assertThat(classify("alice", "bob@example.org"))
            .isEqualTo(SenderListVerdict.matched(ALICE, new SenderListEntry(ListKind.ALLOW, ORG)));
        assertThat(classify("bob", "bob@example.org"))
            .isEqualTo(SenderListVerdict.matched(DOMAIN, new SenderListEntry(ListKind.BLOCK, BOB_AT_ORG)));
    }

    @Test
    default void aRecipientMayBlockWhatItsDomainAllows() {
        store().add(DOMAIN, ListKind.ALLOW, ORG);
        store().add(ALICE, ListKind.BLOCK, EVE_AT_ORG);

        assertThat(classify("alice", "eve@example.org").isBlocked()).isTrue();
        assertThat(classify("alice", "bob@example.org").isAllowed()).isTrue();
        assertThat(classify("bob", "eve@example.org").isAllowed()).isTrue();
    }

    @Test
    default void theDomainsListsApplyToRecipientsWithoutListsAndToUnusualLocalParts() {
        store().add(DOMAIN, ListKind.BLOCK, ORG);

        assertThat(classify("carol", "bob@example.org").scope()).contains(DOMAIN);
        assertThat(classify("\"carol smith\"", "bob@example.org").isBlocked()).isTrue();
        assertThat(classify(null, "bob@example.org").isBlocked()).isTrue();
    }

    @Test
    default void sendersAreReadLeniently() {
        store().add(DOMAIN, ListKind.BLOCK, BOB_AT_ORG);

        for (String sender : List.of("BOB@Example.ORG", "<bob@example.org>", " <bob@example.org> ",
            "Bob Example <bob@example.org>", "prvs=0123abcd=bob@example.org", "bob@example.org.")) {
            assertThat(classify("alice", sender).isBlocked()).as(sender).isTrue();
        }
    }

    @Test
    default void theNullSenderAndNonAddressesAreOnNoList() {
        store().add(DOMAIN, ListKind.BLOCK, ORG);

        for (String sender : new String[] {null, "", "<>", "postmaster", "@example.org", "bob@", "<bob@exa\u0000mple>"}) {
            assertThat(classify("alice", sender).decision()).as(String.valueOf(sender)).isEqualTo(Decision.NONE);
        }
    }

    @Test
    default void internationalisedSenderDomainsMatchTheirAsciiForm() {
        store().add(DOMAIN, ListKind.ALLOW, SenderPattern.parse("@bücher.example"));

        assertThat(store().list(DOMAIN).allow()).extracting(SenderPattern::value).containsExactly("@xn--bcher-kva.example");
        assertThat(classify("alice", "anna@Bücher.example").isAllowed()).isTrue();
        assertThat(classify("alice", "anna@xn--bcher-kva.example").isAllowed()).isTrue();
    }
}
