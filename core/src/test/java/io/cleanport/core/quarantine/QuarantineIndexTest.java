package io.cleanport.core.quarantine;

import static io.cleanport.core.quarantine.QuarantineFixtures.T0;
import static io.cleanport.core.quarantine.QuarantineFixtures.entry;
import static io.cleanport.core.quarantine.QuarantineFixtures.messageId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.cleanport.core.message.CleanPortId;

class QuarantineIndexTest {
    @TempDir
    Path folder;

    private QuarantineIndex index;

    @BeforeEach
    void open() {
        index = QuarantineIndex.open(folder.resolve("index"));
    }

    @AfterEach
    void close() {
        index.close();
    }

    private void reopen() {
        index.close();
        index = QuarantineIndex.open(folder.resolve("index"));
    }

    private static List<QuarantineId> ids(QuarantinePage page) {
        return page.items().stream().map(QuarantineEntry::id).toList();
    }

    private List<QuarantineId> find(QuarantineQuery.Builder query) {
        QuarantinePage page = index.search(query.limit(QuarantineQuery.MAX_LIMIT).build());
        assertThat(page.total()).isEqualTo(page.items().size());
        return ids(page);
    }

    private void addAll(QuarantineEntry... entries) {
        for (QuarantineEntry entry : entries) {
            index.add(entry);
        }
    }

    // --- add, get, update, delete

    @Test
    void anAddedEntryIsFoundAtOnceWithEveryField() {
        QuarantineEntry entry = entry().build();
        index.add(entry);
        assertThat(index.get(entry.id())).contains(entry);
        assertThat(index.search(QuarantineQuery.all()).items()).containsExactly(entry);
        assertThat(index.count()).isEqualTo(1);
    }

    @Test
    void theLargestEntryRoundTrips() {
        List<QuarantineReason> reasons = IntStream.range(0, QuarantineEntry.MAX_REASONS)
            .mapToObj(i -> QuarantineReason.of("RULE_" + i, "\u00e9vidence ".repeat(100))).toList();
        QuarantineEntry large = entry().subject("\u00fc".repeat(QuarantineEntry.MAX_SUBJECT_LENGTH)).reasons(reasons).build();
        index.add(large);
        assertThat(index.get(large.id())).contains(large);
        assertThat(index.search(QuarantineQuery.all()).items()).containsExactly(large);
    }

    @Test
    void anUnknownIdIsEmpty() {
        assertThat(index.get(entry().build().id())).isEmpty();
        assertThat(index.search(QuarantineQuery.all())).isEqualTo(new QuarantinePage(0, List.of()));
    }

    @Test
    void addingTheSameEntryAgainReplacesIt() {
        QuarantineEntry entry = entry().build();
        index.add(entry);
        QuarantineEntry again = entry.toBuilder().subject("Cheap watches, again").build();
        index.add(again);
        assertThat(index.count()).isEqualTo(1);
        assertThat(index.get(entry.id())).contains(again);
    }

    @Test
    void updateRecordsARelease() {
        QuarantineEntry entry = entry().build();
        index.add(entry);
        QuarantineEntry released = entry.releasedAt(T0.plusSeconds(90));
        assertThat(index.update(released)).isTrue();
        assertThat(index.get(entry.id())).contains(released);
        assertThat(index.search(QuarantineQuery.builder().recipient("alice@example.com").build()).items()).containsExactly(released);
    }

    @Test
    void updateNeverBringsBackAnEntryThatIsNotThere() {
        QuarantineEntry entry = entry().build();
        assertThat(index.update(entry)).isFalse();
        assertThat(index.get(entry.id())).isEmpty();
        index.add(entry);
        assertThat(index.delete(entry.id())).isTrue();
        assertThat(index.update(entry.releasedAt(T0.plusSeconds(1)))).isFalse();
        assertThat(index.count()).isZero();
    }

