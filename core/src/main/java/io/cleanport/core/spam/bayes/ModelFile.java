package io.cleanport.core.spam.bayes;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BayesModel} as a file: gzip-compressed UTF-8 text, tab separated. The first line is
 * {@code cleanport-bayes-model}, the format version ({@code 1}), the spam and the ham messages learned;
 * then one line per token: the token, its spam count, its ham count. Tokens sorted, so the same model
 * always gives the same file.
 *
 * <pre>
 * cleanport-bayes-model	1	500	2625
 * url:tld:ru	31	2
 * </pre>
 *
 * The default model, trained on the project's corpus by {@link TrainModel}, ships as the class-path
 * resource {@value #DEFAULT_RESOURCE} and fills an empty store on first start
 * ({@link #importDefaultIfEmpty}).
 */
public final class ModelFile {
    public static final String DEFAULT_RESOURCE = "/io/cleanport/core/spam/bayes/default-model.tsv.gz";
    static final String MAGIC = "cleanport-bayes-model";
    static final int VERSION = 1;
    /** A token line is at most 40 characters and two counts: anything much longer is not a model. */
    private static final int MAX_LINE_CHARS = 200;
    private static final Logger LOGGER = LoggerFactory.getLogger(ModelFile.class);

    private ModelFile() {
    }

    public static void write(BayesModel model, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(model, out);
        }
    }

    /** Writes the model to {@code out}, gzip-compressed, and closes it. */
    public static void write(BayesModel model, OutputStream out) throws IOException {
        try (Writer writer = new OutputStreamWriter(new GZIPOutputStream(new BufferedOutputStream(out), 64 * 1024),
            StandardCharsets.UTF_8)) {
            writer.write(MAGIC + "\t" + VERSION + "\t" + model.totals().spamMessages() + "\t"
                + model.totals().hamMessages() + "\n");
            for (Map.Entry<String, TokenCounts> token : model.tokens().entrySet()) {
                writer.write(token.getKey() + "\t" + token.getValue().spam() + "\t" + token.getValue().ham() + "\n");
            }
        }
    }

    public static BayesModel read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /**
     * Reads a gzip-compressed model from {@code in}, and closes it.
     *
     * @throws IOException naming the line, if it is not a model file of a known version, a line is
     *     malformed, a token repeats, a count exceeds the totals, or there are more than
     *     {@value BayesModel#MAX_TOKENS} tokens
     */
    public static BayesModel read(InputStream in) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
            return read(reader);
        }
    }

    private static BayesModel read(BufferedReader reader) throws IOException {
        String[] header = fields(readLine(reader, 1), 4, 1);
        if (!MAGIC.equals(header[0]) || !String.valueOf(VERSION).equals(header[1])) {
            throw new IOException("line 1: not a " + MAGIC + " file of version " + VERSION);
        }
        LearnedTotals totals;
        try {
            totals = new LearnedTotals(number(header[2], 1), number(header[3], 1));
        } catch (IllegalArgumentException e) {
            throw new IOException("line 1: " + e.getMessage(), e);
        }
        Map<String, TokenCounts> tokens = new TreeMap<>();
        for (int lineNumber = 2; ; lineNumber++) {
            String line = readLine(reader, lineNumber);
            if (line == null) {
                break;
            }
            if (tokens.size() == BayesModel.MAX_TOKENS) {
                throw new IOException("line " + lineNumber + ": more than " + BayesModel.MAX_TOKENS + " tokens");
            }
            String[] token = fields(line, 3, lineNumber);
            try {
                TokenCounts counts = new TokenCounts(Math.toIntExact(number(token[1], lineNumber)),
                    Math.toIntExact(number(token[2], lineNumber)));
                if (tokens.put(TokenizedMessage.requireValidToken(token[0]), counts) != null) {
                    throw new IOException("line " + lineNumber + ": token '" + token[0] + "' repeated");
                }
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new IOException("line " + lineNumber + ": " + e.getMessage(), e);
            }
        }
        try {
            return BayesModel.of(totals, tokens);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Imports the model in {@code file} if the store has learned nothing yet (the file is not read
     * otherwise).
     *
     * @return whether it was imported
     */
    public static boolean importIfEmpty(TokenStore store, Path file) throws IOException {
        if (!store.totals().isEmpty()) {
            return false;
        }
        return imported(store, read(file), file.toString());
    }

    /**
     * Imports the default model shipped with the product ({@value #DEFAULT_RESOURCE}) if the store has
     * learned nothing yet.
     *
     * @return whether it was imported; false too when this build carries no default model
     * @throws IOException if the shipped model cannot be read: a broken build, not to be ignored
     */
    public static boolean importDefaultIfEmpty(TokenStore store) throws IOException {
        if (!store.totals().isEmpty()) {
            return false;
        }
        Optional<BayesModel> model = readDefault();
        if (model.isEmpty()) {
            LOGGER.warn("No default spam model ({}) in this build: the Bayes classifier starts empty", DEFAULT_RESOURCE);
            return false;
        }
        return imported(store, model.get(), DEFAULT_RESOURCE);
    }

    /** The default model shipped with the product, if this build carries one. */
    public static Optional<BayesModel> readDefault() throws IOException {
        try (InputStream in = ModelFile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return in == null ? Optional.empty() : Optional.of(read(in));
        }
    }

    private static boolean imported(TokenStore store, BayesModel model, String source) {
        boolean imported = store.importIfEmpty(model);
        if (imported) {
            LOGGER.info("Imported the spam model {}: {} tokens, {} spam and {} ham messages", source,
                model.tokens().size(), model.totals().spamMessages(), model.totals().hamMessages());
        }
        return imported;
    }

    /** The next line without its line feed, or null at the end; bounded, so a hostile file costs little. */
    private static String readLine(Reader reader, int lineNumber) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = reader.read()) >= 0 && c != '\n') {
            if (line.length() == MAX_LINE_CHARS) {
                throw new IOException("line " + lineNumber + ": longer than " + MAX_LINE_CHARS + " characters");
            }
            line.append((char) c);
        }
        return c < 0 && line.length() == 0 ? null : line.toString();
    }

    private static String[] fields(String line, int expected, int lineNumber) throws IOException {
        String[] fields = line == null ? new String[0] : line.split("\t", -1);
        if (fields.length != expected) {
            throw new IOException("line " + lineNumber + ": expected " + expected + " tab-separated fields");
        }
        return fields;
    }

    private static long number(String field, int lineNumber) throws IOException {
        if (!field.matches("[0-9]{1,10}")) {
            throw new IOException("line " + lineNumber + ": '" + field + "' is not a count");
        }
        return Long.parseLong(field);
    }
}
