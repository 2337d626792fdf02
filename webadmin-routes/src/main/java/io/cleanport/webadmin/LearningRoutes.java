package io.cleanport.webadmin;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.antivirus.ProtagEngine;
import io.cleanport.core.antivirus.ProtagResult;
import io.cleanport.core.antivirus.ScanIncompleteException;
import io.cleanport.core.antivirus.VirusSignature;
import io.cleanport.core.spam.SpamLearner;
import io.cleanport.core.spam.bayes.LearnOutcome;
import io.cleanport.core.spam.bayes.LearnedTotals;
import io.cleanport.core.spam.bayes.MessageClass;
import io.cleanport.core.verdict.Evidence;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes through which an administrator teaches ProTAG a virus it missed, and the spam classifier a
 * spam or ham message.
 *
 * <pre>
 * POST /cleanport/learning/virus[?name=ProTAG.ParcelLure]   body: the raw message, Content-Type message/rfc822
 *   → 200 {"verdict": "clean", "name": "ProTAG.ParcelLure", "learned": [{"id": 7, "sha256": "…", "size": 5000,
 *          "name": "ProTAG.ParcelLure", "source": "admin", "evidence": "attachment 'label.pdf' (part 2)"}]}
 * </pre>
 *
 * The files the scan finds guilty are learned, or, when nothing looks guilty, every file the message
 * carries except images; the archives that carry them too. From then on every node catches them by hash
 * (or as a similar copy). {@code verdict} is what the scan said before learning. An empty body, a body
 * over {@value #MAX_BODY_BYTES} bytes, an invalid {@code name}, an unknown or repeated parameter, or a
 * message without any file → 400 naming the problem; a scan that cannot finish → 503.
 *
 * <pre>
 * POST /cleanport/learning/spam|ham   body: the raw message  → 200 {"learned": "spam", "outcome": "learned|alreadyLearned|moved"}
 * GET  /cleanport/learning/bayes                            → 200 {"spamMessages": 490, "hamMessages": 2599}
 * </pre>
 *
 * A message learned as the other class before is moved; the same body rules apply (no parameter).
 */
public class LearningRoutes implements Routes {
    public static final String BASE_PATH = "/cleanport/learning";
    static final int MAX_BODY_BYTES = 30 * 1024 * 1024;
    private static final Logger LOGGER = LoggerFactory.getLogger(LearningRoutes.class);
    private static final String NAME_PARAM = "name";

    private final ProtagEngine engine;
    private final Optional<SpamLearner> spamLearner;
    private final JsonTransformer jsonTransformer;

    /** Without the spam classifier: only {@code /virus}. */
    public LearningRoutes(ProtagEngine engine, JsonTransformer jsonTransformer) {
        this(engine, Optional.empty(), jsonTransformer);
    }

    @Inject
    public LearningRoutes(ProtagEngine engine, SpamLearner spamLearner, JsonTransformer jsonTransformer) {
        this(engine, Optional.of(spamLearner), jsonTransformer);
    }

    private LearningRoutes(ProtagEngine engine, Optional<SpamLearner> spamLearner, JsonTransformer jsonTransformer) {
        this.engine = engine;
        this.spamLearner = spamLearner;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.post(BASE_PATH + "/virus", RouteErrors.guarded("signature store", LOGGER, this::learnVirus), jsonTransformer);
        if (spamLearner.isPresent()) {
            service.post(BASE_PATH + "/spam", RouteErrors.guarded("token store", LOGGER,
                (request, response) -> learnSpam(request, MessageClass.SPAM)), jsonTransformer);
            service.post(BASE_PATH + "/ham", RouteErrors.guarded("token store", LOGGER,
                (request, response) -> learnSpam(request, MessageClass.HAM)), jsonTransformer);
            service.get(BASE_PATH + "/bayes", RouteErrors.guarded("token store", LOGGER, (request, response) -> {
                LearnedTotals totals = spamLearner.orElseThrow().totals();
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("spamMessages", totals.spamMessages());
                document.put("hamMessages", totals.hamMessages());
                return document;
            }), jsonTransformer);
        }
    }

    private Object learnVirus(Request request, Response response) {
        byte[] body = body(request); // first: a form content type (curl's default) must not turn it into parameters
        Optional<String> name = name(request);
        ProtagResult result;
        try {
            result = engine.report(() -> new ByteArrayInputStream(body), name);
        } catch (IllegalArgumentException e) {
            throw RouteErrors.badRequest("name: " + e.getMessage());
        } catch (ScanIncompleteException e) {
            LOGGER.warn("learning: the reported message could not be scanned completely: {}", e.getMessage());
            throw ErrorResponder.builder().statusCode(HttpStatus.SERVICE_UNAVAILABLE_503).type(ErrorType.SERVER_ERROR)
                .message("The message could not be scanned completely (" + e.getMessage() + "); nothing was learned")
                .haltError();
        } catch (IOException e) {
            throw RouteErrors.badRequest("the body could not be read as a message: " + e.getMessage());
        }
        if (result.learned().isEmpty()) {
            throw RouteErrors.badRequest("the message carries no file to learn (no attachment, nothing inside an archive)");
        }
        LOGGER.info("learn category=virus source=admin name={} signatures={}", result.learned().get(0).virusName(),
            result.learned().size());
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("verdict", result.verdict().category().asString());
        document.put("name", result.learned().get(0).virusName());
        document.put("learned", result.learned().stream().map(LearningRoutes::item).toList());
        return document;
    }

    /** {@code {"learned": "spam", "outcome": "learned|alreadyLearned|moved"}}. */
    private Object learnSpam(Request request, MessageClass messageClass) {
        byte[] body = body(request);
        if (!request.queryParams().isEmpty()) {
            throw RouteErrors.badRequest(request.queryParams().iterator().next() + ": unknown parameter; there is none");
        }
        LearnOutcome outcome = spamLearner.orElseThrow().learn(messageClass, body);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("learned", messageClass.asString());
        document.put("outcome", switch (outcome) {
            case LEARNED -> "learned";
            case ALREADY_LEARNED -> "alreadyLearned";
            case MOVED -> "moved";
        });
        return document;
    }

    private static Map<String, Object> item(VirusSignature signature) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", signature.id());
        item.put("sha256", signature.sha256());
        item.put("size", signature.size());
        item.put("name", signature.virusName());
        item.put("source", signature.source().jsonValue());
        item.put("evidence", signature.evidence());
        return item;
    }

    /** The {@code name} of the query string only: the body is a message, never form parameters. */
    private static Optional<String> name(Request request) {
        String query = request.raw().getQueryString();
        Optional<String> name = Optional.empty();
        if (query == null || query.isEmpty()) {
            return name;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String parameter = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (!parameter.equals(NAME_PARAM)) {
                throw RouteErrors.badRequest(Evidence.printable(Evidence.truncate(parameter, 100))
                    + ": unknown parameter; the only one is name");
            }
            if (name.isPresent()) {
                throw RouteErrors.badRequest("name: given more than once");
            }
            name = Optional.of(value);
        }
        return name;
    }

    private static byte[] body(Request request) {
        String type = request.contentType();
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            // the servlet container reads a form body as parameters before the route sees it
            throw RouteErrors.badRequest("Content-Type: a form cannot carry a message; send the raw message as"
                + " message/rfc822 (curl: -H 'Content-Type: message/rfc822' --data-binary @message.eml)");
        }
        long declared = request.contentLength();
        if (declared > MAX_BODY_BYTES) {
            throw RouteErrors.badRequest("body: " + declared + " bytes; at most " + MAX_BODY_BYTES + " are accepted");
        }
        byte[] body;
        try {
            body = request.bodyAsBytes(); // Spark's copy: the servlet stream may already be read
        } catch (RuntimeException e) {
            throw RouteErrors.badRequest("body: could not be read (" + e.getMessage() + ")");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw RouteErrors.badRequest("body: more than " + MAX_BODY_BYTES + " bytes");
        }
        if (body.length == 0) {
            throw RouteErrors.badRequest("body: empty; expected the raw message (message/rfc822)");
        }
        return body;
    }
}