    @Test
    void deleteRemovesOneEntry() {
        QuarantineEntry alice = entry().build();
        QuarantineEntry carol = entry().recipient("carol@example.com").build();
        addAll(alice, carol);
        assertThat(index.delete(alice.id())).isTrue();
        assertThat(index.get(alice.id())).isEmpty();
        assertThat(index.get(carol.id())).contains(carol);
        assertThat(index.delete(alice.id())).isFalse();
        assertThat(index.search(QuarantineQuery.all()).total()).isEqualTo(1);
    }

    @Test
    void deletingABatchCountsWhatWasThere() {
        QuarantineEntry alice = entry().build();
        QuarantineEntry carol = entry().recipient("carol@example.com").build();
        QuarantineEntry never = entry().recipient("never@example.com").build();
        QuarantineEntry kept = entry().recipient("kept@example.com").build();
        addAll(alice, carol, kept);
        assertThat(index.delete(List.of(alice.id(), never.id(), carol.id(), alice.id()))).isEqualTo(2);
        assertThat(find(QuarantineQuery.builder())).containsExactly(kept.id());
        assertThat(index.delete(List.of())).isZero();
    }

    // --- filters

    @Test
    void everyFilterSelectsItsEntriesAndFiltersCombine() {
        CleanPortId shared = messageId(T0);
        QuarantineEntry spamAlice = entry().messageId(shared).build();
        QuarantineEntry spamFrank = entry().messageId(shared).recipient("frank@example.com").build();
        QuarantineEntry virusAlice = entry().category(QuarantineCategory.VIRUS).sender("<>").score(OptionalDouble.empty()).build();
        QuarantineEntry contentCarol = entry().category(QuarantineCategory.CONTENT).recipient("carol@example.com")
            .sender("Bob@Example.ORG").build();
        QuarantineEntry spamDave = entry().recipient("dave@other.test").sender("eve@sub.example.org").build();
        addAll(spamAlice, spamFrank, virusAlice, contentCarol, spamDave);

        assertThat(find(QuarantineQuery.builder())).hasSize(5);
        assertThat(find(QuarantineQuery.builder().category(QuarantineCategory.VIRUS))).containsExactly(virusAlice.id());
        assertThat(find(QuarantineQuery.builder().category(QuarantineCategory.CONTENT))).containsExactly(contentCarol.id());
        assertThat(find(QuarantineQuery.builder().category(QuarantineCategory.SPAM)))
            .containsExactlyInAnyOrder(spamAlice.id(), spamFrank.id(), spamDave.id());
        assertThat(find(QuarantineQuery.builder().domain("example.com"))).hasSize(4).doesNotContain(spamDave.id());
        assertThat(find(QuarantineQuery.builder().domain("Other.TEST"))).containsExactly(spamDave.id());
        assertThat(find(QuarantineQuery.builder().recipient("ALICE@example.com")))
            .containsExactlyInAnyOrder(spamAlice.id(), virusAlice.id());
        assertThat(find(QuarantineQuery.builder().sender("bob@example.org")))
            .containsExactlyInAnyOrder(spamAlice.id(), spamFrank.id(), contentCarol.id());
        assertThat(find(QuarantineQuery.builder().sender("<>"))).containsExactly(virusAlice.id());
        assertThat(find(QuarantineQuery.builder().sender("@example.org")))
            .containsExactlyInAnyOrder(spamAlice.id(), spamFrank.id(), contentCarol.id());
        assertThat(find(QuarantineQuery.builder().sender("@sub.example.org"))).containsExactly(spamDave.id());
        assertThat(find(QuarantineQuery.builder().messageId(shared))).containsExactlyInAnyOrder(spamAlice.id(), spamFrank.id());
        assertThat(find(QuarantineQuery.builder().category(QuarantineCategory.SPAM).domain("example.com").recipient("alice@example.com")))
            .containsExactly(spamAlice.id());
        assertThat(find(QuarantineQuery.builder().category(QuarantineCategory.VIRUS).domain("other.test"))).isEmpty();
        assertThat(find(QuarantineQuery.builder().recipient("nobody@example.com"))).isEmpty();
    }

