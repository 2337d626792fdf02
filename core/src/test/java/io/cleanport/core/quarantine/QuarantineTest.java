package io.cleanport.core.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cleanport.core.message.CleanPortId;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.senders.InMemorySenderListStore;
import io.cleanport.core.senders.ListKind;
import io.cleanport.core.senders.SenderListFullException;
import io.cleanport.core.senders.SenderListScope;
import io.cleanport.core.senders.SenderPattern;
import io.cleanport.core.stats.Counter;
import io.cleanport.core.testing.InMemoryCounters;
import io.cleanport.core.testing.InMemoryQuarantineStorage;
import io.cleanport.core.testing.MutableClock;
import io.cleanport.core.testing.RecordingReleaseDelivery;
import io.cleanport.core.verdict.RuleHit;
import io.cleanport.core.verdict.Verdict;

class QuarantineTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final DomainName EXAMPLE = DomainName.of("example.com");
    private static final Session SESSION = Session.getInstance(new Properties());
    /**
     * A message as it came off the wire: an encoded subject, odd spacing, a header JavaMail would not
     * write itself and an 8-bit body that is not UTF-8. Any re-encoding shows in its bytes.
     */
    private static final byte[] RAW = concat(
        ("Return-Path: <bob@example.org>\r\n"
            + "From: Bob <bob@example.org>\r\n"
            + "To:   alice@example.com\r\n"
            + "Subject: =?UTF-8?Q?Rechnung_f=C3=BCr_Sie?=\r\n"
            + "Message-ID: <quarantine-test@example.org>\r\n"
            + "X-Folded: first\r\n\tsecond\r\n"
            + "Content-Type: text/plain; charset=ISO-8859-1\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n"
            + "Caf").getBytes(StandardCharsets.US_ASCII),
        new byte[] {(byte) 0xE9},
        " ouvert\r\n\r\n  trailing spaces  \r\n".getBytes(StandardCharsets.US_ASCII));
    private static final Verdict VIRUS = Verdict.virus("EICAR-Test-File",
        List.of(RuleHit.of("EICAR_SIGNATURE", 10, "The EICAR test signature", "attachment eicar.com")));
    private static final Verdict SPAM = Verdict.spam(List.of(
        RuleHit.of("BAYES_99", 5.5, "Bayesian spam probability is 99 to 100%", ""),
        RuleHit.of("URI_SHORTENER", 1.25, "Links through a URL shortener", "https://bit.example/x")));
    private static final Verdict CONTENT = Verdict.content(List.of(
        RuleHit.of("ATTACHMENT_EXE", 0, "An executable attachment", "attachment report.exe")));

    @TempDir
    Path folder;

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryQuarantineStorage storage = new InMemoryQuarantineStorage();
    private final RecordingReleaseDelivery delivery = new RecordingReleaseDelivery();
    private final InMemorySenderListStore senders = new InMemorySenderListStore();
    private final InMemoryCounters counters = new InMemoryCounters();
    private QuarantineIndex index;
    private Quarantine quarantine;

    @BeforeEach
    void open() {
        index = QuarantineIndex.open(folder.resolve("index"));
        quarantine = new Quarantine(storage, index, delivery, senders, counters, clock);
    }

    @AfterEach
    void close() {
        index.close();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static MimeMessage message() throws MessagingException {
        return new MimeMessage(SESSION, new ByteArrayInputStream(RAW));
    }

    private static MailAddress address(String address) {
        try {
            return new MailAddress(address);
        } catch (Exception e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    private QuarantineEntry put(QuarantineCategory category, String recipient, Optional<String> sender, Verdict verdict,
                                int retentionDays) throws MessagingException {
        return quarantine.put(category, CleanPortId.generate(clock), address(recipient), sender.map(QuarantineTest::address),
            message(), RAW.length, verdict, retentionDays);
    }

    private QuarantineEntry putSpam() throws MessagingException {
        return put(QuarantineCategory.SPAM, "alice@example.com", Optional.of("bob@example.org"), SPAM, 30);
    }

    private static byte[] bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    private byte[] source(QuarantineId id) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        quarantine.writeSource(id, out);
        return out.toByteArray();
    }

    private static QuarantineId unknownId() {
        return QuarantineId.of(CleanPortId.generate(MutableClock.atEpochPlusOneDay()), address("nobody@example.com"));
    }

    @Nested
    class Put {
        @Test
        void aVirusIsFoundByIdAndBySearchWithTheVirusNameAsFirstReason() throws Exception {
            QuarantineEntry put = put(QuarantineCategory.VIRUS, "Alice@Example.COM", Optional.of("bob@example.org"), VIRUS, 14);

            assertThat(put.category()).isEqualTo(QuarantineCategory.VIRUS);
            assertThat(put.recipient()).as("local part as received").isEqualTo("Alice@example.com");
            assertThat(put.domain()).isEqualTo("example.com");
            assertThat(put.sender()).isEqualTo("bob@example.org");
            assertThat(put.subject()).isEqualTo("Rechnung f\u00fcr Sie");
            assertThat(put.size()).isEqualTo(RAW.length);
            assertThat(put.received()).isEqualTo(T0);
            assertThat(put.expires()).isEqualTo(T0.plus(Duration.ofDays(14)));
            assertThat(put.score()).hasValue(10.0);
            assertThat(put.reasons()).containsExactly(
                QuarantineReason.of("VIRUS", "EICAR-Test-File"),
                QuarantineReason.of("EICAR_SIGNATURE", "The EICAR test signature: attachment eicar.com"));
            assertThat(put.location()).isEqualTo(RepositoryLocation.of("memory://quarantine/virus/", put.id().asString()));
            assertThat(put.isReleased()).isFalse();

            assertThat(quarantine.entry(put.id())).contains(put);
            assertThat(storage.at(put.location())).hasValueSatisfying(stored -> assertThat(stored.entry()).isEqualTo(put));
            QuarantinePage page = quarantine.search(QuarantineQuery.builder()
                .category(QuarantineCategory.VIRUS).recipient("alice@example.com").build());
            assertThat(page.total()).isEqualTo(1);
            assertThat(page.items()).containsExactly(put);
            assertThat(quarantine.search(QuarantineQuery.builder().category(QuarantineCategory.SPAM).build()).total()).isZero();
        }

        @Test
        void spamReasonsAreTheHitsInOrderWithTheirEvidence() throws Exception {
            QuarantineEntry put = putSpam();

            assertThat(put.score()).hasValue(6.75);
            assertThat(put.reasons()).containsExactly(
                QuarantineReason.of("BAYES_99", "Bayesian spam probability is 99 to 100%"),
                QuarantineReason.of("URI_SHORTENER", "Links through a URL shortener: https://bit.example/x"));
            assertThat(put.expires()).isEqualTo(T0.plus(Duration.ofDays(30)));
        }

        @Test
        void theScoreIsKeptToHundredthsWithoutTheSumsBinaryNoise() throws Exception {
            double[] scores = {1.0, 1.0, 2.0, 3.2, 2.0, 3.7, 1.0, 1.9, 12.0};
            List<RuleHit> hits = java.util.stream.IntStream.range(0, scores.length)
                .mapToObj(i -> RuleHit.of("RULE_" + i, scores[i], "a rule", "")).toList();
            Verdict verdict = Verdict.spam(hits);
            QuarantineEntry put = quarantine.put(QuarantineCategory.SPAM, CleanPortId.generate(clock),
                address("alice@example.com"), Optional.of(address("bob@example.org")), message(), RAW.length, verdict, 30);

            assertThat(verdict.score()).isNotEqualTo(27.8);
            assertThat(put.score()).hasValue(27.8);
        }

        @Test
        void anOutboundVirusIsFiledUnderTheCustomerDomainThatSentIt() throws Exception {
            QuarantineEntry put = quarantine.put(QuarantineCategory.VIRUS, CleanPortId.generate(clock),
                address("partner@elsewhere.example"), Optional.of(address("bob@example.com")), message(), RAW.length,
                VIRUS, 14, Optional.of(EXAMPLE));

            assertThat(put.isOutbound()).isTrue();
            assertThat(put.domain()).isEqualTo("example.com");
            assertThat(put.recipient()).isEqualTo("partner@elsewhere.example");
            assertThat(quarantine.search(QuarantineQuery.builder().domain("example.com").build()).items()).containsExactly(put);
            assertThat(storage.at(put.location())).hasValueSatisfying(stored -> assertThat(stored.entry()).isEqualTo(put));
        }

        @Test
        void anInboundEntryIsFiledUnderItsRecipientsDomain() throws Exception {
            QuarantineEntry put = putSpam();

            assertThat(put.isOutbound()).isFalse();
            assertThat(put.domain()).isEqualTo("example.com");
        }

        @Test
        void aBounceHasTheNullSender() throws Exception {
            QuarantineEntry put = put(QuarantineCategory.SPAM, "alice@example.com", Optional.empty(), SPAM, 30);

            assertThat(put.sender()).isEqualTo(QuarantineEntry.NULL_SENDER);
            assertThat(quarantine.search(QuarantineQuery.builder().sender("<>").build()).items()).containsExactly(put);
        }

        @Test
        void theSourceIsTheExactBytesReceived() throws Exception {
            QuarantineEntry put = putSpam();

            assertThat(source(put.id())).isEqualTo(RAW);
            assertThat(storage.messageBytes(put.location())).hasValue(RAW);
        }

        @Test
        void theSourceOfAnUnknownEntryIsNotFound() {
            QuarantineId unknown = unknownId();

            assertThatThrownBy(() -> source(unknown))
                .isInstanceOfSatisfying(QuarantineEntryNotFoundException.class, e -> assertThat(e.id()).isEqualTo(unknown));
        }

        @Test
        void quarantiningTheSameMessageForTheSameRecipientAgainReplacesTheEntry() throws Exception {
            CleanPortId messageId = CleanPortId.generate(clock);
            MailAddress alice = address("alice@example.com");
            quarantine.put(QuarantineCategory.SPAM, messageId, alice, Optional.empty(), message(), 1, SPAM, 30);
            clock.advance(Duration.ofMinutes(1));
            QuarantineEntry again = quarantine.put(QuarantineCategory.SPAM, messageId, alice, Optional.empty(), message(), 1, SPAM, 30);

            assertThat(storage.count()).isEqualTo(1);
            assertThat(index.count()).isEqualTo(1);
            assertThat(quarantine.entry(again.id())).contains(again);
        }
    }

    @Nested
    class Release {
        @Test
        void aReleaseFromTheSpamQuarantineTeachesHamAndAVirusReleaseTeachesNothing() throws Exception {
            List<String> learned = new ArrayList<>();
            Quarantine learning = new Quarantine(storage, index, delivery, senders, counters, clock,
                (entry, message) -> learned.add(entry.category().jsonValue() + " " + new String(bytes(message), StandardCharsets.UTF_8)));
            QuarantineEntry spam = putSpam();
            QuarantineEntry virus = put(QuarantineCategory.VIRUS, "alice@example.com", Optional.of("bob@example.org"), VIRUS, 14);

            learning.release(spam.id(), false);
            learning.release(virus.id(), false);

            assertThat(learned).containsExactly("spam " + new String(RAW, StandardCharsets.UTF_8));
        }

        @Test
        void aClassifierThatCannotLearnDoesNotUndoTheRelease() throws Exception {
            Quarantine failing = new Quarantine(storage, index, delivery, senders, counters, clock, (entry, message) -> {
                throw new IllegalStateException("token store down");
            });
            QuarantineEntry spam = putSpam();

            QuarantineEntry released = failing.release(spam.id(), false);

            assertThat(released.isReleased()).isTrue();
            assertThat(delivery.released()).hasSize(1);
        }

        @Test
        void deliversTheExactMessageOnceAndMarksTheEntryReleased() throws Exception {
            QuarantineEntry put = putSpam();
            clock.advance(Duration.ofHours(2));

            QuarantineEntry released = quarantine.release(put.id(), false);

            assertThat(released.released()).contains(T0.plus(Duration.ofHours(2)));
            assertThat(released.toBuilder().released(Optional.empty()).build()).isEqualTo(put);
            assertThat(delivery.released()).singleElement().satisfies(release -> {
                assertThat(release.entry()).isEqualTo(put);
                assertThat(release.message()).isEqualTo(RAW);
            });
            assertThat(quarantine.entry(put.id())).contains(released);
            assertThat(storage.at(put.location()).orElseThrow().entry()).isEqualTo(released);
            assertThat(counters.get(Counter.RELEASED, EXAMPLE)).isEqualTo(1);
            assertThat(source(put.id())).as("still there until it expires").isEqualTo(RAW);
        }

        @Test
        void aSecondReleaseDeliversNothing() throws Exception {
            QuarantineEntry put = putSpam();
            QuarantineEntry released = quarantine.release(put.id(), false);

            assertThatThrownBy(() -> quarantine.release(put.id(), true))
                .isInstanceOfSatisfying(AlreadyReleasedException.class, e -> assertThat(e.entry()).isEqualTo(released));

            assertThat(delivery.released()).hasSize(1);
            assertThat(counters.get(Counter.RELEASED, EXAMPLE)).isEqualTo(1);
            assertThat(senders.list(SenderListScope.user(EXAMPLE, "alice")).isEmpty()).isTrue();
        }

        @Test
        void racingReleasesDeliverOnce() throws Exception {
            QuarantineEntry put = putSpam();
            int threads = 8;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Boolean>> outcomes = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    Callable<Boolean> release = () -> {
                        start.await();
                        try {
                            quarantine.release(put.id(), false);
                            return true;
                        } catch (AlreadyReleasedException e) {
                            return false;
                        }
                    };
                    outcomes.add(executor.submit(release));
                }
                start.countDown();
                int successes = 0;
                for (Future<Boolean> outcome : outcomes) {
                    successes += outcome.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(successes).isEqualTo(1);
            } finally {
                executor.shutdownNow();
            }
            assertThat(delivery.released()).hasSize(1);
        }

        @Test
        void anUnknownEntryIsNotFoundAndNothingIsDelivered() {
            QuarantineId unknown = unknownId();

            assertThatThrownBy(() -> quarantine.release(unknown, true))
                .isInstanceOfSatisfying(QuarantineEntryNotFoundException.class, e -> assertThat(e.id()).isEqualTo(unknown));
            assertThat(delivery.released()).isEmpty();
        }

        @Test
        void rememberAllowsTheSenderForThatRecipientOnly() throws Exception {
            QuarantineEntry put = put(QuarantineCategory.SPAM, "Alice@example.com", Optional.of("Bob@Example.org"), SPAM, 30);

            quarantine.release(put.id(), true);

            assertThat(senders.list(SenderListScope.user(EXAMPLE, "alice")).allow())
                .containsExactly(SenderPattern.parse("bob@example.org"));
            assertThat(senders.classify(EXAMPLE, "alice", "bob@example.org").isAllowed()).isTrue();
            assertThat(senders.classify(EXAMPLE, "carol", "bob@example.org").isAllowed()).isFalse();
            assertThat(senders.list(SenderListScope.domain(EXAMPLE)).isEmpty()).isTrue();
        }

        @Test
        void withoutRememberTheListsStayAsTheyWere() throws Exception {
            QuarantineEntry put = putSpam();

            quarantine.release(put.id(), false);

            assertThat(senders.list(SenderListScope.user(EXAMPLE, "alice")).isEmpty()).isTrue();
        }

        @Test
        void rememberingAnOutboundEntryAllowsNothingButStillReleases() throws Exception {
            QuarantineEntry put = quarantine.put(QuarantineCategory.VIRUS, CleanPortId.generate(clock),
                address("partner@elsewhere.example"), Optional.of(address("bob@example.com")), message(), RAW.length,
                VIRUS, 14, Optional.of(EXAMPLE));

            assertThat(quarantine.release(put.id(), true).isReleased()).isTrue();
            assertThat(delivery.released()).hasSize(1);
            assertThat(senders.list(SenderListScope.domain(EXAMPLE)).isEmpty()).isTrue();
        }

        @Test
        void rememberingTheNullSenderAllowsNothingButStillReleases() throws Exception {
            QuarantineEntry put = put(QuarantineCategory.SPAM, "alice@example.com", Optional.empty(), SPAM, 30);

            QuarantineEntry released = quarantine.release(put.id(), true);

            assertThat(released.isReleased()).isTrue();
            assertThat(delivery.released()).hasSize(1);
            assertThat(senders.list(SenderListScope.user(EXAMPLE, "alice")).isEmpty()).isTrue();
        }

        @Test
        void aFailedDeliveryLeavesTheEntryHeldForAnotherTry() throws Exception {
            QuarantineEntry put = putSpam();
            delivery.failNextWith(new MessagingException("spool full"));

            assertThatThrownBy(() -> quarantine.release(put.id(), true))
                .isInstanceOf(MessagingException.class).hasMessage("spool full");

            assertThat(quarantine.entry(put.id())).contains(put);
            assertThat(storage.at(put.location()).orElseThrow().entry().isReleased()).isFalse();
            assertThat(delivery.released()).isEmpty();
            assertThat(counters.get(Counter.RELEASED, EXAMPLE)).isZero();
            assertThat(senders.list(SenderListScope.user(EXAMPLE, "alice")).allow())
                .as("remembered before delivering; allowing it again on the retry changes nothing")
                .containsExactly(SenderPattern.parse("bob@example.org"));

            assertThat(quarantine.release(put.id(), true).isReleased()).isTrue();
            assertThat(delivery.released()).hasSize(1);
            assertThat(senders.list(SenderListScope.user(EXAMPLE, "alice")).allow()).hasSize(1);
        }

        @Test
        void aSenderListThatIsFullRefusesTheReleaseBeforeAnythingIsDelivered() throws Exception {
            InMemorySenderListStore full = new InMemorySenderListStore(1);
            full.add(SenderListScope.user(EXAMPLE, "alice"), ListKind.BLOCK, SenderPattern.parse("@spam.example"));
            Quarantine rememberingIntoAFullList = new Quarantine(storage, index, delivery, full, counters, clock);
            QuarantineEntry put = putSpam();

            assertThatThrownBy(() -> rememberingIntoAFullList.release(put.id(), true))
                .isInstanceOf(SenderListFullException.class);

            assertThat(delivery.released()).isEmpty();
            assertThat(quarantine.entry(put.id())).contains(put);
            assertThat(rememberingIntoAFullList.release(put.id(), false).isReleased()).isTrue();
        }
    }

    @Nested
    class Delete {
        @Test
        void removesTheEntryAndItsMessage() throws Exception {
            QuarantineEntry put = putSpam();
            QuarantineEntry other = putSpam();

            assertThat(quarantine.delete(put.id())).isTrue();

            assertThat(quarantine.entry(put.id())).isEmpty();
            assertThat(storage.at(put.location())).isEmpty();
            assertThat(quarantine.search(QuarantineQuery.all()).items()).containsExactly(other);
            assertThatThrownBy(() -> source(put.id())).isInstanceOf(QuarantineEntryNotFoundException.class);
            assertThatThrownBy(() -> quarantine.release(put.id(), false)).isInstanceOf(QuarantineEntryNotFoundException.class);
        }

        @Test
        void anUnknownEntryIsFalse() throws Exception {
            QuarantineEntry put = putSpam();
            quarantine.delete(put.id());

            assertThat(quarantine.delete(put.id())).isFalse();
            assertThat(quarantine.delete(unknownId())).isFalse();
        }
    }

    @Nested
    class PurgeExpired {
        @Test
        void removesOnlyWhatHasExpired() throws Exception {
            QuarantineEntry virus = put(QuarantineCategory.VIRUS, "alice@example.com", Optional.of("bob@example.org"), VIRUS, 14);
            QuarantineEntry spam = putSpam();
            clock.advance(Duration.ofDays(1));
            QuarantineEntry content = put(QuarantineCategory.CONTENT, "carol@example.com", Optional.of("bob@example.org"), CONTENT, 14);

            clock.advance(Duration.ofDays(13).minusMillis(1));
            assertThat(quarantine.purgeExpired()).isZero();

            clock.advance(Duration.ofMillis(1));
            assertThat(quarantine.purgeExpired()).as("expires at now: gone").isEqualTo(1);
            assertThat(quarantine.entry(virus.id())).isEmpty();
            assertThat(storage.at(virus.location())).isEmpty();
            assertThat(quarantine.search(QuarantineQuery.all()).items()).containsExactlyInAnyOrder(spam, content);

            clock.advance(Duration.ofDays(1));
            assertThat(quarantine.purgeExpired()).isEqualTo(1);
            assertThat(quarantine.search(QuarantineQuery.all()).items()).containsExactly(spam);
            assertThat(storage.count()).isEqualTo(1);
        }

        @Test
        void aReleasedEntryGoesWhenItExpiresToo() throws Exception {
            QuarantineEntry spam = putSpam();
            quarantine.release(spam.id(), false);

            clock.advance(Duration.ofDays(30));

            assertThat(quarantine.purgeExpired()).isEqualTo(1);
            assertThat(storage.count()).isZero();
        }

        @Test
        void nothingToPurgeIsZero() throws Exception {
            putSpam();

            assertThat(quarantine.purgeExpired()).isZero();
            assertThat(storage.count()).isEqualTo(1);
        }
    }

    @Nested
    class Start {
        @Test
        void aNewIndexIsRebuiltFromTheStorage() throws Exception {
            QuarantineEntry stored = entryFor("alice@example.com");
            storage.store(stored, message());

            assertThat(quarantine.start()).isEqualTo(1);

            assertThat(quarantine.entry(stored.id())).contains(stored);
            assertThat(index.needsRebuild()).isFalse();
        }

        @Test
        void aConsistentIndexIsLeftAlone() throws Exception {
            quarantine.start();
            putSpam();
            putSpam();

            assertThat(quarantine.start()).isEqualTo(-1);
        }

        @Test
        void anIndexThatMissesAnEntryIsRebuilt() throws Exception {
            quarantine.start();
            QuarantineEntry indexed = putSpam();
            // Stored, then a crash before indexing: the index misses it.
            QuarantineEntry missed = entryFor("carol@example.com");
            storage.store(missed, message());
            assertThat(quarantine.entry(missed.id())).isEmpty();

            assertThat(quarantine.start()).isEqualTo(2);

            assertThat(quarantine.entry(missed.id())).contains(missed);
            assertThat(quarantine.entry(indexed.id())).contains(indexed);
            assertThat(quarantine.start()).isEqualTo(-1);
        }

        @Test
        void anIndexThatHoldsAnEntryTheStorageLostIsRebuilt() throws Exception {
            quarantine.start();
            QuarantineEntry kept = putSpam();
            QuarantineEntry lost = putSpam();
            storage.remove(lost.location());

            assertThat(quarantine.start()).isEqualTo(1);

            assertThat(quarantine.entry(lost.id())).isEmpty();
            assertThat(quarantine.entry(kept.id())).contains(kept);
        }

        private QuarantineEntry entryFor(String recipient) {
            CleanPortId messageId = CleanPortId.generate(clock);
            MailAddress address = address(recipient);
            return QuarantineEntry.builder()
                .messageId(messageId)
                .category(QuarantineCategory.CONTENT)
                .recipient(address)
                .sender("bob@example.org")
                .subject("Quarterly report")
                .size(RAW.length)
                .received(clock.instant())
                .expires(clock.instant().plus(Duration.ofDays(30)))
                .reasons(List.of(QuarantineReason.of("ATTACHMENT_EXE", "attachment report.exe")))
                .location(storage.locationOf(QuarantineCategory.CONTENT, QuarantineId.of(messageId, address)))
                .build();
        }
    }
}
