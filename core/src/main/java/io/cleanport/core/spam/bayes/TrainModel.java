package io.cleanport.core.spam.bayes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.spam.SmtpEnvelope;
import io.cleanport.core.spam.SpamMessage;
import io.cleanport.core.spam.SpamMessageParser;

/**
 * Trains the default model from a corpus folder holding {@code spam/}, {@code ham-easy/} and
 * {@code ham-hard/}, one raw message per file, and writes it as a {@link ModelFile}.
 *
 * <p>Every file is parsed (by the parser given: the gateway's own, so that the model's tokens are the
 * ones the gateway will see), tokenized and counted once per message; a message whose tokens repeat
 * another's counts once, as in the store. Tokens carried by fewer than {@value #MIN_MESSAGES_PER_TOKEN}
 * messages are left out: the classifier ignores them, and they are most of a vocabulary.
 *
 * <pre>
 * java -cp … io.cleanport.core.spam.bayes.TrainModel CORPUS_DIR OUTPUT.tsv.gz
 * </pre>
 * with the gateway's {@link SpamMessageParser}.
 */
public final class TrainModel {
    public static final List<String> SPAM_FOLDERS = List.of("spam");
    public static final List<String> HAM_FOLDERS = List.of("ham-easy", "ham-hard");
    public static final int MIN_MESSAGES_PER_TOKEN = 2;
    /** Larger files are skipped: the SMTP size limit keeps such messages out of the gateway anyway. */
    static final long MAX_MESSAGE_BYTES = 25L * 1024 * 1024;
    private static final Logger LOGGER = LoggerFactory.getLogger(TrainModel.class);

    private final Function<byte[], SpamMessage> parser;
    private final SpamTokenizer tokenizer;
    private final Set<MessageKey> seen = new HashSet<>();
    private final Map<String, int[]> counts = new HashMap<>();
    private long spamMessages;
    private long hamMessages;

    private TrainModel(Function<byte[], SpamMessage> parser, SpamTokenizer tokenizer) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    }

    /**
     * The model of every message under {@code corpus}'s class folders (a missing folder counts as
     * empty). Files the parser rejects, and files over 25 MB, are skipped with a warning.
     */
    public static BayesModel train(Path corpus, Function<byte[], SpamMessage> parser, SpamTokenizer tokenizer)
        throws IOException {
        TrainModel training = new TrainModel(parser, tokenizer);
        for (String folder : SPAM_FOLDERS) {
            training.learnFolder(corpus.resolve(folder), MessageClass.SPAM);
        }
        for (String folder : HAM_FOLDERS) {
            training.learnFolder(corpus.resolve(folder), MessageClass.HAM);
        }
        return training.model();
    }

    private void learnFolder(Path folder, MessageClass messageClass) throws IOException {
        if (!Files.isDirectory(folder)) {
            LOGGER.warn("No folder {}: no {} learned from it", folder, messageClass.asString());
            return;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            if (Files.size(file) > MAX_MESSAGE_BYTES) {
                LOGGER.warn("Skipped {}: larger than {} bytes", file, MAX_MESSAGE_BYTES);
                continue;
            }
            SpamMessage message;
            try (InputStream in = Files.newInputStream(file)) {
                message = parser.apply(in.readAllBytes());
            } catch (RuntimeException e) {
                LOGGER.warn("Skipped {}: the parser failed: {}", file, e.toString());
                continue;
            }
            learn(tokenizer.tokenize(message), messageClass);
        }
    }

    private void learn(TokenizedMessage message, MessageClass messageClass) {
        if (!seen.add(message.key())) {
            return;
        }
        int index = messageClass == MessageClass.SPAM ? 0 : 1;
        for (String token : message.tokens()) {
            counts.computeIfAbsent(token, t -> new int[2])[index]++;
        }
        if (messageClass == MessageClass.SPAM) {
            spamMessages++;
        } else {
            hamMessages++;
        }
    }

    private BayesModel model() {
        Map<String, TokenCounts> kept = new HashMap<>();
        counts.forEach((token, count) -> {
            if (count[0] + count[1] >= MIN_MESSAGES_PER_TOKEN) {
                kept.put(token, new TokenCounts(count[0], count[1]));
            }
        });
        return BayesModel.of(new LearnedTotals(spamMessages, hamMessages), kept);
    }

    /** {@code TrainModel CORPUS_DIR OUTPUT.tsv.gz}; see the class comment. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: TrainModel CORPUS_DIR OUTPUT.tsv.gz\n"
                + "  CORPUS_DIR holds spam/, ham-easy/ and ham-hard/, one raw message per file");
            System.exit(2);
        }
        SpamMessageParser gateway = new SpamMessageParser();
        Function<byte[], SpamMessage> parser = raw -> gateway.parse(raw, SmtpEnvelope.unknown());
        BayesModel model = train(Path.of(args[0]), parser, new SpamTokenizer());
        ModelFile.write(model, Path.of(args[1]));
        System.out.println("Wrote " + args[1] + ": " + model.tokens().size() + " tokens from "
            + model.totals().spamMessages() + " spam and " + model.totals().hamMessages() + " ham messages");
    }
}
