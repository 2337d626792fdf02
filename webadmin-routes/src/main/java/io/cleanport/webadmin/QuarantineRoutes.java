package io.cleanport.webadmin;

import static io.cleanport.webadmin.RouteErrors.badRequest;
import static io.cleanport.webadmin.RouteErrors.conflict;
import static io.cleanport.webadmin.RouteErrors.notFound;
import static io.cleanport.webadmin.RouteErrors.validated;

import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.task.TaskManager;
import org.apache.james.webadmin.Constants;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.tasks.TaskFromRequest;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.apache.james.webadmin.utils.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.message.CleanPortId;
import io.cleanport.core.quarantine.AlreadyReleasedException;
import io.cleanport.core.quarantine.Quarantine;
import io.cleanport.core.quarantine.QuarantineCategory;
import io.cleanport.core.quarantine.QuarantineEntry;
import io.cleanport.core.quarantine.QuarantineEntryNotFoundException;
import io.cleanport.core.quarantine.QuarantineId;
import io.cleanport.core.quarantine.QuarantinePage;
import io.cleanport.core.quarantine.QuarantineQuery;
import io.cleanport.core.quarantine.QuarantineReason;
import io.cleanport.core.quarantine.QuarantineSort;
import io.cleanport.core.quarantine.QuarantineValidationException;
import io.cleanport.core.quarantine.SpamLevel;
import io.cleanport.core.senders.SenderListFullException;
import spark.HaltException;
import spark.Request;
import spark.Response;
import spark.Route;
import spark.Service;

/**
 * WebAdmin routes for the three quarantines (virus, spam, content).
 *
 * <pre>
 * GET    /cleanport/quarantine?category=&amp;domain=&amp;recipient=&amp;sender=&amp;messageId=&amp;q=&amp;since=&amp;until=&amp;sort=&amp;order=&amp;offset=&amp;limit=
 *            → 200 {"total": N, "offset": o, "limit": l, "items": [entry, ...]}
 * GET    /cleanport/quarantine/{id}                   → 200 entry; 404 unknown
 * GET    /cleanport/quarantine/{id}/source            → 200 message/rfc822, the message exactly as received; 404
 * POST   /cleanport/quarantine/{id}/release[?remember=true|false]
 *            → 200 the released entry; 404 unknown; 409 released before (nothing is delivered again), or
 *              remember=true and the recipient's sender lists are full (nothing is delivered)
 * DELETE /cleanport/quarantine/{id}                   → 204; 404 unknown
 * POST   /cleanport/quarantine?action=purgeExpired    → 201 {"taskId": "…"}, Location /tasks/{taskId}
 * POST   /cleanport/quarantine?action=rebuildIndex    → 201 {"taskId": "…"}: the index re-read from the repositories
 * </pre>
 *
 * An entry is {@code {"id", "messageId", "category", "recipient", "domain", "sender", "subject", "size",
 * "received", "expires", "score", "level", "threshold", "reasons": [{"ruleId", "text"}], "released"}}; instants
 * are ISO-8601 UTC, {@code score}, {@code level}, {@code threshold} (the recipient's spam level and its threshold,
 * for spam entries) and {@code released} are {@code null} when absent, {@code sender} is {@code <>} for a
 * bounce. Search parameters are those of {@link QuarantineQuery}; {@code since} and {@code until} take an
 * instant ({@code 2026-12-01T08:30:00Z}, or with an offset, its {@code +} sent as {@code %2B}) or a date
 * ({@code 2026-12-01}: its start, UTC). An empty value is the parameter not given (as a form sends an
 * empty field).
 *
 * <p>Every route refuses query parameters it does not know, and a parameter given twice, with a 400
 * naming it: a misspelt {@code remeber=true} must not release without remembering, nor a misspelt filter
 * list the whole quarantine. Every 400 message starts with the parameter at fault ({@code id},
 * {@code limit}, {@code since}, …). A failing store answers a JSON 500 without internals.
 */
