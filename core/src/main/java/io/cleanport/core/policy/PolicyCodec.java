package io.cleanport.core.policy;

import static io.cleanport.core.validation.JsonDocuments.describe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cleanport.core.validation.JsonDocuments;

/**
 * Reads and writes the JSON policy documents of the WebAdmin API and of the stores.
 *
 * <p>Reading is strict: unknown fields, {@code null}, values of the wrong JSON type and values out of
 * range are refused with a {@link PolicyValidationException} whose field is the JSON path of the
 * problem. Every field is optional; a domain document gets the defaults of
 * {@link DomainPolicy#defaults()}, a user document inherits from its domain.
 *
 * <p>Writing a domain policy writes every field; writing a user policy writes only its overrides.
 * Instances are immutable and thread-safe.
 */
public final class PolicyCodec {
    /** Larger documents are refused before parsing. */
    public static final int MAX_DOCUMENT_BYTES = 64 * 1024;

    private static final String ROOT = "$";
    private static final Set<String> DOMAIN_FIELDS = orderedSet("downstream", "catchAll", "spamLevel", "actions",
        "maxMessageSize", "quarantineDays", "notifications", "relayNetworks");
    private static final Set<String> USER_FIELDS = orderedSet("spamLevel", "actions", "maxMessageSize", "notifications");
    private static final Set<String> ACTION_FIELDS = orderedSet("virus", "spam", "content");
    private static final Set<String> DOWNSTREAM_FIELDS = orderedSet("host", "port");
    private static final Set<String> QUARANTINE_FIELDS = orderedSet("virus", "spam", "content");
    private static final Set<String> DOMAIN_NOTIFICATION_FIELDS = orderedSet("virusToRecipient", "ictAddress");
    private static final Set<String> USER_NOTIFICATION_FIELDS = orderedSet("virusToRecipient");

    private static final String VIRUS_EXPECTED = "one of the strings " + VirusAction.accepted();
    private static final String FILTER_EXPECTED = "one of the strings " + FilterAction.accepted();

    private final ObjectMapper mapper = JsonDocuments.strictMapper();
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    /**
     * @throws PolicyValidationException naming the offending field
     */
    public DomainPolicy parseDomain(byte[] json) {
        Fields root = Fields.root(readObject(json), DOMAIN_FIELDS, false);
        DomainPolicy defaults = DomainPolicy.defaults();
        DomainPolicy.Builder builder = DomainPolicy.builder();
        root.array("downstream").ifPresent(array -> builder.downstream(
            elements(array, "downstream", PolicyLimits.MAX_DOWNSTREAM, "servers", this::downstream)));
        root.bool("catchAll").ifPresent(builder::catchAll);
        root.integer("spamLevel", PolicyLimits.MIN_SPAM_LEVEL, PolicyLimits.MAX_SPAM_LEVEL)
            .ifPresent(level -> builder.spamLevel(level.intValue()));
        root.object("actions", ACTION_FIELDS).ifPresent(actions -> builder.actions(Actions.of(
            actions.string("virus", VIRUS_EXPECTED).map(v -> VirusAction.parse(actions.path("virus"), v)).orElse(defaults.actions().virus()),
            actions.string("spam", FILTER_EXPECTED).map(v -> FilterAction.parse(actions.path("spam"), v)).orElse(defaults.actions().spam()),
            actions.string("content", FILTER_EXPECTED).map(v -> FilterAction.parse(actions.path("content"), v)).orElse(defaults.actions().content()))));
        root.integer("maxMessageSize", 1, PolicyLimits.MAX_MESSAGE_SIZE).ifPresent(builder::maxMessageSize);
        root.object("quarantineDays", QUARANTINE_FIELDS).ifPresent(days -> builder.quarantineDays(QuarantineDays.of(
            days.quarantineDays("virus").orElse(defaults.quarantineDays().virus()),
            days.quarantineDays("spam").orElse(defaults.quarantineDays().spam()),
            days.quarantineDays("content").orElse(defaults.quarantineDays().content()))));
        root.object("notifications", DOMAIN_NOTIFICATION_FIELDS).ifPresent(notifications -> builder.notifications(Notifications.of(
            notifications.bool("virusToRecipient").orElse(defaults.notifications().virusToRecipient()),
            notifications.string("ictAddress", "an e-mail address as a string")
                .map(address -> Notifications.validateAddress(notifications.path("ictAddress"), address)))));
        root.array("relayNetworks").ifPresent(array -> builder.relayNetworks(
            elements(array, "relayNetworks", PolicyLimits.MAX_RELAY_NETWORKS, "networks", this::cidr)));
        return builder.build();
    }

