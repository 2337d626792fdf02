package io.cleanport.assembly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;

/**
 * The real gateway started in-process for a test: its own state directory, a copy of {@code conf/}
 * (optionally edited by the test), free loopback ports, and a WebAdmin HTTP client.
 */
final class TestGateway implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final GuiceJamesServer server;
    private final CleanPortServer.ServerSettings settings;

    private TestGateway(GuiceJamesServer server, CleanPortServer.ServerSettings settings) {
        this.server = server;
        this.settings = settings;
    }

    /**
     * Test clients all connect from 127.0.0.1, and no network is exempt from greylisting by default: tests
     * that are not about greylisting exempt loopback, as an operator would exempt a trusted network.
     */
    static final String LOOPBACK_NOT_GREYLISTED = "greylist.whitelist.networks=127.0.0.0/8";

    /**
     * Copies the product's conf/ into {@code directory/conf}, letting the test edit mailetcontainer.xml;
     * loopback is not greylisted.
     */
    static Path prepare(Path directory, UnaryOperator<String> mailetContainerEdit) throws IOException {
        return prepare(directory, mailetContainerEdit, LOOPBACK_NOT_GREYLISTED);
    }

    /** Also appends {@code cleanPortProperties} (lines of {@code key=value}) to cleanport.properties. */
    static Path prepare(Path directory, UnaryOperator<String> mailetContainerEdit, String cleanPortProperties) throws IOException {
        Path source = Path.of(System.getProperty("cleanport.conf.dir", "../conf"));
        Path conf = directory.resolve("conf");
        Files.createDirectories(conf);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file) && !file.getFileName().toString().equals("pom.xml")) {
                    Files.copy(file, conf.resolve(file.getFileName()));
                }
            }
        }
        Path mailetContainer = conf.resolve("mailetcontainer.xml");
        Files.writeString(mailetContainer, mailetContainerEdit.apply(Files.readString(mailetContainer)));
        Path properties = conf.resolve("cleanport.properties");
        Files.writeString(properties, overridden(Files.readString(properties), cleanPortProperties));
        return conf;
    }

    /** {@code base} with each {@code key=value} line of {@code overrides} replacing the line of that key. */
    private static String overridden(String base, String overrides) {
        StringBuilder result = new StringBuilder();
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (String line : overrides.split("\n")) {
            if (line.contains("=")) {
                keys.add(line.substring(0, line.indexOf('=')).strip());
            }
        }
        for (String line : base.split("\n")) {
            String key = line.contains("=") ? line.substring(0, line.indexOf('=')).strip() : "";
            if (!keys.contains(key)) {
                result.append(line).append('\n');
            }
        }
        return result + overrides + "\n";
    }

    /** The product's retry schedule replaced by a short one, so tests see retries and bounces in seconds. */
    static String shortRetries(String mailetContainer, String delayTime, int maxRetries) {
        return mailetContainer
            .replaceAll("<delayTime>[^<]*</delayTime>", "<delayTime>" + delayTime + "</delayTime>")
            .replaceAll("<maxRetries>[^<]*</maxRetries>", "<maxRetries>" + maxRetries + "</maxRetries>");
    }

    /** A gateway whose loopback clients are not greylisted. */
    static TestGateway start(Path directory, UnaryOperator<String> mailetContainerEdit) throws Exception {
        return start(directory, mailetContainerEdit, LOOPBACK_NOT_GREYLISTED);
    }

    static TestGateway start(Path directory, UnaryOperator<String> mailetContainerEdit, String cleanPortProperties) throws Exception {
        Path conf = prepare(directory, mailetContainerEdit, cleanPortProperties);
        return start(directory.resolve("home"), conf, freePort(), freePort());
    }

    static TestGateway start(Path home, Path conf, int smtpPort, int webAdminPort) throws Exception {
        CleanPortServer.ServerSettings settings = new CleanPortServer.ServerSettings(
            home, conf, "127.0.0.1", smtpPort, "127.0.0.1", webAdminPort);
        GuiceJamesServer server = CleanPortServer.create(settings);
        try {
            server.start();
        } catch (Exception | Error e) {
            server.stop();
            throw e;
        }
        return new TestGateway(server, settings);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path home() {
        return settings.home();
    }

    Path conf() {
        return settings.conf();
    }

    int smtpPort() {
        return settings.smtpPort();
    }

    int webAdminPort() {
        return settings.webAdminPort();
    }

    HttpResponse<String> http(String method, String path, String body) {
        return request(settings.webAdminPort(), method, path, body);
    }

    static HttpResponse<String> request(int webAdminPort, String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webAdminPort + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** PUT of a domain policy; fails the test unless WebAdmin accepted it. */
    void protect(String domain, String policyJson) {
        HttpResponse<String> response = http("PUT", "/cleanport/domains/" + domain, policyJson);
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("PUT /cleanport/domains/" + domain + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    void addUser(String domain, String local) {
        HttpResponse<String> response = http("PUT", "/cleanport/domains/" + domain + "/users/" + local, "{}");
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("PUT user answered " + response.statusCode() + ": " + response.body());
        }
    }

    static String catchAllPolicy(int downstreamPort) {
        return "{\"catchAll\":true,\"downstream\":[{\"host\":\"127.0.0.1\",\"port\":" + downstreamPort + "}]}";
    }

    static String downstreamPolicy(int port) {
        return "{\"downstream\":[{\"host\":\"127.0.0.1\",\"port\":" + port + "}]}";
    }

    @Override
    public void close() {
        server.stop();
    }
}
