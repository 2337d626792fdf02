package io.cleanport.webadmin;

import java.io.UncheckedIOException;
import java.util.function.Supplier;

import javax.mail.MessagingException;

import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;

import io.cleanport.core.db.StoreException;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.LocalPart;
import io.cleanport.core.validation.FieldValidationException;
import spark.HaltException;
import spark.Request;
import spark.Route;

/**
 * How the CleanPort routes answer what they cannot do: James's JSON error documents
 * ({@code {"statusCode", "type", "message"}}) for 400, 404, 409 and 500, never a stack trace.
 *
 * <p>Also the parts of a request every route reads the same way, and whose failure is a 400 naming the
 * part: the {@code :domain} and {@code :local} path parameters, and any value parsed by a core type
 * that throws a {@link FieldValidationException} (its message starts with the field, written to be
 * shown as is).
 */
final class RouteErrors {
    /** The path parameter of a protected domain. */
    static final String DOMAIN_PARAM = ":domain";
    /** The path parameter of a recipient's local part. */
    static final String LOCAL_PARAM = ":local";

    private RouteErrors() {
    }

    /** The {@code :domain} of the path; 400 naming {@code domain} if it is not a domain name. */
    static DomainName domain(Request request) {
        return validated(() -> DomainName.of(request.params(DOMAIN_PARAM)));
    }

    /** The {@code :local} of the path; 400 naming {@code localPart} if it is not a local part. */
    static LocalPart localPart(Request request) {
        return validated(() -> LocalPart.of(request.params(LOCAL_PARAM)));
    }

    /** What {@code parse} gives; a 400 with its message when it finds the value invalid. */
    static <T> T validated(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (FieldValidationException e) {
            throw badRequest(e.getMessage());
        }
    }

    static HaltException badRequest(String message) {
        return halt(HttpStatus.BAD_REQUEST_400, ErrorType.INVALID_ARGUMENT, message);
    }

    static HaltException notFound(String message) {
        return halt(HttpStatus.NOT_FOUND_404, ErrorType.NOT_FOUND, message);
    }

    /** The request is valid but the state of what it names refuses it (released already, list full). */
    static HaltException conflict(String message) {
        return halt(HttpStatus.CONFLICT_409, ErrorType.WRONG_STATE, message);
    }

    /**
     * {@code route}, with a store failure answered by a JSON 500 saying which store failed ("The
     * {@code store} failed; see the server log") and logged with its cause; the cause's text stays in the
     * log, since it may tell a client about the database or the disk. A store failure is a
     * {@link StoreException} (the database), a {@link MessagingException} (a mail repository) or an
     * {@link UncheckedIOException} (an index on disk).
     */
    static Route guarded(String store, Logger logger, Route route) {
        return (request, response) -> {
            try {
                return route.handle(request, response);
            } catch (StoreException | MessagingException | UncheckedIOException e) {
                logger.error("The {} failed on {} {}", store, request.requestMethod(), request.pathInfo(), e);
                throw halt(HttpStatus.INTERNAL_SERVER_ERROR_500, ErrorType.SERVER_ERROR,
                    "The " + store + " failed; see the server log");
            }
        };
    }

    private static HaltException halt(int status, ErrorType type, String message) {
        return ErrorResponder.builder()
            .statusCode(status)
            .type(type)
            .message(message)
            .haltError();
    }
}
