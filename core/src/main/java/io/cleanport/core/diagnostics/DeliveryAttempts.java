package io.cleanport.core.diagnostics;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What this node's deliveries last met at each SMTP server ({@code host:port}): the last error, in the
 * server's or the network's words, and the last success; for the downstream check's "last delivery error".
 * Delivery records into {@link #shared()} from the JavaMail transport, which JavaMail creates by reflection,
 * hence one shared instance per process. Bounded: the least recently used servers are forgotten past
 * {@link #MAX_SERVERS}.
 */
public final class DeliveryAttempts {
    public static final int MAX_SERVERS = 10_000;
    /** The longest error text kept. */
    public static final int MAX_ERROR_CHARS = 500;

    private static final DeliveryAttempts SHARED = new DeliveryAttempts();

    /** The last outcomes at one server. */
    public record LastAttempts(Optional<String> lastError, Optional<Instant> lastErrorAt, Optional<Instant> lastSuccessAt) {
        public LastAttempts {
            Objects.requireNonNull(lastError, "lastError");
            Objects.requireNonNull(lastErrorAt, "lastErrorAt");
            Objects.requireNonNull(lastSuccessAt, "lastSuccessAt");
        }

        static LastAttempts none() {
            return new LastAttempts(Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    private final Map<String, LastAttempts> servers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LastAttempts> eldest) {
            return size() > MAX_SERVERS;
        }
    };

    /** The process's record, written by delivery. */
    public static DeliveryAttempts shared() {
        return SHARED;
    }

    public synchronized void failed(String host, int port, String error, Instant at) {
        String text = error == null || error.isBlank() ? "unknown error" : error.strip();
        if (text.length() > MAX_ERROR_CHARS) {
            text = text.substring(0, MAX_ERROR_CHARS) + "…";
        }
        LastAttempts last = servers.getOrDefault(key(host, port), LastAttempts.none());
        servers.put(key(host, port), new LastAttempts(Optional.of(text), Optional.of(at), last.lastSuccessAt()));
    }

    public synchronized void succeeded(String host, int port, Instant at) {
        LastAttempts last = servers.getOrDefault(key(host, port), LastAttempts.none());
        servers.put(key(host, port), new LastAttempts(last.lastError(), last.lastErrorAt(), Optional.of(at)));
    }

    /** What was last met at {@code host:port}; all empty when nothing was delivered there since start. */
    public synchronized LastAttempts at(String host, int port) {
        return servers.getOrDefault(key(host, port), LastAttempts.none());
    }

    private static String key(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }
}