    @Test
    void sinceIsInclusiveAndUntilExclusive() {
        QuarantineEntry first = entry().received(T0).build();
        QuarantineEntry second = entry().recipient("b@example.com").received(T0.plus(Duration.ofHours(1))).build();
        QuarantineEntry third = entry().recipient("c@example.com").received(T0.plus(Duration.ofHours(2))).build();
        addAll(first, second, third);
        Instant oneHour = T0.plus(Duration.ofHours(1));
        assertThat(find(QuarantineQuery.builder().since(oneHour))).containsExactly(third.id(), second.id());
        assertThat(find(QuarantineQuery.builder().until(oneHour))).containsExactly(first.id());
        assertThat(find(QuarantineQuery.builder().since(oneHour).until(oneHour.plusMillis(1)))).containsExactly(second.id());
        assertThat(find(QuarantineQuery.builder().since(T0).until(T0.plus(Duration.ofDays(1))))).hasSize(3);
        assertThat(find(QuarantineQuery.builder().since(T0.plus(Duration.ofHours(3))))).isEmpty();
    }

    // --- free text

    @Test
    void freeTextSearchesSubjectAndSenderWords() {
        QuarantineEntry watches = entry().subject("Cheap watches for you").sender("promo@watches.example").build();
        QuarantineEntry rechnung = entry().recipient("b@example.com").subject("Rechnung für Sie").sender("billing@rechnungen.example").build();
        QuarantineEntry invoice = entry().recipient("c@example.com").subject("Your invoice 2026-03").sender("accounts@example.net").build();
        QuarantineEntry meeting = entry().recipient("d@example.com").subject("Meeting tomorrow").sender("<>").build();
        addAll(watches, rechnung, invoice, meeting);

        assertThat(find(QuarantineQuery.builder().text("watches"))).containsExactly(watches.id());
        assertThat(find(QuarantineQuery.builder().text("WATCHES"))).containsExactly(watches.id());
        assertThat(find(QuarantineQuery.builder().text("fur"))).containsExactly(rechnung.id());
        assertThat(find(QuarantineQuery.builder().text("für sie"))).containsExactly(rechnung.id());
        assertThat(find(QuarantineQuery.builder().text("cheap you"))).containsExactly(watches.id());
        assertThat(find(QuarantineQuery.builder().text("cheap meeting"))).isEmpty();
        assertThat(find(QuarantineQuery.builder().text("cheap | meeting"))).containsExactlyInAnyOrder(watches.id(), meeting.id());
        assertThat(find(QuarantineQuery.builder().text("\"watches for\""))).containsExactly(watches.id());
        assertThat(find(QuarantineQuery.builder().text("\"for watches\""))).isEmpty();
        assertThat(find(QuarantineQuery.builder().text("invo*"))).containsExactly(invoice.id());
        assertThat(find(QuarantineQuery.builder().text("-watches"))).containsExactlyInAnyOrder(rechnung.id(), invoice.id(), meeting.id());
        assertThat(find(QuarantineQuery.builder().text("-watches -meeting"))).containsExactlyInAnyOrder(rechnung.id(), invoice.id());
        assertThat(find(QuarantineQuery.builder().text("you -watches"))).isEmpty();
        // sender text: the address's words
        assertThat(find(QuarantineQuery.builder().text("accounts"))).containsExactly(invoice.id());
        assertThat(find(QuarantineQuery.builder().text("billing@rechnungen.example"))).containsExactly(rechnung.id());
        assertThat(find(QuarantineQuery.builder().text("example.net"))).containsExactly(invoice.id());
        // words from both fields at once
        assertThat(find(QuarantineQuery.builder().text("invoice accounts"))).containsExactly(invoice.id());
        // nothing searchable, or unbalanced syntax: no error
        assertThat(find(QuarantineQuery.builder().text("!!!"))).isEmpty();
        assertThat(find(QuarantineQuery.builder().text("\"watches"))).containsExactly(watches.id());
        assertThat(find(QuarantineQuery.builder().text("(cheap"))).containsExactly(watches.id());
        assertThat(find(QuarantineQuery.builder().text("zebra"))).isEmpty();
        // combined with a filter
        assertThat(find(QuarantineQuery.builder().text("you").recipient("alice@example.com"))).containsExactly(watches.id());
    }

