package io.cleanport.core.antivirus;

import java.util.Optional;

import io.cleanport.core.verdict.Rule;

/**
 * One ProTAG heuristic on one file of a message: a named, weighted, explainable unit. Each rule is a small
 * class with its own test; {@link ProtagRules} runs them all on every {@link CarriedFile} of a message.
 *
 * <p>Rules are stateless and thread-safe: a scan calls them from its own thread with its own files.
 */
public interface FileRule {
    /** The rule as reported: id, default weight, one-line description. */
    Rule rule();

    /**
     * The family named by a virus verdict this rule decides: {@code ProTAG.<family>}. A letter, then
     * letters and digits.
     */
    String family();

    /**
     * @return the evidence when the file matches ("'invoice.pdf.exe' inside 'statement.zip' (part 2)"),
     *     empty otherwise
     */
    Optional<String> check(CarriedFile file);
}
