package io.cleanport.webadmin;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin route through which an administrator teaches ProTAG a virus it missed.
 *
 * <pre>
 * POST /cleanport/learning/virus[?name=ProTAG.ParcelLure]   body: the raw message (message/rfc822)
 *   → 200 {"verdict": "clean", "name": "ProTAG.ParcelLure", "learned": [{"id": 7, "sha256": "…", "size": 5000,
 *          "name": "ProTAG.ParcelLure", "source": "admin", "evidence": "attachment 'label.pdf' (part 2)"}]}
 * </pre>
 *
 * The files the scan finds guilty are learned, or, when nothing looks guilty, every file the message
 * carries except images; the archives that carry them too. From then on every node catches them by hash
 * (or as a similar copy). {@code verdict} is what the scan said before learning. An empty body, a body
 * over {@value #MAX_BODY_BYTES} bytes, an invalid {@code name}, an unknown or repeated parameter, or a
 * message without any file → 400 naming the problem; a scan that cannot finish → 503.
 */
public class LearningRoutes implements Routes {
    public static final String BASE_PATH = "/cleanport/learning";
    static final int MAX_BODY_BYTES = 30 * 1024 * 1024;
    private static final Logger LOGGER = LoggerFactory.getLogger(LearningRoutes.class);
    private static final String NAME_PARAM = "name";

    private final ProtagEngine engine;
    private final JsonTransformer jsonTransformer;

    @Inject
    public LearningRoutes(ProtagEngine engine, JsonTransformer jsonTransformer) {
        this.engine = engine;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.post(BASE_PATH + "/virus", RouteErrors.guarded("signature store", LOGGER, this::learnVirus), jsonTransformer);
    }

    private Object learnVirus(Request request, Response response) {
        Optional<String> name = name(request);
        byte[] body = body(request);
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

    private static Optional<String> name(Request request) {
        Set<String> names = request.queryParams();
        for (String parameter : names) {
            if (!parameter.equals(NAME_PARAM)) {
                throw RouteErrors.badRequest(parameter + ": unknown parameter; the only one is name");
            }
        }
        String[] values = request.queryParamsValues(NAME_PARAM);
        if (values == null) {
            return Optional.empty();
        }
        if (values.length > 1) {
            throw RouteErrors.badRequest("name: given " + values.length + " times");
        }
        return Optional.of(values[0]);
    }

    private static byte[] body(Request request) {
        long declared = request.contentLength();
        if (declared > MAX_BODY_BYTES) {
            throw RouteErrors.badRequest("body: " + declared + " bytes; at most " + MAX_BODY_BYTES + " are accepted");
        }
        byte[] body;
        try (InputStream in = request.raw().getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
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