public class QuarantineRoutes implements Routes {
    public static final String BASE_PATH = "/cleanport/quarantine";
    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineRoutes.class);
    private static final String ID_PARAM = ":id";
    private static final String ENTRY_PATH = BASE_PATH + Constants.SEPARATOR + ID_PARAM;
    private static final String SOURCE_PATH = ENTRY_PATH + "/source";
    private static final String RELEASE_PATH = ENTRY_PATH + "/release";
    private static final String ACTION = "action";
    private static final String REMEMBER = "remember";
    private static final List<String> SEARCH_PARAMETERS = List.of("category", "domain", "recipient", "sender",
        "messageId", "q", "since", "until", "sort", "order", "offset", "limit");

    private final Quarantine quarantine;
    private final TaskManager taskManager;
    private final JsonTransformer jsonTransformer;

    @Inject
    public QuarantineRoutes(Quarantine quarantine, TaskManager taskManager, JsonTransformer jsonTransformer) {
        this.quarantine = quarantine;
        this.taskManager = taskManager;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        TaskFromRequest task = request -> new QuarantineTask(quarantine, action(request));
        Route submitTask = task.asRoute(taskManager);
        service.get(BASE_PATH, guarded(this::search), jsonTransformer);
        service.post(BASE_PATH, guarded(submitTask::handle), jsonTransformer);
        service.get(ENTRY_PATH, guarded(this::getEntry), jsonTransformer);
        service.delete(ENTRY_PATH, guarded(this::deleteEntry));
        service.get(SOURCE_PATH, guarded(this::source));
        service.post(RELEASE_PATH, RouteErrors.guarded("quarantine store or the release delivery", LOGGER, this::release),
            jsonTransformer);
    }

    private Object search(Request request, Response response) {
        QueryParameters parameters = QueryParameters.of(request, SEARCH_PARAMETERS);
        QuarantineQuery query = validated(() -> query(parameters));
        QuarantinePage page = quarantine.search(query);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("total", page.total());
        document.put("offset", query.offset());
        document.put("limit", query.limit());
        document.put("items", page.items().stream().map(QuarantineRoutes::document).toList());
        return document;
    }

    /**
     * @throws QuarantineValidationException naming the first bad parameter
     */
    private static QuarantineQuery query(QueryParameters parameters) {
        QuarantineQuery.Builder query = QuarantineQuery.builder();
        parameters.ifGiven("category", value -> query.category(QuarantineCategory.parse("category", value)));
        parameters.ifGiven("domain", query::domain);
        parameters.ifGiven("recipient", query::recipient);
        parameters.ifGiven("sender", query::sender);
        parameters.ifGiven("messageId", value -> query.messageId(messageId(value)));
        parameters.ifGiven("q", query::text);
        parameters.ifGiven("since", value -> query.since(instant("since", value)));
        parameters.ifGiven("until", value -> query.until(instant("until", value)));
        parameters.ifGiven("sort", value -> query.sort(QuarantineSort.parse("sort", value)));
        parameters.ifGiven("order", value -> query.order(QuarantineSort.Order.parse("order", value)));
        parameters.ifGiven("offset", value -> query.offset(wholeNumber("offset", value)));
        parameters.ifGiven("limit", value -> query.limit(wholeNumber("limit", value)));
        return query.build();
    }

    private Object getEntry(Request request, Response response) {
        QueryParameters.of(request, List.of());
        QuarantineId id = id(request);
        return document(quarantine.entry(id).orElseThrow(() -> entryNotFound(id)));
    }

    /** Streams the stored bytes: a message may be tens of megabytes, and must not be re-encoded. */
    private Object source(Request request, Response response) throws Exception {
        QueryParameters.of(request, List.of());
        QuarantineId id = id(request);
        quarantine.entry(id).orElseThrow(() -> entryNotFound(id));
        response.type(Constants.RFC822_CONTENT_TYPE);
        try {
            OutputStream out = response.raw().getOutputStream();
            quarantine.writeSource(id, out);
            out.flush();
        } catch (QuarantineEntryNotFoundException e) {
            // Deleted or purged between the lookup and the read; nothing was written yet.
            response.type(Constants.JSON_CONTENT_TYPE);
            throw entryNotFound(id);
        } catch (Exception e) {
            // The error document that follows is JSON (unless the failure came midway, when the client
            // sees a cut message: the status line is gone already).
            response.type(Constants.JSON_CONTENT_TYPE);
            throw e;
        }
        return Constants.EMPTY_BODY;
    }

    private Object release(Request request, Response response) throws Exception {
        QueryParameters parameters = QueryParameters.of(request, List.of(REMEMBER));
        QuarantineId id = id(request);
        boolean remember = parameters.given(REMEMBER).map(QuarantineRoutes::remember).orElse(false);
        try {
            return document(quarantine.release(id, remember));
        } catch (QuarantineEntryNotFoundException e) {
            throw entryNotFound(id);
        } catch (AlreadyReleasedException e) {
            throw conflict("Quarantine entry " + id + " was already released at "
                + e.entry().released().map(Instant::toString).orElse("an unknown time") + "; it is not delivered again");
        } catch (SenderListFullException e) {
            throw conflict("Quarantine entry " + id + " was not released: " + e.getMessage()
                + ", or release it without remember");
        }
    }

    private Object deleteEntry(Request request, Response response) throws Exception {
        QueryParameters.of(request, List.of());
        QuarantineId id = id(request);
        if (!quarantine.delete(id)) {
            throw entryNotFound(id);
        }
        LOGGER.info("Quarantine entry {} deleted through WebAdmin", id);
        return Responses.returnNoContent(response);
    }

    private static QuarantineTask.Action action(Request request) {
        QueryParameters parameters = QueryParameters.of(request, List.of(ACTION));
        String action = parameters.given(ACTION).orElseThrow(() ->
            badRequest(ACTION + ": is required; supported values: " + QuarantineTask.Action.accepted()));
        return QuarantineTask.Action.of(action).orElseThrow(() ->
            badRequest(ACTION + ": '" + action + "' is not a quarantine task; supported values: " + QuarantineTask.Action.accepted()));
    }

    private static QuarantineId id(Request request) {
        return validated(() -> QuarantineId.parse(request.params(ID_PARAM)));
    }

    private static boolean remember(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw badRequest(REMEMBER + ": expected true or false (got '" + value + "')");
        };
    }

    private static CleanPortId messageId(String value) {
        try {
            return CleanPortId.of(value);
        } catch (IllegalArgumentException e) {
            throw new QuarantineValidationException("messageId", "'" + value + "' is not a CleanPort id (26 base32 characters, as in X-CleanPort-Id)");
        }
    }

    /** An ISO-8601 instant, with {@code Z} or an offset, or a date meaning its start, UTC. */
    static Instant instant(String field, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                throw new QuarantineValidationException(field, "'" + value + "' is neither an ISO-8601 instant"
                    + " (2026-12-01T08:30:00Z) nor a date (2026-12-01)"
                    + (value.contains(" ") ? "; send a '+' of an offset as %2B" : ""));
            }
        }
    }

    private static int wholeNumber(String field, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new QuarantineValidationException(field, "'" + value + "' is not a whole number");
        }
    }

    private static HaltException entryNotFound(QuarantineId id) {
        return notFound("No quarantine entry " + id + ": it was never quarantined, or was deleted or purged");
    }

    /** The API form of an entry; where the message is stored stays internal. */
    static Map<String, Object> document(QuarantineEntry entry) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", entry.id().asString());
        document.put("messageId", entry.messageId().asString());
        document.put("category", entry.category().jsonValue());
        document.put("recipient", entry.recipient());
        document.put("domain", entry.domain());
        document.put("direction", entry.isOutbound() ? "outbound" : "inbound");
        document.put("sender", entry.sender());
        document.put("subject", entry.subject());
        document.put("size", entry.size());
        document.put("received", entry.received().toString());
        document.put("expires", entry.expires().toString());
        document.put("score", entry.score().isPresent() ? entry.score().getAsDouble() : null);
        document.put("level", entry.spamLevel().map(SpamLevel::level).orElse(null));
        document.put("threshold", entry.spamLevel().map(SpamLevel::threshold).orElse(null));
        List<Map<String, String>> reasons = new ArrayList<>(entry.reasons().size());
        for (QuarantineReason reason : entry.reasons()) {
            Map<String, String> item = new LinkedHashMap<>();
            item.put("ruleId", reason.ruleId());
            item.put("text", reason.text());
            reasons.add(item);
        }
        document.put("reasons", reasons);
        document.put("released", entry.released().map(Instant::toString).orElse(null));
        return document;
    }

    private static Route guarded(Route route) {
        return RouteErrors.guarded("quarantine store", LOGGER, route);
    }
}
