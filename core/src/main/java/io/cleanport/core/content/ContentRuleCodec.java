package io.cleanport.core.content;

import static io.cleanport.core.validation.JsonDocuments.describe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cleanport.core.policy.FilterAction;
import io.cleanport.core.validation.JsonDocuments;

/**
 * Reads and writes content rules as the WebAdmin API shows them.
 *
 * <p>Read: {@code {"type": "attachment", "value": ".exe", "action": "delete", "description": "…"}}, where
 * {@code type} and {@code value} are required, {@code action} and {@code description} optional
 * ({@code null} is the same as absent). A {@code size} rule's value may be a JSON integer or a string of
 * digits; every other value is a string. Reading is strict: unknown fields, values of the wrong JSON type
 * and invalid values are refused with a {@link ContentRuleValidationException} naming the field
 * ({@code $} for the document as a whole: malformed JSON, not an object).
 *
 * <p>Written: {@code {"id": "7K3M9QXZ2B", "type": …, "value": …, "action": … or null, "description": …
 * or null}}, every field present, the value always a string (the normalised one). Instances are
 * immutable and thread-safe.
 */
public final class ContentRuleCodec {
    /** Larger documents are refused before parsing. */
    public static final int MAX_DOCUMENT_BYTES = 16 * 1024;

    private static final String ROOT = "$";
    private static final Set<String> FIELDS = new java.util.LinkedHashSet<>(List.of(
        ContentRule.TYPE_FIELD, ContentRule.VALUE_FIELD, ContentRule.ACTION_FIELD, ContentRule.DESCRIPTION_FIELD));
    private static final String EXAMPLE = "{\"type\": \"attachment\", \"value\": \".exe\"}";

    private final ObjectMapper mapper = JsonDocuments.strictMapper();
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    /**
     * @return the rule, without id
     * @throws ContentRuleValidationException naming the offending field
     */
    public ContentRule parse(byte[] json) {
        JsonNode document = readObject(json);
        checkFieldNames(document);
        String type = string(document, ContentRule.TYPE_FIELD, "one of the strings " + ContentRuleType.accepted())
            .orElseThrow(() -> new ContentRuleValidationException(ContentRule.TYPE_FIELD,
                "is required; expected one of " + ContentRuleType.accepted()));
        ContentRuleType ruleType = ContentRuleType.parse(type);
        String value = value(document, ruleType);
        String action = string(document, ContentRule.ACTION_FIELD, "one of the strings quarantine, delete, tag").orElse(null);
        String description = string(document, ContentRule.DESCRIPTION_FIELD, "a string").orElse(null);
        return ContentRule.parse(type, value, action, description);
    }

    /** @see #parse(byte[]) */
    public ContentRule parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The rule as an object with every field. */
    public ObjectNode toJson(ContentRule rule) {
        ObjectNode node = nodes.objectNode();
        node.put(ContentRule.ID_FIELD, rule.id().orElse(null));
        node.put(ContentRule.TYPE_FIELD, rule.type().jsonValue());
        node.put(ContentRule.VALUE_FIELD, rule.value());
        node.put(ContentRule.ACTION_FIELD, rule.action().map(FilterAction::jsonValue).orElse(null));
        node.put(ContentRule.DESCRIPTION_FIELD, rule.description().orElse(null));
        return node;
    }

    /** The rules as an array, in the list's order. */
    public ArrayNode toJson(List<ContentRule> rules) {
        ArrayNode array = nodes.arrayNode();
        rules.forEach(rule -> array.add(toJson(rule)));
        return array;
    }

    public String render(ContentRule rule) {
        return write(toJson(rule));
    }

    public String render(List<ContentRule> rules) {
        return write(toJson(rules));
    }

    private String write(JsonNode node) {
        return JsonDocuments.write(mapper, node);
    }

    private JsonNode readObject(byte[] json) {
        if (json == null || json.length == 0) {
            throw emptyDocument();
        }
        if (json.length > MAX_DOCUMENT_BYTES) {
            throw new ContentRuleValidationException(ROOT, "the document is larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        JsonNode tree = JsonDocuments.readTree(mapper, json, problem -> new ContentRuleValidationException(ROOT, problem));
        if (tree == null || tree.isMissingNode()) {
            throw emptyDocument();
        }
        if (!tree.isObject()) {
            throw new ContentRuleValidationException(ROOT, "expected a JSON object such as " + EXAMPLE + ", got " + describe(tree));
        }
        return tree;
    }

    private static ContentRuleValidationException emptyDocument() {
        return new ContentRuleValidationException(ROOT, "the document is empty; send a rule such as " + EXAMPLE);
    }

    /** Names the first unknown field, and the others if there are more. */
    private static void checkFieldNames(JsonNode document) {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = document.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            String others = unknown.size() == 1 ? "" : " (so are " + String.join(", ", unknown.subList(1, unknown.size())) + ")";
            throw new ContentRuleValidationException(unknown.get(0),
                "unknown field" + others + "; accepted fields are " + String.join(", ", FIELDS));
        }
    }

    /** A string field; absent and null are both empty. */
    private static Optional<String> string(JsonNode document, String field, String expected) {
        JsonNode node = document.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new ContentRuleValidationException(field, "expected " + expected + ", got " + describe(node));
        }
        return Optional.of(node.textValue());
    }

    /** The value as text: a string, or for a size rule also an integer. */
    private static String value(JsonNode document, ContentRuleType type) {
        JsonNode node = document.get(ContentRule.VALUE_FIELD);
        if (node == null || node.isNull()) {
            return null; // ContentRule says it is required, and what it should be
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (type == ContentRuleType.SIZE && node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        String expected = type == ContentRuleType.SIZE ? "an integer or a string of digits" : "a string";
        throw new ContentRuleValidationException(ContentRule.VALUE_FIELD, "expected " + expected + " (a " + type
            + " rule takes " + RuleValue.expected(type) + "), got " + describe(node));
    }
}