    /** @see #parseDomain(byte[]) */
    public DomainPolicy parseDomain(String json) {
        return parseDomain(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws PolicyValidationException naming the offending field; domain-only fields are refused
     */
    public UserPolicy parseUser(byte[] json) {
        Fields root = Fields.root(readObject(json), USER_FIELDS, true);
        UserPolicy.Builder builder = UserPolicy.builder();
        root.integer("spamLevel", PolicyLimits.MIN_SPAM_LEVEL, PolicyLimits.MAX_SPAM_LEVEL)
            .ifPresent(level -> builder.spamLevel(level.intValue()));
        root.object("actions", ACTION_FIELDS).ifPresent(actions -> {
            actions.string("virus", VIRUS_EXPECTED).map(v -> VirusAction.parse(actions.path("virus"), v)).ifPresent(builder::virusAction);
            actions.string("spam", FILTER_EXPECTED).map(v -> FilterAction.parse(actions.path("spam"), v)).ifPresent(builder::spamAction);
            actions.string("content", FILTER_EXPECTED).map(v -> FilterAction.parse(actions.path("content"), v)).ifPresent(builder::contentAction);
        });
        root.integer("maxMessageSize", 1, PolicyLimits.MAX_MESSAGE_SIZE).ifPresent(builder::maxMessageSize);
        root.object("notifications", USER_NOTIFICATION_FIELDS)
            .ifPresent(notifications -> notifications.bool("virusToRecipient").ifPresent(builder::virusToRecipient));
        return builder.build();
    }

    /** @see #parseUser(byte[]) */
    public UserPolicy parseUser(String json) {
        return parseUser(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The complete document, every field present. */
    public String render(DomainPolicy policy) {
        return write(toJson(policy));
    }

    /** {@link #render(DomainPolicy)} as UTF-8 bytes. */
    public byte[] renderBytes(DomainPolicy policy) {
        return render(policy).getBytes(StandardCharsets.UTF_8);
    }

    /** Only the overrides that are present; {@code {}} for none. */
    public String render(UserPolicy policy) {
        return write(toJson(policy));
    }

    /** {@link #render(UserPolicy)} as UTF-8 bytes. */
    public byte[] renderBytes(UserPolicy policy) {
        return render(policy).getBytes(StandardCharsets.UTF_8);
    }

    /** The effective policy in the shape of a domain document, the recipient's overrides applied. */
    public String render(EffectivePolicy policy) {
        return write(toJson(policy.asDomainPolicy()));
    }

    /** A JSON object of user documents keyed by local part, in the map's iteration order. */
    public String renderUsers(Map<String, UserPolicy> users) {
        ObjectNode object = nodes.objectNode();
        users.forEach((localPart, policy) -> object.set(localPart, toJson(policy)));
        return write(object);
    }

    private ObjectNode toJson(DomainPolicy policy) {
        ObjectNode root = nodes.objectNode();
        ArrayNode downstream = root.putArray("downstream");
        policy.downstream().forEach(server -> downstream.addObject().put("host", server.host()).put("port", server.port()));
        root.put("catchAll", policy.catchAll());
        root.put("spamLevel", policy.spamLevel());
        root.putObject("actions")
            .put("virus", policy.actions().virus().jsonValue())
            .put("spam", policy.actions().spam().jsonValue())
            .put("content", policy.actions().content().jsonValue());
        root.put("maxMessageSize", policy.maxMessageSize());
        root.putObject("quarantineDays")
            .put("virus", policy.quarantineDays().virus())
            .put("spam", policy.quarantineDays().spam())
            .put("content", policy.quarantineDays().content());
        ObjectNode notifications = root.putObject("notifications")
            .put("virusToRecipient", policy.notifications().virusToRecipient());
        policy.notifications().ictAddress().ifPresent(address -> notifications.put("ictAddress", address));
        ArrayNode relayNetworks = root.putArray("relayNetworks");
        policy.relayNetworks().forEach(network -> relayNetworks.add(network.toString()));
        return root;
    }

    private ObjectNode toJson(UserPolicy policy) {
        ObjectNode root = nodes.objectNode();
        policy.spamLevel().ifPresent(level -> root.put("spamLevel", level));
        if (policy.virusAction().isPresent() || policy.spamAction().isPresent() || policy.contentAction().isPresent()) {
            ObjectNode actions = root.putObject("actions");
            policy.virusAction().ifPresent(action -> actions.put("virus", action.jsonValue()));
            policy.spamAction().ifPresent(action -> actions.put("spam", action.jsonValue()));
            policy.contentAction().ifPresent(action -> actions.put("content", action.jsonValue()));
        }
        policy.maxMessageSize().ifPresent(size -> root.put("maxMessageSize", size));
        policy.virusToRecipient().ifPresent(notify -> root.putObject("notifications").put("virusToRecipient", notify));
        return root;
    }

    private String write(JsonNode node) {
        return JsonDocuments.write(mapper, node);
    }

    private JsonNode readObject(byte[] json) {
        if (json == null || json.length == 0) {
            throw new PolicyValidationException(ROOT, "the document is empty; send {} to use every default");
        }
        if (json.length > MAX_DOCUMENT_BYTES) {
            throw new PolicyValidationException(ROOT, "the document is larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        JsonNode tree = JsonDocuments.readTree(mapper, json, problem -> new PolicyValidationException(ROOT, problem));
        if (tree == null || tree.isMissingNode()) {
            throw new PolicyValidationException(ROOT, "the document is empty; send {} to use every default");
        }
        if (!tree.isObject()) {
            throw new PolicyValidationException(ROOT, "expected a JSON object, got " + describe(tree));
        }
        return tree;
    }

    private Downstream downstream(JsonNode node, String path) {
        Fields entry = Fields.of(node, path, DOWNSTREAM_FIELDS, false);
        String host = entry.string("host", "a host name or an IP address as a string")
            .orElseThrow(() -> new PolicyValidationException(entry.path("host"), "is required (a host name or an IP address)"));
        int port = entry.integer("port", 1, 65535).map(Long::intValue).orElse(Downstream.DEFAULT_PORT);
        try {
            return Downstream.of(host, port);
        } catch (PolicyValidationException e) {
            throw e.atField(entry.path(e.field()));
        }
    }

    private Cidr cidr(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw new PolicyValidationException(path, "expected a network as a string such as \"192.0.2.0/24\", got " + describe(node));
        }
        try {
            return Cidr.parse(node.textValue());
        } catch (PolicyValidationException e) {
            throw e.atField(path);
        }
    }

    private static <T> List<T> elements(ArrayNode array, String path, int max, String what,
                                        ElementReader<T> reader) {
        if (array.size() > max) {
            throw new PolicyValidationException(path, "at most " + max + " " + what + " are accepted (got " + array.size() + ")");
        }
        List<T> values = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            values.add(reader.read(array.get(i), path + "[" + i + "]"));
        }
        return values;
    }

    @FunctionalInterface
    private interface ElementReader<T> {
        T read(JsonNode node, String path);
    }

    private static Set<String> orderedSet(String... values) {
        return new java.util.LinkedHashSet<>(List.of(values));
    }

    /** A JSON object being read at a known path, whose field names are checked up front. */
    private static final class Fields {
        private static final Set<String> DOMAIN_ONLY = Set.of("downstream", "catchAll", "quarantineDays", "relayNetworks", "ictAddress");

        private final JsonNode node;
        private final String path;
        private final boolean userDocument;

        private Fields(JsonNode node, String path, boolean userDocument) {
            this.node = node;
            this.path = path;
            this.userDocument = userDocument;
        }

        static Fields root(JsonNode node, Set<String> allowed, boolean userDocument) {
            return of(node, "", allowed, userDocument);
        }

        static Fields of(JsonNode node, String path, Set<String> allowed, boolean userDocument) {
            if (!node.isObject()) {
                throw new PolicyValidationException(path.isEmpty() ? ROOT : path, "expected an object, got " + describe(node));
            }
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    String hint = userDocument && DOMAIN_ONLY.contains(name)
                        ? "it is a domain setting that a user policy cannot override; "
                        : "";
                    throw new PolicyValidationException(child(path, name),
                        "unknown field; " + hint + "accepted fields here are " + String.join(", ", allowed));
                }
            }
            return new Fields(node, path, userDocument);
        }

        String path(String name) {
            return child(path, name);
        }

        private static String child(String path, String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        private Optional<JsonNode> present(String name) {
            JsonNode value = node.get(name);
            if (value == null) {
                return Optional.empty();
            }
            if (value.isNull()) {
                throw new PolicyValidationException(path(name), "must not be null; leave the field out to use the default");
            }
            return Optional.of(value);
        }

        Optional<Long> integer(String name, long min, long max) {
            return present(name).map(value -> {
                if (!value.isIntegralNumber()) {
                    throw new PolicyValidationException(path(name),
                        "expected an integer from " + min + " to " + max + ", got " + describe(value));
                }
                if (!value.canConvertToLong()) {
                    throw new PolicyValidationException(path(name),
                        "must be an integer from " + min + " to " + max + " (got " + value.asText() + ")");
                }
                return PolicyLimits.checkRange(path(name), value.longValue(), min, max);
            });
        }

        Optional<Integer> quarantineDays(String name) {
            return integer(name, PolicyLimits.MIN_QUARANTINE_DAYS, PolicyLimits.MAX_QUARANTINE_DAYS).map(Long::intValue);
        }

        Optional<Boolean> bool(String name) {
            return present(name).map(value -> {
                if (!value.isBoolean()) {
                    throw new PolicyValidationException(path(name), "expected true or false, got " + describe(value));
                }
                return value.booleanValue();
            });
        }

        Optional<String> string(String name, String expected) {
            return present(name).map(value -> {
                if (!value.isTextual()) {
                    throw new PolicyValidationException(path(name), "expected " + expected + ", got " + describe(value));
                }
                return value.textValue();
            });
        }

        Optional<ArrayNode> array(String name) {
            return present(name).map(value -> {
                if (!value.isArray()) {
                    throw new PolicyValidationException(path(name), "expected an array, got " + describe(value));
                }
                return (ArrayNode) value;
            });
        }

        Optional<Fields> object(String name, Set<String> allowed) {
            return present(name).map(value -> of(value, path(name), allowed, userDocument));
        }
    }
}
