package io.cleanport.core.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.google.common.net.InetAddresses;

import io.cleanport.core.config.DurationSetting;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.PolicyValidationException;

/**
 * Where and how the gateway asks DNS, and which host names are the gateway's own MX hosts. Immutable;
 * every value is checked on construction.
 *
 * <table>
 *   <caption>Keys read by {@link #fromProperties(Map)}</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code dns.servers}</td><td>the system's resolvers</td><td>comma-separated resolvers as IP addresses
 *       with an optional port: {@code 192.0.2.53}, {@code 192.0.2.53:5353}, {@code 2001:db8::53},
 *       {@code [2001:db8::53]:5353}</td></tr>
 *   <tr><td>{@code dns.timeout}</td><td>{@code 5s}</td><td>how long to wait for one server's answer (up to 1m)</td></tr>
 *   <tr><td>{@code dns.cache.size}</td><td>{@code 10000}</td><td>most names (each with its records of every type) kept in the gateway's DNS cache; 0 for no cache</td></tr>
 *   <tr><td>{@code gateway.mxHosts}</td><td>none</td><td>comma-separated host names of the gateway's own MX hosts, which the
 *       MX check expects to find in a protected domain's MX records</td></tr>
 * </table>
 *
 * Resolvers are IP addresses, not names: naming the resolver would need a resolver.
 */
public final class DnsSettings {
    public static final String SERVERS_KEY = "dns.servers";
    public static final String TIMEOUT_KEY = "dns.timeout";
    public static final String CACHE_SIZE_KEY = "dns.cache.size";
    public static final String GATEWAY_MX_HOSTS_KEY = "gateway.mxHosts";
    private static final Set<String> DNS_KEYS = Set.of(SERVERS_KEY, TIMEOUT_KEY, CACHE_SIZE_KEY);

