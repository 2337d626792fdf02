package io.cleanport.core.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.FilterAction;
import io.cleanport.core.senders.SenderListScope;

/** What every {@link ContentRuleStore} does. */
public interface ContentRuleStoreContract {
    /** The per-scope limit implementations under this contract are built with. */
    int LIMIT = 20;
    DomainName EXAMPLE = DomainName.of("example.com");
    DomainName OTHER = DomainName.of("other.example");
    SenderListScope DOMAIN = SenderListScope.domain(EXAMPLE);
    SenderListScope ALICE = SenderListScope.user(EXAMPLE, "alice");
    SenderListScope BOB = SenderListScope.user(EXAMPLE, "bob");
    ContentRule EXE = ContentRule.of(ContentRuleType.ATTACHMENT, ".exe");
    ContentRule VIAGRA = ContentRule.of(ContentRuleType.CONTENT, "viagra", Optional.of(FilterAction.DELETE),
        Optional.of("pharmacy spam"));
    ContentRule BIG = ContentRule.of(ContentRuleType.SIZE, "10485760");

    /** A store built with {@link #LIMIT} rules per scope. */
    ContentRuleStore store();

    /** A store over the same storage, reopened (new connection pool, schema migrated again). */
    ContentRuleStore reopenedStore();

    @BeforeEach
    default void emptyTheStore() {
        store().removeDomain(EXAMPLE);
        store().removeDomain(OTHER);
    }

    /** The rule as stored: the same parts, and an id. */
    private static void assertStoredAs(ContentRule stored, ContentRule rule) {
        assertThat(stored.id()).hasValueSatisfying(id -> assertThat(id).matches("[0-9A-HJKMNP-TV-Z]{10}"));
        assertThat(stored).isEqualTo(rule.withId(stored.id().orElseThrow()));
    }

    private static String id(ContentRule stored) {
        return stored.id().orElseThrow();
    }

    @Test
    default void aScopeWithoutRulesHasNone() {
        assertThat(store().list(DOMAIN)).isEmpty();
        assertThat(store().list(ALICE)).isEmpty();
        assertThat(store().rulesFor(EXAMPLE, "alice")).isEqualTo(RecipientRules.none());
    }

    @Test
    default void addGivesTheRuleAnIdAndStoresIt() {
        ContentRule stored = store().add(DOMAIN, VIAGRA);

        assertStoredAs(stored, VIAGRA);
        assertThat(store().list(DOMAIN)).containsExactly(stored);
        assertThat(store().get(DOMAIN, id(stored))).contains(stored);
    }

    @Test
    default void anIdTheRuleAlreadyHadIsNotUsed() {
        ContentRule first = store().add(DOMAIN, EXE);

        ContentRule second = store().add(ALICE, first);

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(store().get(DOMAIN, id(first))).contains(first);
        assertThat(store().get(ALICE, id(second))).contains(second);
    }

    @Test
    default void theSameRuleMayBeAddedTwiceUnderTwoIds() {
        ContentRule first = store().add(DOMAIN, EXE);
        ContentRule second = store().add(DOMAIN, EXE);

        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(store().list(DOMAIN)).containsExactly(first, second);
    }

    @Test
    default void rulesAreListedInCreationOrder() {
        List<ContentRule> added = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ContentRule rule = i % 2 == 0
                ? ContentRule.of(ContentRuleType.SENDER, "s" + (11 - i) + "@example.org")
                : ContentRule.of(ContentRuleType.CONTENT, "phrase " + (11 - i));
            added.add(store().add(DOMAIN, rule));
        }

