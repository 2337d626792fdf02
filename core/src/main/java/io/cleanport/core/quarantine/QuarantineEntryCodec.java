package io.cleanport.core.quarantine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a {@link QuarantineEntry}: what the index stores with each entry, and what a
 * quarantining mailet can keep with the mail in its repository so that the index can be rebuilt from
 * the repositories alone.
 *
 * <pre>{"v":1, "id":"…", "category":"spam", "recipient":"alice@example.com", "sender":"bob@example.org",
 *  "subject":"…", "size":1234, "received":"2026-01-01T00:00:00Z", "expires":"…", "score":7.5,
 *  "level":3, "threshold":6.0, "reasons":[{"ruleId":"…","text":"…"}], "repositoryUrl":"file://var/mail/quarantine/spam/",
 *  "mailKey":"…", "released":"…", "outboundDomain":"example.com"}</pre>
 *
 * {@code score}, {@code level} with {@code threshold} (spam entries), {@code released} and
 * {@code outboundDomain} (only outbound entries have it) are left out when absent; the null sender is {@code "<>"}.
 * Reading checks everything {@link QuarantineEntry.Builder#build()} checks, and that {@code id} is the
 * one the message id and recipient give. Instances are immutable and thread-safe.
 */
public final class QuarantineEntryCodec {
    /** The version written in {@code v}; a reader refuses others. */
    public static final int VERSION = 1;

    private final ObjectMapper mapper = new ObjectMapper();

    public String write(QuarantineEntry entry) {
        ObjectNode node = mapper.createObjectNode();
        node.put("v", VERSION);
        node.put("id", entry.id().asString());
        node.put("category", entry.category().jsonValue());
        node.put("recipient", entry.recipient());
        node.put("sender", entry.sender());
        node.put("subject", entry.subject());
        node.put("size", entry.size());
        node.put("received", entry.received().toString());
        node.put("expires", entry.expires().toString());
        entry.score().ifPresent(score -> node.put("score", score));
        entry.spamLevel().ifPresent(level -> node.put("level", level.level()).put("threshold", level.threshold()));
        ArrayNode reasons = node.putArray("reasons");
        for (QuarantineReason reason : entry.reasons()) {
            reasons.addObject().put("ruleId", reason.ruleId()).put("text", reason.text());
        }
        node.put("repositoryUrl", entry.location().repositoryUrl());
        node.put("mailKey", entry.location().mailKey());
        entry.released().ifPresent(at -> node.put("released", at.toString()));
        if (entry.isOutbound()) {
            node.put("outboundDomain", entry.domain());
        }
        try {
            return mapper.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @throws QuarantineValidationException naming the field at fault ({@code $} for a document that is
     *                                       not JSON)
     */
    public QuarantineEntry read(String json) {
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new QuarantineValidationException("$", "not a JSON document: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new QuarantineValidationException("$", "not a JSON object");
        }
        if (node.path("v").asInt(-1) != VERSION) {
            throw new QuarantineValidationException("v", "version " + node.path("v") + " is not " + VERSION);
        }
        QuarantineId id = QuarantineId.parse(text(node, "id"));
        List<QuarantineReason> reasons = new ArrayList<>();
        JsonNode reasonNodes = node.path("reasons");
        if (!reasonNodes.isArray()) {
            throw new QuarantineValidationException("reasons", "an array is required");
        }
        for (JsonNode reason : reasonNodes) {
            reasons.add(QuarantineReason.of(text(reason, "ruleId"), text(reason, "text")));
        }
        JsonNode size = node.path("size");
        if (!size.canConvertToLong() || !size.isIntegralNumber()) {
            throw new QuarantineValidationException("size", "an integer is required");
        }
        JsonNode score = node.path("score");
        if (!score.isMissingNode() && !score.isNumber()) {
            throw new QuarantineValidationException("score", "a number is required");
        }
        JsonNode level = node.path("level");
        JsonNode threshold = node.path("threshold");
        if (level.isMissingNode() != threshold.isMissingNode() || !level.isMissingNode() && !level.isInt()) {
            throw new QuarantineValidationException("level", "an integer level and a threshold go together");
        }
        if (!threshold.isMissingNode() && !threshold.isNumber()) {
            throw new QuarantineValidationException("threshold", "a number is required");
        }
        QuarantineEntry entry = QuarantineEntry.builder()
            .messageId(id.messageId())
            .category(QuarantineCategory.parse("category", text(node, "category")))
            .recipient(text(node, "recipient"))
            .sender(text(node, "sender"))
            .subject(text(node, "subject"))
            .size(size.longValue())
            .received(instant(node, "received"))
            .expires(instant(node, "expires"))
            .score(score.isMissingNode() ? OptionalDouble.empty() : OptionalDouble.of(score.doubleValue()))
            .spamLevel(level.isMissingNode() ? Optional.empty() : Optional.of(new SpamLevel(level.intValue(), threshold.doubleValue())))
            .reasons(reasons)
            .location(RepositoryLocation.of(text(node, "repositoryUrl"), text(node, "mailKey")))
            .released(node.has("released") ? instant(node, "released") : null)
            .outboundDomain(node.has("outboundDomain") ? Optional.of(text(node, "outboundDomain")) : Optional.empty())
            .build();
        if (!entry.id().equals(id)) {
            throw new QuarantineValidationException("id", id + " is not the id of message " + id.messageId()
                + " for recipient " + entry.recipient() + " (" + entry.id() + ")");
        }
        return entry;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new QuarantineValidationException(field, "a string is required");
        }
        return value.textValue();
    }

    private static Instant instant(JsonNode node, String field) {
        try {
            return Instant.parse(text(node, field));
        } catch (DateTimeParseException e) {
            throw new QuarantineValidationException(field, "'" + node.path(field).textValue() + "' is not an ISO-8601 instant");
        }
    }
}
