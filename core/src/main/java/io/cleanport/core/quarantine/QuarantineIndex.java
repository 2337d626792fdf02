package io.cleanport.core.quarantine;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleDocValuesField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The searchable index of the three quarantines: one Lucene document per {@link QuarantineEntry}, kept in
 * a directory of its own. It serves {@code GET /cleanport/quarantine} (filters, free text, sorting,
 * paging), the lookups of one entry, and the purge job's list of expired entries.
 *
 * <p><b>Derived data.</b> The mail repositories are the truth; this index is rebuilt from them with
 * {@link #rebuild(Stream)}. A quarantining step stores the mail in its repository first and indexes it
 * second, so a crash between the two leaves an entry the index misses until the next rebuild, never an
 * index entry without its mail. {@link #needsRebuild()} says when the directory holds no complete index:
 * a new directory, an index of an older layout, an unreadable (corrupt) index (its files are deleted and
 * an empty index started, with a warning), or a rebuild that has never completed. The owner (the
 * server's start-up) then rebuilds; other failures to open, such as a folder locked by another process,
 * are errors.
 *
 * <p><b>Durable and visible at once.</b> Every change ({@link #add}, {@link #update}, {@link #delete})
 * is committed (fsync) and the searcher refreshed before it returns: when {@code add} returns, the entry
 * is on disk and the next search finds it, and a crash never costs a rebuild. A Lucene commit costs tens
 * of milliseconds, so commits are shared: writers that arrive while one runs are all covered by the next
 * (group commit), and a burst of quarantined recipients costs a few commits, not one each. Changes are
 * serialised; searches run concurrently with them and with each other, on the last refreshed state.
 *
 * <p><b>Rebuild.</b> {@link #rebuild(Stream)} adds every entry of the stream beside the old ones, then
 * deletes the old ones and commits, all in one commit: searches see the old index until the new one is
 * complete, a crash in between keeps the old index, and a stream that fails midway leaves the old index
 * as it was. Changes wait while a rebuild runs and apply after it. (An {@code add} caught between its
 * write and its commit when a rebuild starts is replaced by what the stream holds: the rebuild reads the
 * repositories after it started, and the quarantining step stored that mail before indexing it.)
 *
 * <p>Only one process may open a directory (Lucene's write lock); each node has its own index.
 * Instances are thread-safe.
 */
public final class QuarantineIndex implements Closeable {
    /** The most {@link #expiredBefore} returns in one call. */
    public static final int MAX_EXPIRED_BATCH = 100_000;
    /** The layout of the documents; an index written with another is emptied on open and needs a rebuild. */
    static final String LAYOUT = "1";
    static final String COMMIT_LAYOUT = "cleanport.quarantine.layout";
    static final String COMMIT_COMPLETE = "cleanport.quarantine.complete";

    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineIndex.class);

    private static final String ID = "id";
    private static final String MESSAGE = "message";
    private static final String CATEGORY = "category";
    private static final String DOMAIN = "domain";
    private static final String RECIPIENT = "recipient";
    private static final String SENDER = "sender";
    private static final String SENDER_DOMAIN = "senderDomain";
    private static final String SUBJECT_TEXT = "subjectText";
    private static final String SENDER_TEXT = "senderText";
    private static final String RECEIVED = "received";
    private static final String EXPIRES = "expires";
    private static final String SIZE = "size";
    private static final String SCORE = "score";
    private static final String SENDER_SORT = "senderSort";
    private static final String SUBJECT_SORT = "subjectSort";
    private static final String ENTRY = "entry";
    private static final String REBUILD = "rebuild";
    private static final String REBUILD_ID = "rebuildId";
    /** Subjects sort by their first characters; longer keys only cost memory. */
    private static final int SORT_KEY_LENGTH = 200;
    private static final int TEXT_OPERATORS = SimpleQueryParser.AND_OPERATOR | SimpleQueryParser.OR_OPERATOR
        | SimpleQueryParser.NOT_OPERATOR | SimpleQueryParser.PHRASE_OPERATOR | SimpleQueryParser.PREFIX_OPERATOR
        | SimpleQueryParser.PRECEDENCE_OPERATORS | SimpleQueryParser.ESCAPE_OPERATOR | SimpleQueryParser.WHITESPACE_OPERATOR;

    private final Path path;
    private final Directory directory;
    private final Analyzer analyzer;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final QuarantineEntryCodec codec = new QuarantineEntryCodec();
    /** Serialises changes, and makes check-then-change ({@link #update}, {@link #delete}) atomic. */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Serialises commit-and-refresh; a rebuild holds it throughout. Lock order: write, then commit. */
    private final ReentrantLock commitLock = new ReentrantLock();
    /** The last change that is committed and visible; guarded by {@link #commitLock}. */
    private long durableSequence = -1;
    private volatile boolean needsRebuild;

    private QuarantineIndex(Path path, Directory directory, Analyzer analyzer, IndexWriter writer, boolean needsRebuild) throws IOException {
        this.path = path;
        this.directory = directory;
        this.analyzer = analyzer;
        this.writer = writer;
        this.searchers = new SearcherManager(writer, true, false, null);
        this.needsRebuild = needsRebuild;
    }

    /**
     * Opens the index in {@code folder}, creating the folder and an empty index if needed.
     *
     * @throws UncheckedIOException if the folder cannot be used (not writable, locked by another process)
     */
    public static QuarantineIndex open(Path folder) {
        Objects.requireNonNull(folder, "folder");
        Directory directory = null;
        IndexWriter writer = null;
        try {
            Files.createDirectories(folder);
            directory = FSDirectory.open(folder);
            Analyzer analyzer = new QuarantineAnalyzer();
            boolean existed = DirectoryReader.indexExists(directory);
            try {
                writer = openWriter(directory, analyzer);
                // Opening a reader reads every segment's metadata: a corrupt index shows here, not in a search.
                DirectoryReader.open(writer).close();
            } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException e) {
                if (writer != null) {
                    writer.rollback();
                    writer = null;
                }
                LOGGER.warn("The quarantine index in {} is unreadable ({}); starting an empty index, which needs a rebuild from the quarantine repositories",
                    folder, e.toString());
                clear(directory);
                existed = false;
                writer = openWriter(directory, analyzer);
            }
            Map<String, String> data = commitData(writer);
            boolean needsRebuild;
            if (!existed) {
                needsRebuild = true;
                writer.setLiveCommitData(Map.of(COMMIT_LAYOUT, LAYOUT, COMMIT_COMPLETE, "false").entrySet());
                writer.commit();
            } else if (!LAYOUT.equals(data.get(COMMIT_LAYOUT))) {
                LOGGER.warn("The quarantine index in {} has layout {}, this version writes {}; emptying it, it needs a rebuild from the quarantine repositories",
                    folder, data.get(COMMIT_LAYOUT), LAYOUT);
                needsRebuild = true;
                writer.deleteAll();
                writer.setLiveCommitData(Map.of(COMMIT_LAYOUT, LAYOUT, COMMIT_COMPLETE, "false").entrySet());
                writer.commit();
            } else {
                needsRebuild = !"true".equals(data.get(COMMIT_COMPLETE));
            }
            return new QuarantineIndex(folder, directory, analyzer, writer, needsRebuild);
        } catch (IOException e) {
            if (writer != null) {
                try {
                    writer.rollback();
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            closeQuietly(directory);
            throw new UncheckedIOException("cannot open the quarantine index in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static IndexWriter openWriter(Directory directory, Analyzer analyzer) throws IOException {
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
            .setCommitOnClose(true);
        return new IndexWriter(directory, config);
    }

    private static void clear(Directory directory) throws IOException {
        for (String file : directory.listAll()) {
            if (!file.equals(IndexWriter.WRITE_LOCK_NAME)) {
                directory.deleteFile(file);
            }
        }
    }

    private static Map<String, String> commitData(IndexWriter writer) {
        Map<String, String> data = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(entry -> data.put(entry.getKey(), entry.getValue()));
        }
        return data;
    }

    /** The folder of this index. */
    public Path path() {
        return path;
    }

    /**
     * True while this index may miss entries that are in the repositories: it was just created, emptied
     * (unreadable or of an older layout), or never completely rebuilt. The owner then runs
     * {@link #rebuild(Stream)}; it stays true across restarts until a rebuild completes.
     */
    public boolean needsRebuild() {
        return needsRebuild;
    }

    /**
     * Indexes {@code entry}, replacing any entry of the same id (a retried quarantining step writes the
     * same entry again). Durable and searchable when this returns.
     */
    public void add(QuarantineEntry entry) {
        Objects.requireNonNull(entry, "entry");
        Document document = document(entry, null);
        long sequence;
        writeLock.lock();
        try {
            sequence = writer.updateDocument(idTerm(entry.id()), document);
        } catch (IOException e) {
            throw failure(e);
        } finally {
            writeLock.unlock();
        }
        try {
            makeDurable(sequence);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /**
     * Replaces the indexed entry of the same id (to record a release, for instance); does nothing if
     * there is none, so an update racing a delete or a purge never brings the entry back.
     *
     * @return whether an entry was replaced
     */
    public boolean update(QuarantineEntry entry) {
        Objects.requireNonNull(entry, "entry");
        Document document = document(entry, null);
        writeLock.lock();
        try {
            if (!exists(entry.id())) {
                return false;
            }
            makeDurable(writer.updateDocument(idTerm(entry.id()), document));
            return true;
        } catch (IOException e) {
            throw failure(e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Removes the entry {@code id}.
     *
     * @return whether there was one
     */
    public boolean delete(QuarantineId id) {
        Objects.requireNonNull(id, "id");
        return delete(List.of(id)) == 1;
    }

    /**
     * Removes the entries {@code ids} in one commit (the purge job's batches).
     *
     * @return how many of them there were
     */
    public int delete(Collection<QuarantineId> ids) {
        Objects.requireNonNull(ids, "ids");
        writeLock.lock();
        try {
            List<Term> present = new ArrayList<>(ids.size());
            for (QuarantineId id : new LinkedHashSet<>(ids)) {
                if (exists(id)) {
                    present.add(idTerm(id));
                }
            }
            if (!present.isEmpty()) {
                makeDurable(writer.deleteDocuments(present.toArray(Term[]::new)));
            }
            return present.size();
        } catch (IOException e) {
            throw failure(e);
        } finally {
            writeLock.unlock();
        }
    }

    /** The entry {@code id}, if indexed. */
    public Optional<QuarantineEntry> get(QuarantineId id) {
        Objects.requireNonNull(id, "id");
        return read(searcher -> {
            TopFieldDocs top = searcher.search(new TermQuery(idTerm(id)), 1, Sort.INDEXORDER);
            return entries(searcher, top.scoreDocs, 0).stream().findFirst();
        });
    }

    /** How many entries the index holds. */
    public long count() {
        return read(searcher -> (long) searcher.getIndexReader().numDocs());
    }

    /** The entries matching {@code query}: their exact number, and the page the query asks for. */
    public QuarantinePage search(QuarantineQuery query) {
        Objects.requireNonNull(query, "query");
        Query lucene = luceneQuery(query);
        Sort sort = sort(query.sort(), query.order());
        return read(searcher -> {
            // An exact total (threshold MAX_VALUE), not Lucene's default lower bound past 1,000 hits.
            TopFieldDocs top = searcher.search(lucene,
                new TopFieldCollectorManager(sort, query.offset() + query.limit(), null, Integer.MAX_VALUE));
            return new QuarantinePage(top.totalHits.value, entries(searcher, top.scoreDocs, query.offset()));
        });
    }

    /**
     * The ids of entries expired at {@code now} ({@code expires <= now}), the longest expired first, at
     * most {@code max}: the purge job deletes them from their repository, then from this index, and
     * asks again until none is left.
     *
     * @throws QuarantineValidationException (field {@code max}) outside 1 to {@value #MAX_EXPIRED_BATCH}
     */
    public List<QuarantineId> expiredBefore(Instant now, int max) {
        Objects.requireNonNull(now, "now");
        if (max < 1 || max > MAX_EXPIRED_BATCH) {
            throw new QuarantineValidationException("max", "must be between 1 and " + MAX_EXPIRED_BATCH + ", got " + max);
        }
        Query expired = LongPoint.newRangeQuery(EXPIRES, Long.MIN_VALUE, now.toEpochMilli());
        Sort oldestFirst = new Sort(new SortField(EXPIRES, SortField.Type.LONG), new SortField(ID, SortField.Type.STRING));
        return read(searcher -> {
            TopFieldDocs top = searcher.search(expired, max, oldestFirst);
            List<QuarantineId> ids = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc hit : top.scoreDocs) {
                // The id is the second sort value: no entry to read.
                ids.add(QuarantineId.parse(((BytesRef) ((FieldDoc) hit).fields[1]).utf8ToString()));
            }
            return ids;
        });
    }

    /**
     * Replaces the whole index with {@code entries} (read from the quarantine repositories), in one
     * commit; see the class description. Entries of the same id collapse to the last. The stream is
     * consumed, not closed.
     *
     * @return the number of entries in the index afterwards
     * @throws UncheckedIOException or whatever the stream throws; the index is then as it was
     */
    public long rebuild(Stream<QuarantineEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        String token = UUID.randomUUID().toString();
        // Both locks for the whole rebuild: no change starts, and no commit exposes a half-built index.
        writeLock.lock();
        commitLock.lock();
        try {
            try {
                Iterator<QuarantineEntry> iterator = entries.iterator();
                while (iterator.hasNext()) {
                    QuarantineEntry entry = iterator.next();
                    writer.updateDocument(new Term(REBUILD_ID, token + entry.id().asString()), document(entry, token));
                }
                writer.deleteDocuments(new BooleanQuery.Builder()
                    .add(new MatchAllDocsQuery(), Occur.FILTER)
                    .add(new TermQuery(new Term(REBUILD, token)), Occur.MUST_NOT)
                    .build());
                writer.setLiveCommitData(Map.of(COMMIT_LAYOUT, LAYOUT, COMMIT_COMPLETE, "true").entrySet());
            } catch (RuntimeException | IOException | Error e) {
                try {
                    makeDurable(writer.deleteDocuments(new Term(REBUILD, token)));
                } catch (IOException | RuntimeException undo) {
                    e.addSuppressed(undo);
                }
                throw e;
            }
            long committed = writer.commit();
            searchers.maybeRefreshBlocking();
            durableSequence = Math.max(durableSequence, committed);
            needsRebuild = false;
            // After the commit, which applied the deletes.
            return (long) writer.getDocStats().numDocs;
        } catch (IOException e) {
            throw failure(e);
        } finally {
            commitLock.unlock();
            writeLock.unlock();
        }
    }

    /** Commits what is pending and releases the folder. */
    @Override
    public void close() {
        writeLock.lock();
        commitLock.lock();
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the quarantine index in " + path + ": " + e.getMessage(), e);
        } finally {
            commitLock.unlock();
            writeLock.unlock();
        }
    }

    @FunctionalInterface
    private interface IndexRead<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    /**
     * Returns once the change numbered {@code sequence} is committed and searchable. Commits are shared:
     * the writers that queue here while a commit runs are all covered by the next one (group commit), so
     * concurrent quarantining pays for a commit per batch, not per entry.
     */
    private void makeDurable(long sequence) throws IOException {
        commitLock.lock();
        try {
            if (durableSequence < sequence) {
                long committed = writer.commit();
                searchers.maybeRefreshBlocking();
                durableSequence = Math.max(durableSequence, Math.max(committed, sequence));
            }
        } finally {
            commitLock.unlock();
        }
    }

    private UncheckedIOException failure(IOException e) {
        return new UncheckedIOException("quarantine index in " + path + ": " + e.getMessage(), e);
    }

    private <T> T read(IndexRead<T> search) {
        IndexSearcher searcher;
        try {
            searcher = searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException("quarantine index in " + path + ": " + e.getMessage(), e);
        }
        try {
            return search.apply(searcher);
        } catch (IOException e) {
            throw failure(e);
        } finally {
            try {
                searchers.release(searcher);
            } catch (IOException e) {
                LOGGER.warn("cannot release a quarantine index searcher in {}", path, e);
            }
        }
    }

    /**
     * Under the write lock: every change that has returned is committed and refreshed, and updates and
     * deletes hold the lock until theirs is, so the current searcher answers for all of them.
     */
    private boolean exists(QuarantineId id) {
        return read(searcher -> searcher.count(new TermQuery(idTerm(id))) > 0);
    }

    /**
     * The entries of {@code hits[from..]}, in that order. Each entry is kept whole (its JSON form) in a
     * binary doc value rather than a stored field: stored fields are compressed in blocks of many
     * documents, so reading 50 scattered entries would decompress 50 blocks; a doc value is read in place.
     */
    private List<QuarantineEntry> entries(IndexSearcher searcher, ScoreDoc[] hits, int from) throws IOException {
        int count = Math.max(0, hits.length - from);
        QuarantineEntry[] entries = new QuarantineEntry[count];
        // Doc values are read forward only: visit the hits by document number, then put them back in order.
        Integer[] byDoc = new Integer[count];
        for (int i = 0; i < count; i++) {
            byDoc[i] = from + i;
        }
        Arrays.sort(byDoc, Comparator.comparingInt(i -> hits[i].doc));
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        int leaf = -1;
        BinaryDocValues values = null;
        for (int hit : byDoc) {
            int doc = hits[hit].doc;
            int hitLeaf = ReaderUtil.subIndex(doc, leaves);
            if (hitLeaf != leaf) {
                leaf = hitLeaf;
                values = DocValues.getBinary(leaves.get(leaf).reader(), ENTRY);
            }
            if (!values.advanceExact(doc - leaves.get(leaf).docBase)) {
                throw new IllegalStateException("quarantine index in " + path + ": document " + doc + " has no entry; rebuild the index");
            }
            entries[hit - from] = codec.read(values.binaryValue().utf8ToString());
        }
        return Arrays.asList(entries);
    }

    private static Term idTerm(QuarantineId id) {
        return new Term(ID, id.asString());
    }

    private Document document(QuarantineEntry entry, String rebuildToken) {
        Document doc = new Document();
        String id = entry.id().asString();
        doc.add(new StringField(ID, id, Field.Store.NO));
        doc.add(new SortedDocValuesField(ID, new BytesRef(id)));
        doc.add(new StringField(MESSAGE, entry.messageId().asString(), Field.Store.NO));
        doc.add(new StringField(CATEGORY, entry.category().jsonValue(), Field.Store.NO));
        doc.add(new StringField(DOMAIN, entry.domain(), Field.Store.NO));
        doc.add(new StringField(RECIPIENT, entry.recipient().toLowerCase(Locale.ROOT), Field.Store.NO));
        String sender = entry.sender().toLowerCase(Locale.ROOT);
        doc.add(new StringField(SENDER, sender, Field.Store.NO));
        entry.senderAddress().ifPresent(address ->
            doc.add(new StringField(SENDER_DOMAIN, address.getDomain().asString().toLowerCase(Locale.ROOT), Field.Store.NO)));
        doc.add(new TextField(SUBJECT_TEXT, entry.subject(), Field.Store.NO));
        doc.add(new TextField(SENDER_TEXT, entry.hasNullSender() ? "" : entry.sender(), Field.Store.NO));
        long received = entry.received().toEpochMilli();
        doc.add(new LongPoint(RECEIVED, received));
        doc.add(new NumericDocValuesField(RECEIVED, received));
        long expires = entry.expires().toEpochMilli();
        doc.add(new LongPoint(EXPIRES, expires));
        doc.add(new NumericDocValuesField(EXPIRES, expires));
        doc.add(new NumericDocValuesField(SIZE, entry.size()));
        entry.score().ifPresent(score -> doc.add(new DoubleDocValuesField(SCORE, score)));
        doc.add(new SortedDocValuesField(SENDER_SORT, new BytesRef(sortKey(entry.hasNullSender() ? "" : sender))));
        doc.add(new SortedDocValuesField(SUBJECT_SORT, new BytesRef(sortKey(entry.subject()))));
        doc.add(new BinaryDocValuesField(ENTRY, new BytesRef(codec.write(entry))));
        if (rebuildToken != null) {
            doc.add(new StringField(REBUILD, rebuildToken, Field.Store.NO));
            doc.add(new StringField(REBUILD_ID, rebuildToken + id, Field.Store.NO));
        }
        return doc;
    }

    private static String sortKey(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.length() <= SORT_KEY_LENGTH) {
            return lower;
        }
        int end = Character.isHighSurrogate(lower.charAt(SORT_KEY_LENGTH - 1)) ? SORT_KEY_LENGTH - 1 : SORT_KEY_LENGTH;
        return lower.substring(0, end);
    }

    private Query luceneQuery(QuarantineQuery query) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        query.category().ifPresent(category -> builder.add(term(CATEGORY, category.jsonValue()), Occur.FILTER));
        query.domain().ifPresent(domain -> builder.add(term(DOMAIN, domain), Occur.FILTER));
        query.recipient().ifPresent(recipient -> builder.add(term(RECIPIENT, recipient), Occur.FILTER));
        query.sender().ifPresent(sender -> builder.add(term(SENDER, sender), Occur.FILTER));
        query.senderDomain().ifPresent(domain -> builder.add(term(SENDER_DOMAIN, domain), Occur.FILTER));
        query.messageId().ifPresent(id -> builder.add(term(MESSAGE, id.asString()), Occur.FILTER));
        if (query.since().isPresent() || query.until().isPresent()) {
            long from = query.since().map(Instant::toEpochMilli).orElse(Long.MIN_VALUE);
            long to = query.until().map(until -> until.toEpochMilli() - 1).orElse(Long.MAX_VALUE);
            builder.add(LongPoint.newRangeQuery(RECEIVED, from, to), Occur.FILTER);
        }
        query.text().ifPresent(text -> builder.add(textQuery(text), Occur.FILTER));
        BooleanQuery built = builder.build();
        return built.clauses().isEmpty() ? new MatchAllDocsQuery() : built;
    }

    private static Query term(String field, String value) {
        return new TermQuery(new Term(field, value));
    }

    /** Words required in subject or sender; see {@link QuarantineQuery}. */
    private Query textQuery(String text) {
        SimpleQueryParser parser = new SimpleQueryParser(analyzer, Map.of(SUBJECT_TEXT, 1f, SENDER_TEXT, 1f), TEXT_OPERATORS);
        parser.setDefaultOperator(Occur.MUST);
        Query parsed = parser.parse(text);
        if (parsed == null) {
            // Nothing searchable in it (only punctuation, say): nothing matches it.
            return new MatchNoDocsQuery("no words in q");
        }
        if (parsed instanceof BooleanQuery bool && !bool.clauses().isEmpty()
            && bool.clauses().stream().allMatch(clause -> clause.getOccur() == Occur.MUST_NOT)) {
            // "-word" alone: every entry without the word, rather than none.
            BooleanQuery.Builder all = new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER);
            for (BooleanClause clause : bool.clauses()) {
                all.add(clause);
            }
            return all.build();
        }
        return parsed;
    }

    private static Sort sort(QuarantineSort field, QuarantineSort.Order order) {
        boolean reverse = order == QuarantineSort.Order.DESC;
        SortField primary = switch (field) {
            case RECEIVED -> new SortField(RECEIVED, SortField.Type.LONG, reverse);
            case SIZE -> new SortField(SIZE, SortField.Type.LONG, reverse);
            case SCORE -> {
                SortField score = new SortField(SCORE, SortField.Type.DOUBLE, reverse);
                // Entries without a score come last in both orders.
                score.setMissingValue(reverse ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
                yield score;
            }
            case SENDER -> new SortField(SENDER_SORT, SortField.Type.STRING, reverse);
            case SUBJECT -> new SortField(SUBJECT_SORT, SortField.Type.STRING, reverse);
        };
        return new Sort(primary, new SortField(ID, SortField.Type.STRING, reverse));
    }

    private static void closeQuietly(Directory directory) {
        if (directory != null) {
            try {
                directory.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }
}
