package io.cleanport.webadmin;

import static io.cleanport.webadmin.RouteErrors.badRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import spark.Request;

/**
 * The query parameters of one request, checked against those the route knows: an unknown name or a
 * name given twice is a 400 naming it. Empty values count as not given.
 */
final class QueryParameters {
    private final Map<String, String> values = new LinkedHashMap<>();

    private QueryParameters() {
    }

    static QueryParameters of(Request request, List<String> known) {
        Set<String> names = new TreeSet<>(request.queryParams());
        QueryParameters parameters = new QueryParameters();
        for (String name : names) {
            if (!known.contains(name)) {
                throw badRequest(name + ": unknown parameter; "
                    + (known.isEmpty() ? "this route takes none" : "expected one of " + String.join(", ", known)));
            }
            String[] given = request.queryParamsValues(name);
            if (given.length > 1) {
                throw badRequest(name + ": given " + given.length + " times; give it once");
            }
            if (!given[0].isEmpty()) {
                parameters.values.put(name, given[0]);
            }
        }
        return parameters;
    }

    Optional<String> given(String name) {
        return Optional.ofNullable(values.get(name));
    }

    void ifGiven(String name, Consumer<String> use) {
        given(name).ifPresent(use);
    }
}
