package io.cleanport.webadmin;

import static io.cleanport.webadmin.RouteErrors.badRequest;
import static io.cleanport.webadmin.RouteErrors.notFound;
import static io.cleanport.webadmin.RouteErrors.validated;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.james.webadmin.Constants;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.apache.james.webadmin.utils.Responses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.antivirus.SignatureIndex;
import io.cleanport.core.antivirus.SignatureSource;
import io.cleanport.core.antivirus.VirusSignature;
import io.cleanport.core.verdict.Verdict;
import spark.HaltException;
import spark.Request;
import spark.Response;
import spark.Route;
import spark.Service;

/**
 * WebAdmin routes for the learned virus signatures, shared by every node.
 *
 * <pre>
 * GET    /cleanport/signatures?source=&amp;name=&amp;offset=&amp;limit=
 *            → 200 {"total": N, "offset": o, "limit": l, "items": [signature, ...]}, newest first
 * GET    /cleanport/signatures/{id}   → 200 signature; 404 unknown; 400 an id that is not a positive number
 * DELETE /cleanport/signatures/{id}   → 204; 404 unknown: a false positive, forgotten by every node within
 *                                       seconds (at once by this one)
 * </pre>
 *
 * A signature is {@code {"id", "sha256", "size", "name", "source", "evidence", "firstSeen", "hits",
 * "lastHit", "similarityDigest"}}: {@code source} is {@code rule}, {@code clamd} or {@code admin};
 * {@code firstSeen} and {@code lastHit} are ISO-8601 UTC instants, {@code lastHit} absent when the signature
 * never recognised a file; {@code hits} is what the nodes have flushed (every few seconds);
 * {@code similarityDigest} says whether copies with small changes are recognised too (files under 512
 * bytes match exactly only). Search parameters: {@code source} one of those three, {@code name} a part of
 * the virus name (any case), {@code offset} from 0, {@code limit} from 1 to {@value #MAX_LIMIT} (default
 * {@value #DEFAULT_LIMIT}); {@code total} counts every signature that matches. An empty value is the
 * parameter not given.
 *
 * <p>As in {@link QuarantineRoutes}, every route refuses query parameters it does not know, and a parameter
 * given twice, with a 400 whose message starts with the parameter at fault ({@code id}, {@code limit},
 * …). A failing store answers a JSON 500 without internals.
 */
public class SignatureRoutes implements Routes {
    public static final String BASE_PATH = "/cleanport/signatures";
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    private static final Logger LOGGER = LoggerFactory.getLogger(SignatureRoutes.class);
    private static final String ID_PARAM = ":id";
    private static final String SIGNATURE_PATH = BASE_PATH + Constants.SEPARATOR + ID_PARAM;
    private static final List<String> SEARCH_PARAMETERS = List.of("source", "name", "offset", "limit");
    /** A positive id as the store numbers them; more digits would not fit a long. */
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Comparator<VirusSignature> NEWEST_FIRST =
        Comparator.comparing(VirusSignature::firstSeen).thenComparingLong(VirusSignature::id).reversed();

    private final SignatureIndex signatures;
    private final JsonTransformer jsonTransformer;

    @Inject
    public SignatureRoutes(SignatureIndex signatures, JsonTransformer jsonTransformer) {
        this.signatures = signatures;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, guarded(this::search), jsonTransformer);
        service.get(SIGNATURE_PATH, guarded(this::getSignature), jsonTransformer);
        service.delete(SIGNATURE_PATH, guarded(this::deleteSignature));
    }

    private Object search(Request request, Response response) {
        QueryParameters parameters = QueryParameters.of(request, SEARCH_PARAMETERS);
        Optional<SignatureSource> source = parameters.given("source")
            .map(value -> validated(() -> SignatureSource.parse("source", value)));
        Optional<String> name = parameters.given("name").map(SignatureRoutes::nameFilter);
        int offset = parameters.given("offset").map(value -> wholeNumber("offset", value, 0, Integer.MAX_VALUE)).orElse(0);
        int limit = parameters.given("limit").map(value -> wholeNumber("limit", value, 1, MAX_LIMIT)).orElse(DEFAULT_LIMIT);

        Predicate<VirusSignature> matches = signature -> source.map(wanted -> signature.source() == wanted).orElse(true)
            && name.map(part -> signature.virusName().toLowerCase(Locale.ROOT).contains(part)).orElse(true);
        List<VirusSignature> found = signatures.all().stream().filter(matches).sorted(NEWEST_FIRST).toList();

        Map<String, Object> document = new LinkedHashMap<>();
        document.put("total", found.size());
        document.put("offset", offset);
        document.put("limit", limit);
        document.put("items", found.stream().skip(offset).limit(limit).map(SignatureRoutes::document).toList());
        return document;
    }

    private Object getSignature(Request request, Response response) {
        QueryParameters.of(request, List.of());
        long id = id(request);
        return document(signatures.get(id).orElseThrow(() -> signatureNotFound(id)));
    }

    private Object deleteSignature(Request request, Response response) {
        QueryParameters.of(request, List.of());
        long id = id(request);
        if (!signatures.delete(id)) {
            throw signatureNotFound(id);
        }
        LOGGER.info("Virus signature {} deleted through WebAdmin", id);
        return Responses.returnNoContent(response);
    }

    private static long id(Request request) {
        String value = request.params(ID_PARAM);
        if (value == null || !ID.matcher(value).matches()) {
            throw badRequest("id: '" + value + "' is not a signature id (a positive whole number)");
        }
        return Long.parseLong(value);
    }

    /** The name filter, lower-cased; no virus name is longer than a verdict allows. */
    private static String nameFilter(String value) {
        if (value.length() > Verdict.MAX_NAME_CHARS) {
            throw badRequest("name: at most " + Verdict.MAX_NAME_CHARS + " characters, as a virus name (got "
                + value.length() + ")");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static int wholeNumber(String field, String value, int min, int max) {
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw badRequest(field + ": '" + value + "' is not a whole number");
        }
        if (number < min || number > max) {
            throw badRequest(field + ": " + number + " is out of range; expected " + min
                + (max == Integer.MAX_VALUE ? " or more" : " to " + max));
        }
        return number;
    }

    private static HaltException signatureNotFound(long id) {
        return notFound("No virus signature " + id + ": it was never learned, or was deleted");
    }

    /** The API form of a signature; the similarity digest itself stays internal. */
    static Map<String, Object> document(VirusSignature signature) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", signature.id());
        document.put("sha256", signature.sha256());
        document.put("size", signature.size());
        document.put("name", signature.virusName());
        document.put("source", signature.source().jsonValue());
        document.put("evidence", signature.evidence());
        document.put("firstSeen", signature.firstSeen().toString());
        document.put("hits", signature.hits());
        signature.lastHit().ifPresent(lastHit -> document.put("lastHit", lastHit.toString()));
        document.put("similarityDigest", signature.similarity().isPresent());
        return document;
    }

    private static Route guarded(Route route) {
        return RouteErrors.guarded("signature store", LOGGER, route);
    }
}
