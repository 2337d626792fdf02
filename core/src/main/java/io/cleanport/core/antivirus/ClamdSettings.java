package io.cleanport.core.antivirus;

import java.net.InetSocketAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Where clamd listens and how long CleanPort waits for it. clamd is optional: without
 * {@value #ADDRESS_KEY}, {@link #fromProperties(Properties)} gives no settings and no message goes to clamd.
 *
 * <table>
 *   <caption>Keys read by {@link #fromProperties(Properties)}</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code antivirus.clamd.address}</td><td>none (clamd off)</td><td>{@code host:port} ({@code [v6]:port}
 *       for an IPv6 literal) of clamd's {@code TCPSocket}, or {@code unix:/absolute/path} of its {@code LocalSocket}</td></tr>
 *   <tr><td>{@code antivirus.clamd.connectTimeout}</td><td>{@code 2000}</td><td>milliseconds to wait for the connection</td></tr>
 *   <tr><td>{@code antivirus.clamd.readTimeout}</td><td>{@code 30000}</td><td>milliseconds clamd may stay silent, while
 *       reading the message or scanning it, before the scan fails</td></tr>
 *   <tr><td>{@code antivirus.clamd.maxStreamBytes}</td><td>{@code 26214400}</td><td>largest message sent to clamd; keep it
 *       at most clamd's {@code StreamMaxLength} (25M in Debian's clamd.conf)</td></tr>
 * </table>
 *
 * A host name is resolved at each connection, not at start-up, so clamd may move or start after CleanPort.
 *
 * @param tcpAddress     clamd's TCP address; present exactly when {@code unixSocket} is absent
 * @param unixSocket     the absolute path of clamd's Unix socket; present exactly when {@code tcpAddress} is absent
 * @param connectTimeout 1 ms to 5 minutes
 * @param readTimeout    1 ms to 1 hour; the longest clamd may stay silent, not the length of a whole scan
 * @param maxStreamBytes 1 byte to 4 GiB - 1 (the most clamd's {@code StreamMaxLength} can be)
 */
public record ClamdSettings(Optional<InetSocketAddress> tcpAddress, Optional<Path> unixSocket, Duration connectTimeout,
                            Duration readTimeout, long maxStreamBytes) {
    public static final String PREFIX = "antivirus.clamd.";
    public static final String ADDRESS_KEY = "antivirus.clamd.address";
    public static final String CONNECT_TIMEOUT_KEY = "antivirus.clamd.connectTimeout";
    public static final String READ_TIMEOUT_KEY = "antivirus.clamd.readTimeout";
    public static final String MAX_STREAM_BYTES_KEY = "antivirus.clamd.maxStreamBytes";
    private static final Set<String> KEYS = Set.of(ADDRESS_KEY, CONNECT_TIMEOUT_KEY, READ_TIMEOUT_KEY, MAX_STREAM_BYTES_KEY);
    /** How {@value #ADDRESS_KEY} names a Unix socket. */
    public static final String UNIX_SCHEME = "unix:";

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(2000);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMillis(30_000);
    /** 25 MiB: the {@code StreamMaxLength} of Debian's clamd.conf. */
    public static final long DEFAULT_MAX_STREAM_BYTES = 26_214_400L;

    public static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration MAX_READ_TIMEOUT = Duration.ofHours(1);
    /** clamd counts the stream in 32 bits. */
    public static final long MAX_STREAM_BYTES = 0xFFFF_FFFFL;

    /** @throws IllegalArgumentException naming the bad field */
    public ClamdSettings {
        Objects.requireNonNull(tcpAddress, "tcpAddress");
        Objects.requireNonNull(unixSocket, "unixSocket");
        if (tcpAddress.isPresent() == unixSocket.isPresent()) {
            throw new IllegalArgumentException("tcpAddress, unixSocket: exactly one is needed, got "
                + (tcpAddress.isPresent() ? "both" : "neither"));
        }
        tcpAddress.ifPresent(address -> {
            if (address.getPort() < 1) {
                throw new IllegalArgumentException("tcpAddress: port 0 is not an address to connect to");
            }
            if (address.getHostString().isEmpty()) {
                throw new IllegalArgumentException("tcpAddress: no host");
            }
        });
        unixSocket.ifPresent(path -> {
            // relative to the server's working directory would depend on how James was started
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("unixSocket: expected an absolute path, got '" + path + "'");
            }
        });
        within("connectTimeout", connectTimeout, MAX_CONNECT_TIMEOUT);
        within("readTimeout", readTimeout, MAX_READ_TIMEOUT);
        if (maxStreamBytes < 1 || maxStreamBytes > MAX_STREAM_BYTES) {
            throw new IllegalArgumentException("maxStreamBytes: expected 1 to " + MAX_STREAM_BYTES + " bytes, got " + maxStreamBytes);
        }
    }

    /** clamd on TCP, with the default timeouts and stream limit. */
    public static ClamdSettings tcp(InetSocketAddress address) {
        return new ClamdSettings(Optional.of(address), Optional.empty(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT,
            DEFAULT_MAX_STREAM_BYTES);
    }

    /** clamd on a Unix socket, with the default timeouts and stream limit. */
    public static ClamdSettings unixSocket(Path path) {
        return new ClamdSettings(Optional.empty(), Optional.of(path), DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT,
            DEFAULT_MAX_STREAM_BYTES);
    }

    public ClamdSettings withTimeouts(Duration connectTimeout, Duration readTimeout) {
        return new ClamdSettings(tcpAddress, unixSocket, connectTimeout, readTimeout, maxStreamBytes);
    }

    public ClamdSettings withMaxStreamBytes(long maxStreamBytes) {
        return new ClamdSettings(tcpAddress, unixSocket, connectTimeout, readTimeout, maxStreamBytes);
    }

    /**
     * Reads the {@code antivirus.clamd.*} keys (see the class description); other keys are ignored.
     *
     * @return empty when {@value #ADDRESS_KEY} is absent or blank: clamd is off
     * @throws IllegalArgumentException naming the key, for a bad value or an unknown {@code antivirus.clamd.*} key
     */
    public static Optional<ClamdSettings> fromProperties(Properties properties) {
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(PREFIX) && !KEYS.contains(name)) {
                throw new IllegalArgumentException(name + ": unknown key; clamd reads " + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        Optional<String> address = value(properties, ADDRESS_KEY);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        Duration connectTimeout = value(properties, CONNECT_TIMEOUT_KEY)
            .map(v -> within(CONNECT_TIMEOUT_KEY, Duration.ofMillis(number(CONNECT_TIMEOUT_KEY, v)), MAX_CONNECT_TIMEOUT))
            .orElse(DEFAULT_CONNECT_TIMEOUT);
        Duration readTimeout = value(properties, READ_TIMEOUT_KEY)
            .map(v -> within(READ_TIMEOUT_KEY, Duration.ofMillis(number(READ_TIMEOUT_KEY, v)), MAX_READ_TIMEOUT))
            .orElse(DEFAULT_READ_TIMEOUT);
        long maxStreamBytes = value(properties, MAX_STREAM_BYTES_KEY).map(v -> number(MAX_STREAM_BYTES_KEY, v)).orElse(DEFAULT_MAX_STREAM_BYTES);
        if (maxStreamBytes < 1 || maxStreamBytes > MAX_STREAM_BYTES) {
            throw new IllegalArgumentException(MAX_STREAM_BYTES_KEY + ": expected 1 to " + MAX_STREAM_BYTES + " bytes, got " + maxStreamBytes);
        }
        String text = address.get();
        if (text.startsWith(UNIX_SCHEME)) {
            return Optional.of(new ClamdSettings(Optional.empty(), Optional.of(unixPath(text)), connectTimeout, readTimeout, maxStreamBytes));
        }
        return Optional.of(new ClamdSettings(Optional.of(hostAndPort(text)), Optional.empty(), connectTimeout, readTimeout, maxStreamBytes));
    }

    /** The address as {@value #ADDRESS_KEY} writes it: {@code host:port} or {@code unix:/path}; for messages and logs. */
    public String address() {
        return tcpAddress.map(a -> (a.getHostString().indexOf(':') >= 0 ? "[" + a.getHostString() + "]" : a.getHostString()) + ":" + a.getPort())
            .orElseGet(() -> UNIX_SCHEME + unixSocket.orElseThrow());
    }

    private static Path unixPath(String text) {
        String path = text.substring(UNIX_SCHEME.length()).strip();
        try {
            Path socket = Path.of(path);
            if (path.isEmpty() || !socket.isAbsolute()) {
                throw new IllegalArgumentException(ADDRESS_KEY + ": expected unix:/absolute/path/to/clamd.ctl, got '" + text + "'");
            }
            return socket;
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(ADDRESS_KEY + ": '" + path + "' is not a path: " + e.getReason(), e);
        }
    }

    private static InetSocketAddress hostAndPort(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw badAddress(text);
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0 || text.indexOf(':') != colon) {
                throw badAddress(text);
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c >= 0x7f || c == '/' || c == '[' || c == ']')) {
            throw badAddress(text);
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(ADDRESS_KEY + ": '" + port + "' is not a port number (1 to 65535) in '" + text + "'");
        }
        int number = Integer.parseInt(port);
        if (number < 1 || number > 65_535) {
            throw new IllegalArgumentException(ADDRESS_KEY + ": port " + number + " is not from 1 to 65535 in '" + text + "'");
        }
        // resolved at each connection, see the class description
        return InetSocketAddress.createUnresolved(host, number);
    }

    private static IllegalArgumentException badAddress(String text) {
        return new IllegalArgumentException(ADDRESS_KEY + ": expected host:port, [IPv6]:port or unix:/path/to/clamd.ctl, got '" + text + "'");
    }

    private static Optional<String> value(Properties properties, String key) {
        return Optional.ofNullable(properties.getProperty(key)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static long number(String key, String value) {
        if (value.length() > 12 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(key + ": expected a whole number, got '" + value + "'");
        }
        return Long.parseLong(value);
    }

    private static Duration within(String name, Duration value, Duration max) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + ": expected 1 to " + max.toMillis() + " milliseconds, got " + value.toMillis());
        }
        return value;
    }
}
