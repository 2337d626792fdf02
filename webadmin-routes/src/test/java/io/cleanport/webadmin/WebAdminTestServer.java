package io.cleanport.webadmin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.WebAdminConfiguration;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.authentication.NoAuthenticationFilter;
import org.apache.james.webadmin.mdc.LoggingRequestFilter;
import org.reactivestreams.Publisher;

/**
 * A James WebAdmin server with the given routes on a random port of 127.0.0.1, without a James server,
 * and a small HTTP client for it. (James's own WebAdminUtils lives in a test-jar that needs
 * rest-assured; this avoids both.)
 */
final class WebAdminTestServer implements AutoCloseable {
    private final WebAdminServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private WebAdminTestServer(WebAdminServer server) {
        this.server = server;
    }

    static WebAdminTestServer start(Routes... routes) {
        // The constructor is protected (meant for Guice); an anonymous subclass may call it.
        WebAdminServer server = new WebAdminServer(WebAdminConfiguration.TEST_CONFIGURATION, List.of(routes),
            new NoAuthenticationFilter(), new NoMetrics(), LoggingRequestFilter.create()) {
        };
        try {
            return new WebAdminTestServer(server.start());
        } catch (RuntimeException e) {
            server.destroy();
            throw e;
        }
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    HttpResponse<String> put(String path, String body) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> putForm(String path, String body) {
        return send(formRequest(path).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> post(String path, String body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> postForm(String path, String body) {
        return send(formRequest(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder formRequest(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort().getValue() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json");
    }

    HttpResponse<String> putWithoutBody(String path) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    HttpResponse<String> post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** A GET whose body is kept as the bytes received (a message source, say), asking for any type. */
    HttpResponse<byte[]> getBytes(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort().getValue() + path))
            .timeout(Duration.ofSeconds(30))
            .GET();
        return send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort().getValue() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return client.send(request.build(), body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.destroy();
    }

    /** WebAdmin times every request; tests do not care. */
    private static final class NoMetrics implements MetricFactory {
        @Override
        public Metric generate(String name) {
            return new Metric() {
                @Override
                public void increment() {
                }

                @Override
                public void decrement() {
                }

                @Override
                public void add(int value) {
                }

                @Override
                public void remove(int value) {
                }

                @Override
                public long getCount() {
                    return 0;
                }
            };
        }

        @Override
        public TimeMetric timer(String name) {
            return new TimeMetric() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public ExecutionResult stopAndPublish() {
                    return new ExecutionResult() {
                        @Override
                        public Duration elasped() {
                            return Duration.ZERO;
                        }

                        @Override
                        public ExecutionResult logWhenExceedP99(Duration threshold) {
                            return this;
                        }
                    };
                }
            };
        }

        @Override
        public <T> Publisher<T> decoratePublisherWithTimerMetric(String name, Publisher<T> publisher) {
            return publisher;
        }

        @Override
        public <T> Publisher<T> decoratePublisherWithTimerMetricLogP99(String name, Publisher<T> publisher) {
            return publisher;
        }
    }
}