    // --- sorting

    static Stream<Arguments> everySortInBothOrders() {
        return Stream.of(QuarantineSort.values()).flatMap(sort ->
            Stream.of(QuarantineSort.Order.values()).map(order -> Arguments.of(sort, order)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everySortInBothOrders")
    void sortsByEveryFieldInBothOrders(QuarantineSort sort, QuarantineSort.Order order) {
        List<QuarantineEntry> entries = varied(60);
        index.rebuild(entries.stream());
        List<QuarantineId> expected = entries.stream().sorted(expectedOrder(sort, order)).map(QuarantineEntry::id).toList();
        assertThat(find(QuarantineQuery.builder().sort(sort).order(order))).containsExactlyElementsOf(expected);
    }

    @Test
    void entriesWithoutAScoreComeLastInBothOrders() {
        QuarantineEntry low = entry().score(1.0).build();
        QuarantineEntry high = entry().recipient("b@example.com").score(9.0).build();
        QuarantineEntry none = entry().recipient("c@example.com").score(OptionalDouble.empty()).build();
        QuarantineEntry negative = entry().recipient("d@example.com").score(-3.5).build();
        addAll(low, high, none, negative);
        assertThat(find(QuarantineQuery.builder().sort(QuarantineSort.SCORE).order(QuarantineSort.Order.DESC)))
            .containsExactly(high.id(), low.id(), negative.id(), none.id());
        assertThat(find(QuarantineQuery.builder().sort(QuarantineSort.SCORE).order(QuarantineSort.Order.ASC)))
            .containsExactly(negative.id(), low.id(), high.id(), none.id());
    }

    @Test
    void senderAndSubjectSortIgnoreCase() {
        QuarantineEntry a = entry().sender("alpha@example.org").subject("banana").build();
        QuarantineEntry b = entry().recipient("b@example.com").sender("Beta@example.org").subject("Apple").build();
        QuarantineEntry c = entry().recipient("c@example.com").sender("gamma@example.org").subject("cherry").build();
        addAll(a, b, c);
        assertThat(find(QuarantineQuery.builder().sort(QuarantineSort.SENDER).order(QuarantineSort.Order.ASC)))
            .containsExactly(a.id(), b.id(), c.id());
        assertThat(find(QuarantineQuery.builder().sort(QuarantineSort.SUBJECT).order(QuarantineSort.Order.ASC)))
            .containsExactly(b.id(), a.id(), c.id());
    }

    /** Entries whose fields vary independently, with ties in each field, some without score, some from the null sender. */
    private static List<QuarantineEntry> varied(int count) {
        String[] subjects = {"Invoice", "invoice", "Zebra crossing", "apple pie", "", "Über offer", "meeting"};
        String[] senders = {"zed@example.org", "Amy@example.org", "<>", "bob@example.net", "carl@example.org"};
        List<QuarantineEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant received = T0.plus(Duration.ofMinutes((i * 7L) % 23));
            QuarantineEntry.Builder builder = entry()
                .messageId(messageId(received))
                .recipient("user" + i + "@example.com")
                .category(QuarantineCategory.values()[i % 3])
                .sender(senders[i % senders.length])
                .subject(subjects[(i * 3) % subjects.length])
                .size(1000 + (i * 13L) % 17)
                .received(received)
                .expires(received.plus(Duration.ofDays(30)));
            builder.score(i % 4 == 0 ? OptionalDouble.empty() : OptionalDouble.of(((i * 5) % 11) - 2.5));
            entries.add(builder.build());
        }
        return entries;
    }

    private static Comparator<QuarantineEntry> expectedOrder(QuarantineSort sort, QuarantineSort.Order order) {
        boolean desc = order == QuarantineSort.Order.DESC;
        Comparator<QuarantineEntry> primary = switch (sort) {
            case RECEIVED -> Comparator.comparing(QuarantineEntry::received);
            case SIZE -> Comparator.comparingLong(QuarantineEntry::size);
            case SCORE -> Comparator.comparingDouble(e -> e.score().orElse(0));
            case SENDER -> Comparator.comparing(e -> e.hasNullSender() ? "" : e.sender().toLowerCase(Locale.ROOT));
            case SUBJECT -> Comparator.comparing(e -> e.subject().toLowerCase(Locale.ROOT));
        };
        Comparator<QuarantineEntry> directed = (desc ? primary.reversed() : primary)
            .thenComparing(desc ? Comparator.comparing(QuarantineEntry::id).reversed() : Comparator.comparing(QuarantineEntry::id));
        if (sort == QuarantineSort.SCORE) {
            Comparator<QuarantineEntry> scoredFirst = Comparator.comparing(e -> e.score().isEmpty());
            return scoredFirst.thenComparing(directed);
        }
        return directed;
    }

    // --- paging

    @Test
    void pagesCoverEveryEntryOnceAndTheTotalStaysRight() {
        List<QuarantineEntry> entries = varied(317);
        // Most in one batch, the last ones one by one as the quarantining step adds them.
        index.rebuild(entries.subList(0, 290).stream());
        entries.subList(290, 317).forEach(index::add);
        for (QuarantineSort sort : QuarantineSort.values()) {
            List<QuarantineId> all = find(QuarantineQuery.builder().sort(sort));
            List<QuarantineId> paged = new ArrayList<>();
            for (int offset = 0; offset < 317; offset += 25) {
                QuarantinePage page = index.search(QuarantineQuery.builder().sort(sort).offset(offset).limit(25).build());
                assertThat(page.total()).isEqualTo(317);
                assertThat(page.items()).hasSize(Math.min(25, 317 - offset));
                paged.addAll(ids(page));
            }
            assertThat(paged).doesNotHaveDuplicates().containsExactlyElementsOf(all);
            assertThat(new HashSet<>(paged)).hasSize(317);
        }
    }

    @Test
    void aPageBeyondTheEndIsEmptyWithTheTotal() {
        index.rebuild(varied(30).stream());
        QuarantinePage page = index.search(QuarantineQuery.builder().offset(30).limit(10).build());
        assertThat(page.total()).isEqualTo(30);
        assertThat(page.items()).isEmpty();
        assertThat(index.search(QuarantineQuery.builder().offset(25).limit(10).build()).items()).hasSize(5);
    }

    @Test
    void theTotalIsExactBeyondAThousandHits() {
        index.rebuild(varied(1500).stream());
        QuarantinePage page = index.search(QuarantineQuery.builder().limit(10).build());
        assertThat(page.total()).isEqualTo(1500);
        assertThat(page.items()).hasSize(10);
        assertThat(index.search(QuarantineQuery.builder().category(QuarantineCategory.VIRUS).limit(1).build()).total()).isEqualTo(500);
    }

    // --- expiry

    @Test
    void expiredEntriesAreListedOldestFirstAndBounded() {
        QuarantineEntry day1 = entry().recipient("a@example.com").expires(T0.plus(Duration.ofDays(1))).build();
        QuarantineEntry day2 = entry().recipient("b@example.com").expires(T0.plus(Duration.ofDays(2))).build();
        QuarantineEntry day3 = entry().recipient("c@example.com").expires(T0.plus(Duration.ofDays(3))).build();
        addAll(day3, day1, day2);
        assertThat(index.expiredBefore(T0, 100)).isEmpty();
        assertThat(index.expiredBefore(T0.plus(Duration.ofDays(2)), 100)).containsExactly(day1.id(), day2.id());
        assertThat(index.expiredBefore(T0.plus(Duration.ofDays(2)).minusMillis(1), 100)).containsExactly(day1.id());
        assertThat(index.expiredBefore(T0.plus(Duration.ofDays(10)), 2)).containsExactly(day1.id(), day2.id());
        assertThatThrownBy(() -> index.expiredBefore(T0, 0)).isInstanceOfSatisfying(QuarantineValidationException.class,
            e -> assertThat(e.field()).isEqualTo("max"));
        assertThatThrownBy(() -> index.expiredBefore(T0, QuarantineIndex.MAX_EXPIRED_BATCH + 1))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void purgingInBatchesEmptiesWhatExpired() {
        List<QuarantineEntry> entries = varied(50);
        index.rebuild(entries.stream());
        Instant now = T0.plus(Duration.ofDays(30)).plus(Duration.ofMinutes(10));
        long expected = entries.stream().filter(e -> e.isExpiredAt(now)).count();
        assertThat(expected).isBetween(1L, 49L);
        int purged = 0;
        List<QuarantineId> batch;
        while (!(batch = index.expiredBefore(now, 7)).isEmpty()) {
            assertThat(index.delete(batch)).isEqualTo(batch.size());
            purged += batch.size();
        }
        assertThat(purged).isEqualTo(expected);
        assertThat(index.count()).isEqualTo(50 - expected);
    }

    // --- rebuild, reopening, durability

    @Test
    void aNewIndexNeedsARebuildUntilOneCompletes() {
        assertThat(index.needsRebuild()).isTrue();
        index.add(entry().build());
        reopen();
        assertThat(index.needsRebuild()).isTrue();
        assertThat(index.rebuild(Stream.empty())).isZero();
        assertThat(index.needsRebuild()).isFalse();
        reopen();
        assertThat(index.needsRebuild()).isFalse();
    }

    @Test
    void rebuildReplacesEverything() {
        QuarantineEntry gone = entry().recipient("gone@example.com").build();
        QuarantineEntry changed = entry().recipient("changed@example.com").build();
        addAll(gone, changed);
        QuarantineEntry changedNow = changed.releasedAt(T0.plusSeconds(1));
        QuarantineEntry added = entry().recipient("new@example.com").build();
        QuarantineEntry addedLater = added.toBuilder().subject("the last copy wins").build();

        assertThat(index.rebuild(Stream.of(changedNow, added, addedLater))).isEqualTo(2);

        assertThat(index.count()).isEqualTo(2);
        assertThat(index.get(gone.id())).isEmpty();
        assertThat(index.get(changed.id())).contains(changedNow);
        assertThat(index.get(added.id())).contains(addedLater);
        assertThat(find(QuarantineQuery.builder())).containsExactlyInAnyOrder(changed.id(), added.id());
        // later writes behave as usual on a rebuilt index
        index.add(gone);
        assertThat(index.delete(added.id())).isTrue();
        assertThat(find(QuarantineQuery.builder())).containsExactlyInAnyOrder(changed.id(), gone.id());
    }

    @Test
    void aRebuildThatFailsLeavesTheIndexAsItWas() {
        QuarantineEntry kept = entry().build();
        index.add(kept);
        index.rebuild(Stream.of(kept));
        Stream<QuarantineEntry> failing = Stream.of(1, 2, 3).map(i -> {
            if (i == 3) {
                throw new IllegalStateException("repository unreadable");
            }
            return entry().recipient("r" + i + "@example.com").build();
        });

        assertThatThrownBy(() -> index.rebuild(failing)).hasMessage("repository unreadable");

        assertThat(find(QuarantineQuery.builder())).containsExactly(kept.id());
        assertThat(index.needsRebuild()).isFalse();
        QuarantineEntry after = entry().recipient("after@example.com").build();
        index.add(after);
        reopen();
        assertThat(find(QuarantineQuery.builder())).containsExactlyInAnyOrder(kept.id(), after.id());
    }

    @Test
    void reopeningKeepsEveryEntry() {
        List<QuarantineEntry> entries = varied(40);
        for (QuarantineEntry entry : entries) {
            index.add(entry);
        }
        index.delete(entries.get(0).id());
        index.update(entries.get(1).releasedAt(T0.plusSeconds(3)));
        reopen();
        assertThat(index.count()).isEqualTo(39);
        assertThat(index.get(entries.get(0).id())).isEmpty();
        assertThat(index.get(entries.get(1).id()).orElseThrow().isReleased()).isTrue();
        assertThat(index.get(entries.get(39).id())).contains(entries.get(39));
    }

    @Test
    void everyWriteIsCommittedWhenItReturns() throws IOException {
        QuarantineEntry entry = entry().build();
        index.add(entry);
        // A reader of the folder sees only what was committed: what a restart after a crash would see.
        try (FSDirectory directory = FSDirectory.open(folder.resolve("index"));
             org.apache.lucene.index.DirectoryReader reader = org.apache.lucene.index.DirectoryReader.open(directory)) {
            assertThat(reader.numDocs()).isEqualTo(1);
        }
    }

    @Test
    void anUnreadableIndexIsReplacedByAnEmptyOneThatNeedsARebuild() throws IOException {
        index.add(entry().build());
        index.rebuild(Stream.of(entry().build()));
        index.close();
        try (Stream<Path> files = Files.list(folder.resolve("index"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("segments_")).toList()) {
                Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            }
        }
        index = QuarantineIndex.open(folder.resolve("index"));
        assertThat(index.needsRebuild()).isTrue();
        assertThat(index.count()).isZero();
        index.add(entry().build());
        assertThat(index.count()).isEqualTo(1);
    }

    @Test
    void anIndexOfAnotherLayoutIsEmptiedAndNeedsARebuild() throws IOException {
        index.close();
        Path other = folder.resolve("other");
        try (FSDirectory directory = FSDirectory.open(other);
             IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
            Document doc = new Document();
            doc.add(new StringField("id", "old", Field.Store.YES));
            writer.addDocument(doc);
            writer.setLiveCommitData(Map.of(QuarantineIndex.COMMIT_LAYOUT, "0", QuarantineIndex.COMMIT_COMPLETE, "true").entrySet());
            writer.commit();
        }
        index = QuarantineIndex.open(other);
        assertThat(index.needsRebuild()).isTrue();
        assertThat(index.count()).isZero();
    }

    @Test
    void aFolderIsOpenedByOneIndexOnly() {
        assertThatThrownBy(() -> QuarantineIndex.open(folder.resolve("index")))
            .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("cannot open the quarantine index");
    }

    // --- concurrency

    @Test
    void concurrentWritersAndReadersSeeEveryEntry() throws Exception {
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads * 2);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                tasks.add(() -> {
                    for (int i = 0; i < perThread; i++) {
                        QuarantineEntry entry = entry().recipient("t" + thread + "-" + i + "@example.com")
                            .subject("from thread t" + thread).build();
                        index.add(entry);
                        if (index.get(entry.id()).isEmpty()) {
                            throw new AssertionError("not visible after add: " + entry.id());
                        }
                    }
                    return perThread;
                });
                tasks.add(() -> {
                    long last = 0;
                    for (int i = 0; i < perThread; i++) {
                        long total = index.search(QuarantineQuery.builder().domain("example.com").limit(5).build()).total();
                        if (total < last) {
                            throw new AssertionError("total went back from " + last + " to " + total);
                        }
                        last = total;
                    }
                    return 0;
                });
            }
            int added = 0;
            for (Future<Integer> result : pool.invokeAll(tasks)) {
                added += result.get();
            }
            assertThat(added).isEqualTo(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
        assertThat(index.count()).isEqualTo(threads * perThread);
        Set<QuarantineId> seen = new HashSet<>();
        for (int offset = 0; offset < threads * perThread; offset += 50) {
            seen.addAll(ids(index.search(QuarantineQuery.builder().offset(offset).limit(50).build())));
        }
        assertThat(seen).hasSize(threads * perThread);
        assertThat(IntStream.range(0, threads).mapToLong(t ->
            index.search(QuarantineQuery.builder().text("t" + t).build()).total()).sum()).isEqualTo(threads * perThread);
    }
}