    public static final int DEFAULT_PORT = 53;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);
    public static final int DEFAULT_CACHE_SIZE = 10_000;
    public static final int MAX_CACHE_SIZE = 1_000_000;
    public static final int MAX_SERVERS = 10;
    public static final int MAX_GATEWAY_MX_HOSTS = 100;

    private static final DnsSettings DEFAULTS = new DnsSettings(List.of(), DEFAULT_TIMEOUT, DEFAULT_CACHE_SIZE, List.of());

    private final List<InetSocketAddress> servers;
    private final Duration timeout;
    private final int cacheSize;
    private final List<String> gatewayMxHosts;

    private DnsSettings(List<InetSocketAddress> servers, Duration timeout, int cacheSize, List<String> gatewayMxHosts) {
        this.servers = checkServers(servers);
        this.timeout = checkTimeout(timeout);
        if (cacheSize < 0 || cacheSize > MAX_CACHE_SIZE) {
            throw new IllegalArgumentException(CACHE_SIZE_KEY + ": expected a whole number from 0 (no cache) to "
                + MAX_CACHE_SIZE + ", got " + cacheSize);
        }
        this.cacheSize = cacheSize;
        this.gatewayMxHosts = checkHosts(gatewayMxHosts);
    }

    /** The system's resolvers, a 5 second timeout, a cache of 10,000 names, no gateway MX hosts. */
    public static DnsSettings defaults() {
        return DEFAULTS;
    }

    /**
     * Reads the keys of the class description; absent or blank keys keep their defaults, other keys are
     * ignored.
     *
     * @throws IllegalArgumentException naming the key, for a bad value or an unknown {@code dns.*} key
     */
    public static DnsSettings fromProperties(Map<String, String> properties) {
        for (String key : properties.keySet()) {
            if (key.startsWith("dns.") && !DNS_KEYS.contains(key)) {
                throw new IllegalArgumentException(key + ": unknown key; DNS reads " + String.join(", ", DNS_KEYS.stream().sorted().toList()));
            }
        }
        List<InetSocketAddress> servers = value(properties, SERVERS_KEY).map(DnsSettings::parseServers).orElse(List.of());
        Duration timeout = value(properties, TIMEOUT_KEY).map(v -> DurationSetting.parse(TIMEOUT_KEY, v)).orElse(DEFAULT_TIMEOUT);
        int cacheSize = value(properties, CACHE_SIZE_KEY).map(DnsSettings::parseCacheSize).orElse(DEFAULT_CACHE_SIZE);
        List<String> hosts = value(properties, GATEWAY_MX_HOSTS_KEY).map(DnsSettings::items).orElse(List.of());
        return new DnsSettings(servers, timeout, cacheSize, hosts);
    }

    /** These settings with other resolvers; an empty list means the system's. */
    public DnsSettings withServers(List<InetSocketAddress> newServers) {
        return new DnsSettings(newServers, timeout, cacheSize, gatewayMxHosts);
    }

    /** These settings with another timeout per server; any positive duration up to a minute. */
    public DnsSettings withTimeout(Duration newTimeout) {
        return new DnsSettings(servers, newTimeout, cacheSize, gatewayMxHosts);
    }

    /** These settings with another cache size; 0 for no cache. */
    public DnsSettings withCacheSize(int newCacheSize) {
        return new DnsSettings(servers, timeout, newCacheSize, gatewayMxHosts);
    }

    /** These settings with other gateway MX hosts, normalised and checked as {@code gateway.mxHosts} is. */
    public DnsSettings withGatewayMxHosts(List<String> hosts) {
        return new DnsSettings(servers, timeout, cacheSize, hosts);
    }

    /** The resolvers to ask, in order; empty for the system's resolvers. */
    public List<InetSocketAddress> servers() {
        return servers;
    }

    /** How long to wait for one server's answer. */
    public Duration timeout() {
        return timeout;
    }

    /** Most names the gateway's DNS cache keeps (dnsjava's cache holds all of a name's types in one entry); 0 for no cache. */
    public int cacheSize() {
        return cacheSize;
    }

    /** The gateway's own MX host names, lower-case, without a trailing dot, in configured order. */
    public List<String> gatewayMxHosts() {
        return gatewayMxHosts;
    }

    private static Optional<String> value(Map<String, String> properties, String key) {
        return Optional.ofNullable(properties.get(key)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static List<String> items(String list) {
        List<String> items = new ArrayList<>();
        for (String item : list.split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    private static int parseCacheSize(String value) {
        if (value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(CACHE_SIZE_KEY + ": expected a whole number, got '" + value + "'");
        }
        return Integer.parseInt(value);
    }

    private static List<InetSocketAddress> parseServers(String list) {
        return items(list).stream().map(DnsSettings::parseServer).toList();
    }

    /** {@code ip}, {@code ipv4:port}, {@code [ipv6]} or {@code [ipv6]:port}; a bare IPv6 address takes no port. */
    private static InetSocketAddress parseServer(String text) {
        String host = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || (close + 1 < text.length() && text.charAt(close + 1) != ':')) {
                throw badServer(text);
            }
            host = text.substring(1, close);
            port = close + 1 < text.length() ? text.substring(close + 2) : null;
        } else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') >= 0) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        }
        if (!InetAddresses.isInetAddress(host)) {
            throw badServer(text);
        }
        int number = DEFAULT_PORT;
        if (port != null) {
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw badServer(text);
            }
            number = Integer.parseInt(port);
        }
        if (number < 1 || number > 65_535) {
            throw new IllegalArgumentException(SERVERS_KEY + ": '" + text + "' has port " + number + "; expected 1 to 65535");
        }
        return new InetSocketAddress(InetAddresses.forString(host), number);
    }

    private static IllegalArgumentException badServer(String text) {
        return new IllegalArgumentException(SERVERS_KEY + ": '" + text + "' is not an IP address with an optional port,"
            + " such as 192.0.2.53, 192.0.2.53:5353, 2001:db8::53 or [2001:db8::53]:5353");
    }

    private static List<InetSocketAddress> checkServers(List<InetSocketAddress> servers) {
        if (servers.size() > MAX_SERVERS) {
            throw new IllegalArgumentException(SERVERS_KEY + ": at most " + MAX_SERVERS + " resolvers are accepted, got " + servers.size());
        }
        for (InetSocketAddress server : servers) {
            InetAddress address = Objects.requireNonNull(server, SERVERS_KEY).getAddress();
            if (address == null || server.getPort() == 0) {
                throw new IllegalArgumentException(SERVERS_KEY + ": '" + server + "' is not a resolved IP address and port");
            }
        }
        return List.copyOf(new LinkedHashSet<>(servers));
    }

    private static Duration checkTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, TIMEOUT_KEY);
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(TIMEOUT_KEY + ": expected a positive duration up to " + DurationSetting.format(MAX_TIMEOUT)
                + ", got " + timeout.toMillis() + "ms");
        }
        return timeout;
    }

    private static List<String> checkHosts(List<String> hosts) {
        if (hosts.size() > MAX_GATEWAY_MX_HOSTS) {
            throw new IllegalArgumentException(GATEWAY_MX_HOSTS_KEY + ": at most " + MAX_GATEWAY_MX_HOSTS + " hosts are accepted, got "
                + hosts.size());
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String host : hosts) {
            String raw = Objects.requireNonNull(host, GATEWAY_MX_HOSTS_KEY).strip();
            try {
                names.add(DomainName.of(raw.endsWith(".") ? raw.substring(0, raw.length() - 1) : raw).name());
            } catch (PolicyValidationException e) {
                throw new IllegalArgumentException(GATEWAY_MX_HOSTS_KEY + ": " + e.problem(), e);
            }
        }
        return List.copyOf(names);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DnsSettings that && cacheSize == that.cacheSize && servers.equals(that.servers)
            && timeout.equals(that.timeout) && gatewayMxHosts.equals(that.gatewayMxHosts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(servers, timeout, cacheSize, gatewayMxHosts);
    }

    @Override
    public String toString() {
        return "DnsSettings{servers=" + (servers.isEmpty() ? "system" : servers) + ", timeout=" + timeout.toMillis() + "ms"
            + ", cacheSize=" + cacheSize + ", gatewayMxHosts=" + gatewayMxHosts + "}";
    }
}
