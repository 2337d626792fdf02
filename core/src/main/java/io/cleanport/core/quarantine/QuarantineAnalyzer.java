package io.cleanport.core.quarantine;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * How subject and sender text are cut into words, for indexing and for the free-text query alike:
 * Unicode word boundaries (an address {@code bob@example.org} gives {@code bob} and {@code example.org}),
 * lower case, accents folded ({@code Rechnung für Sie} is found by {@code fur}). No stop words: a
 * subject is short and every word of it may be what an administrator remembers.
 */
final class QuarantineAnalyzer extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        StandardTokenizer tokenizer = new StandardTokenizer();
        TokenStream stream = new LowerCaseFilter(tokenizer);
        stream = new ASCIIFoldingFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(in));
    }
}