        assertThat(store().list(DOMAIN)).containsExactlyElementsOf(added);
    }

    @Test
    default void everyTypeAndEveryPartIsStoredAsItWas() {
        List<ContentRule> rules = List.of(
            ContentRule.of(ContentRuleType.SENDER, "Bob.Smith+News@Example.ORG"),
            ContentRule.of(ContentRuleType.SENDER_DOMAIN, "bücher.example", Optional.of(FilterAction.TAG), Optional.empty()),
            ContentRule.of(ContentRuleType.ATTACHMENT, "EXE"),
            ContentRule.of(ContentRuleType.ATTACHMENT, "macro-document", Optional.of(FilterAction.QUARANTINE), Optional.empty()),
            ContentRule.of(ContentRuleType.ATTACHMENT, "image/*"),
            ContentRule.of(ContentRuleType.CONTENT, "/free\\s+(money|cash)/", Optional.empty(), Optional.of("« Ünïcode » ✓")),
            ContentRule.of(ContentRuleType.CONTENT, "/" + "x".repeat(ContentRule.MAX_REGEX_LENGTH - 2) + "/"),
            ContentRule.of(ContentRuleType.CONTENT, "p".repeat(ContentRule.MAX_PHRASE_LENGTH), Optional.empty(),
                Optional.of("d".repeat(ContentRule.MAX_DESCRIPTION_LENGTH))),
            ContentRule.of(ContentRuleType.HEADER, "X-Mailer: ^PHPMailer", Optional.of(FilterAction.DELETE), Optional.of("bulk")),
            ContentRule.of(ContentRuleType.HEADER, "H".repeat(ContentRule.MAX_HEADER_NAME_LENGTH) + ": "
                + "y".repeat(ContentRule.MAX_REGEX_LENGTH)),
            ContentRule.of(ContentRuleType.SIZE, String.valueOf(ContentRule.MAX_SIZE_BYTES)));
        List<ContentRule> stored = new ArrayList<>();
        rules.forEach(rule -> stored.add(store().add(ALICE, rule)));

        List<ContentRule> listed = store().list(ALICE);

        assertThat(listed).containsExactlyElementsOf(stored);
        for (int i = 0; i < rules.size(); i++) {
            assertStoredAs(listed.get(i), rules.get(i));
        }
        assertThat(listed.get(5).pattern()).hasValueSatisfying(pattern ->
            assertThat(pattern.matcher("Get FREE   Cash now").find()).isTrue());
    }

    @Test
    default void getFindsARuleInItsOwnScopeOnlyAndIgnoresTheCaseOfTheId() {
        ContentRule stored = store().add(ALICE, EXE);

        assertThat(store().get(ALICE, id(stored).toLowerCase(Locale.ROOT))).contains(stored);
        assertThat(store().get(DOMAIN, id(stored))).isEmpty();
        assertThat(store().get(BOB, id(stored))).isEmpty();
        assertThat(store().get(SenderListScope.user(OTHER, "alice"), id(stored))).isEmpty();
        assertThat(store().get(ALICE, "0000000000")).isEmpty();
    }

    @Test
    default void idsOfTheWrongShapeAreNotFound() {
        store().add(DOMAIN, EXE);

        for (String id : new String[] {null, "", "nope", "00000000000", "ILOU000000", "' OR 1=1 --"}) {
            assertThat(store().get(DOMAIN, id)).as(String.valueOf(id)).isEmpty();
            assertThat(store().remove(DOMAIN, id)).as(String.valueOf(id)).isFalse();
        }
        assertThat(store().list(DOMAIN)).hasSize(1);
    }

    @Test
    default void removeAnswersWhetherTheRuleWasInThatScope() {
        ContentRule exe = store().add(DOMAIN, EXE);
        ContentRule big = store().add(DOMAIN, BIG);

        assertThat(store().remove(ALICE, id(exe))).isFalse();
        assertThat(store().remove(DOMAIN, id(exe).toLowerCase(Locale.ROOT))).isTrue();
        assertThat(store().remove(DOMAIN, id(exe))).isFalse();

        assertThat(store().list(DOMAIN)).containsExactly(big);
        assertThat(store().get(DOMAIN, id(exe))).isEmpty();
    }

    @Test
    default void scopesAreSeparate() {
        ContentRule domainRule = store().add(DOMAIN, EXE);
        ContentRule aliceRule = store().add(ALICE, VIAGRA);
        ContentRule otherRule = store().add(SenderListScope.domain(OTHER), BIG);

        assertThat(store().list(DOMAIN)).containsExactly(domainRule);
        assertThat(store().list(ALICE)).containsExactly(aliceRule);
        assertThat(store().list(BOB)).isEmpty();
        assertThat(store().list(SenderListScope.domain(OTHER))).containsExactly(otherRule);
        assertThat(store().list(SenderListScope.user(OTHER, "alice"))).isEmpty();
    }

    @Test
    default void recipientLocalPartsAreCaseInsensitive() {
        ContentRule stored = store().add(SenderListScope.user(EXAMPLE, "Alice"), EXE);

        assertThat(store().list(ALICE)).containsExactly(stored);
        assertThat(store().rulesFor(EXAMPLE, "ALICE").user()).containsExactly(stored);
    }

    @Test
    default void rulesForGivesTheDomainsRulesAndTheRecipientsOwn() {
        ContentRule domainRule = store().add(DOMAIN, EXE);
        ContentRule aliceRule = store().add(ALICE, VIAGRA);
        store().add(SenderListScope.domain(OTHER), BIG);

        RecipientRules alice = store().rulesFor(EXAMPLE, "alice");
        RecipientRules carol = store().rulesFor(EXAMPLE, "carol");

        assertThat(alice.domain()).containsExactly(domainRule);
        assertThat(alice.user()).containsExactly(aliceRule);
        assertThat(alice.all()).containsExactly(aliceRule, domainRule);
        assertThat(carol).isEqualTo(new RecipientRules(List.of(domainRule), List.of()));
    }

    @Test
    default void aRecipientWithAnUnusualOrNoLocalPartGetsTheDomainsRules() {
        ContentRule domainRule = store().add(DOMAIN, EXE);

        assertThat(store().rulesFor(EXAMPLE, "\"carol smith\"")).isEqualTo(new RecipientRules(List.of(domainRule), List.of()));
        assertThat(store().rulesFor(EXAMPLE, null)).isEqualTo(new RecipientRules(List.of(domainRule), List.of()));
    }

    @Test
    default void removeDomainRemovesItsRulesAndItsUsersRulesOnly() {
        store().add(DOMAIN, EXE);
        store().add(ALICE, VIAGRA);
        store().add(ALICE, BIG);
        ContentRule otherRule = store().add(SenderListScope.domain(OTHER), EXE);

        assertThat(store().removeDomain(EXAMPLE)).isEqualTo(3);

        assertThat(store().list(DOMAIN)).isEmpty();
        assertThat(store().list(ALICE)).isEmpty();
        assertThat(store().rulesFor(EXAMPLE, "alice").isEmpty()).isTrue();
        assertThat(store().list(SenderListScope.domain(OTHER))).containsExactly(otherRule);
        assertThat(store().removeDomain(EXAMPLE)).isZero();
    }

    @Test
    default void aFullScopeRefusesMoreRules() {
        List<ContentRule> added = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            added.add(store().add(ALICE, ContentRule.of(ContentRuleType.CONTENT, "phrase " + i)));
        }

        assertThatThrownBy(() -> store().add(ALICE, EXE))
            .isInstanceOf(ContentRuleLimitException.class)
            .hasMessageContaining("alice@example.com").hasMessageContaining(String.valueOf(LIMIT))
            .satisfies(e -> assertThat(((ContentRuleLimitException) e).limit()).isEqualTo(LIMIT));
        assertThat(store().list(ALICE)).hasSize(LIMIT);
        // other scopes are not affected, and room made is room to use
        assertThat(store().add(DOMAIN, EXE).id()).isPresent();
        store().remove(ALICE, id(added.get(0)));
        assertThat(store().add(ALICE, EXE).id()).isPresent();
    }

    @Test
    default void concurrentAddsGetTheirOwnIds() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ContentRule>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<ContentRule> add = () -> {
                    start.await();
                    return store().add(DOMAIN, EXE);
                };
                results.add(pool.submit(add));
            }
            start.countDown();
            List<String> ids = new ArrayList<>();
            for (Future<ContentRule> result : results) {
                ids.add(id(result.get()));
            }

            assertThat(ids).doesNotHaveDuplicates();
            assertThat(store().list(DOMAIN)).extracting(ContentRuleStoreContract::id).containsExactlyInAnyOrderElementsOf(ids);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void rulesSurviveAReopen() {
        ContentRule domainRule = store().add(DOMAIN, EXE);
        ContentRule aliceRule = store().add(ALICE, VIAGRA);
        ContentRule aliceSize = store().add(ALICE, BIG);

        ContentRuleStore reopened = reopenedStore();

        assertThat(reopened.list(DOMAIN)).containsExactly(domainRule);
        assertThat(reopened.list(ALICE)).containsExactly(aliceRule, aliceSize);
        assertThat(reopened.get(ALICE, id(aliceRule))).contains(aliceRule);
        assertThat(reopened.rulesFor(EXAMPLE, "alice").all()).containsExactly(aliceRule, aliceSize, domainRule);
        // and new rules go after the old ones
        ContentRule later = reopened.add(ALICE, EXE);
        assertThat(reopened.list(ALICE)).containsExactly(aliceRule, aliceSize, later);
    }
}
