package io.cleanport.core.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link Verdict} as a compact JSON string, the value of a James mail attribute, and reads it
 * back.
 *
 * <pre>{"category":"virus","name":"EICAR-Test-File","score":100.0,
 *  "hits":[{"rule":"EICAR_TEST_FILE","score":100.0,"description":"EICAR anti-virus test file",
 *           "evidence":"attachment 'eicar.com' (part 2, application/octet-stream)"}]}</pre>
 *
 * <p>{@code name} is written for virus verdicts only; {@code score} is the sum of the hits' scores and is
 * checked on reading. Reading is strict about what it needs (types, required fields, the rules of
 * {@link Verdict}) and throws a {@link VerdictFormatException} naming the place, but ignores fields it does
 * not know: a mail written by a newer node may be read by an older one during a rolling upgrade.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class VerdictCodec {
    /** Larger documents are refused before parsing (a verdict of {@value Verdict#MAX_HITS} full hits is ~80 KB). */
    public static final int MAX_JSON_CHARS = 1024 * 1024;

    private static final String ROOT = "$";

    private final ObjectMapper mapper = new ObjectMapper()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .disable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    /** The compact JSON form, on one line. */
    public String toJson(Verdict verdict) {
        ObjectNode root = nodes.objectNode();
        root.put("category", verdict.category().asString());
        verdict.name().ifPresent(name -> root.put("name", name));
        root.put("score", verdict.score());
        ArrayNode hits = root.putArray("hits");
        for (RuleHit hit : verdict.hits()) {
            hits.addObject()
                .put("rule", hit.ruleId())
                .put("score", hit.score())
                .put("description", hit.description())
                .put("evidence", hit.evidence());
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /**
     * @throws VerdictFormatException naming the offending place
     */
    public Verdict fromJson(String json) {
        if (json == null) {
            throw new VerdictFormatException(ROOT, "no document (null)");
        }
        if (json.length() > MAX_JSON_CHARS) {
            throw new VerdictFormatException(ROOT, json.length() + " characters; at most " + MAX_JSON_CHARS + " are accepted");
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new VerdictFormatException(ROOT, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new VerdictFormatException(ROOT, "expected a JSON object");
        }
        Category category = category(required(root, "category", ROOT));
        Optional<String> name = root.has("name") ? Optional.of(text(root.get("name"), "name")) : Optional.empty();
        double score = number(required(root, "score", ROOT), "score");
        JsonNode hitsNode = required(root, "hits", ROOT);
        if (!hitsNode.isArray()) {
            throw new VerdictFormatException("hits", "expected an array of rule hits");
        }
        if (hitsNode.size() > Verdict.MAX_HITS) {
            throw new VerdictFormatException("hits", hitsNode.size() + " rule hits; at most " + Verdict.MAX_HITS + " are accepted");
        }
        List<RuleHit> hits = new ArrayList<>(hitsNode.size());
        for (int i = 0; i < hitsNode.size(); i++) {
            hits.add(hit(hitsNode.get(i), "hits[" + i + "]"));
        }
        Verdict verdict;
        try {
            verdict = Verdict.of(category, name, hits);
        } catch (IllegalArgumentException e) {
            throw new VerdictFormatException(ROOT, e.getMessage(), e);
        }
        if (Math.abs(verdict.score() - score) > 1e-6 * Math.max(1, Math.abs(score))) {
            throw new VerdictFormatException("score", score + " is not the sum of the hits' scores (" + verdict.score() + ")");
        }
        return verdict;
    }

    /** The verdict as the value of a mail attribute: its JSON form as a String. */
    public AttributeValue<String> toAttributeValue(Verdict verdict) {
        return AttributeValue.of(toJson(verdict));
    }

    /** A mail attribute holding the verdict. */
    public Attribute toAttribute(AttributeName name, Verdict verdict) {
        return new Attribute(name, toAttributeValue(verdict));
    }

    /**
     * Reads a verdict stored by {@link #toAttributeValue(Verdict)}.
     *
     * @throws VerdictFormatException when the value is not a String or not a verdict
     */
    public Verdict fromAttributeValue(AttributeValue<?> value) {
        Object raw = value == null ? null : value.getValue();
        if (!(raw instanceof String json)) {
            throw new VerdictFormatException(ROOT, "expected a String attribute value holding JSON, got "
                + (raw == null ? "nothing" : raw.getClass().getSimpleName()));
        }
        return fromJson(json);
    }

    private RuleHit hit(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new VerdictFormatException(path, "expected a JSON object");
        }
        String rule = text(required(node, "rule", path), path + ".rule");
        double score = number(required(node, "score", path), path + ".score");
        String description = text(required(node, "description", path), path + ".description");
        String evidence = text(required(node, "evidence", path), path + ".evidence");
        try {
            return RuleHit.of(rule, score, description, evidence);
        } catch (IllegalArgumentException e) {
            throw new VerdictFormatException(path, e.getMessage(), e);
        }
    }

    private static Category category(JsonNode node) {
        String value = text(node, "category");
        try {
            return Category.parse(value);
        } catch (IllegalArgumentException e) {
            throw new VerdictFormatException("category", e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode object, String field, String path) {
        JsonNode value = object.get(field);
        if (value == null) {
            throw new VerdictFormatException(path.equals(ROOT) ? field : path + "." + field, "missing");
        }
        return value;
    }

    private static String text(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw new VerdictFormatException(path, "expected a string, got " + describe(node));
        }
        return node.textValue();
    }

    private static double number(JsonNode node, String path) {
        if (!node.isNumber()) {
            throw new VerdictFormatException(path, "expected a number, got " + describe(node));
        }
        return node.doubleValue();
    }

    private static String describe(JsonNode node) {
        return node.isNull() ? "null" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
