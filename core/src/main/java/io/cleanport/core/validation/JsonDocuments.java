package io.cleanport.core.validation;

import java.io.IOException;
import java.util.Locale;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The strict reading of the JSON documents sent to CleanPort (policies, content rules), shared by their
 * codecs: duplicate keys and trailing tokens are refused, and problems are described in words an
 * administrator can act on.
 */
public final class JsonDocuments {
    private JsonDocuments() {
    }

    /** A mapper that refuses duplicate keys and trailing tokens, and keeps the source out of error locations. */
    public static ObjectMapper strictMapper() {
        return new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * The tree of {@code json}, possibly {@code null} or missing; malformed JSON is reported through
     * {@code invalidDocument}, given the problem ("malformed JSON: ... (line l, column c)").
     */
    public static JsonNode readTree(ObjectMapper mapper, byte[] json,
                                    Function<String, ? extends RuntimeException> invalidDocument) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalidDocument.apply("malformed JSON: " + e.getOriginalMessage() + location(e.getLocation()));
        } catch (IOException e) {
            throw invalidDocument.apply("malformed JSON: " + e.getMessage());
        }
    }

    /** {@code node} as text, for trees built in memory. */
    public static String write(ObjectMapper mapper, JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a JSON tree", e);
        }
    }

    /** What a value is, for "expected ..., got ..." messages: a string is quoted and cut at 40 characters. */
    public static String describe(JsonNode node) {
        if (node.isTextual()) {
            String text = node.textValue();
            return "the string \"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
        }
        if (node.isBoolean()) {
            return "the boolean " + node.booleanValue();
        }
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isNull()) {
            return "null";
        }
        return node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    private static String location(JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
