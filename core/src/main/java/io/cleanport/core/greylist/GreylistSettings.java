package io.cleanport.core.greylist;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import io.cleanport.core.config.DurationSetting;
import io.cleanport.core.policy.Cidr;
import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.PolicyValidationException;

/**
 * How greylisting behaves: delays, lifetimes, the network auto-whitelist threshold, the static
 * whitelists and the background purge. Immutable; every value is checked when set.
 *
 * <table>
 *   <caption>Keys read by {@link #fromProperties(Properties)}</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code greylist.minDelay}</td><td>{@code 10s}</td><td>a retry earlier than this after the first attempt is greylisted again</td></tr>
 *   <tr><td>{@code greylist.retryWindow}</td><td>{@code 2d}</td><td>a retry later than this after the first attempt counts as a first attempt</td></tr>
 *   <tr><td>{@code greylist.whitelistLifetime}</td><td>{@code 36d}</td><td>how long a passed triplet goes through without delay, renewed by use</td></tr>
 *   <tr><td>{@code greylist.network.threshold}</td><td>{@code 5}</td><td>distinct passed triplets after which the client's network goes through as a whole; 0 never</td></tr>
 *   <tr><td>{@code greylist.network.lifetime}</td><td>{@code greylist.whitelistLifetime}</td><td>how long a whitelisted network stays so, renewed by use</td></tr>
 *   <tr><td>{@code greylist.whitelist.networks}</td><td>none</td><td>comma-separated CIDRs never greylisted</td></tr>
 *   <tr><td>{@code greylist.whitelist.senderDomains}</td><td>none</td><td>comma-separated sender domains (and their subdomains) never greylisted</td></tr>
 *   <tr><td>{@code greylist.purge.interval}</td><td>{@code 10m}</td><td>time between two purges of expired entries</td></tr>
 *   <tr><td>{@code greylist.purge.batch}</td><td>{@code 10000}</td><td>most entries one purge deletes</td></tr>
 * </table>
 *
 * No network is exempt by default, not even loopback or private ranges: exemptions are only what the
 * static whitelists list.
 */
public final class GreylistSettings {
    public static final String PREFIX = "greylist.";
    public static final String MIN_DELAY_KEY = "greylist.minDelay";
    public static final String RETRY_WINDOW_KEY = "greylist.retryWindow";
    public static final String WHITELIST_LIFETIME_KEY = "greylist.whitelistLifetime";
    public static final String NETWORK_THRESHOLD_KEY = "greylist.network.threshold";
    public static final String NETWORK_LIFETIME_KEY = "greylist.network.lifetime";
    public static final String WHITELIST_NETWORKS_KEY = "greylist.whitelist.networks";
    public static final String WHITELIST_SENDER_DOMAINS_KEY = "greylist.whitelist.senderDomains";
    public static final String PURGE_INTERVAL_KEY = "greylist.purge.interval";
    public static final String PURGE_BATCH_KEY = "greylist.purge.batch";
    private static final Set<String> KEYS = Set.of(MIN_DELAY_KEY, RETRY_WINDOW_KEY, WHITELIST_LIFETIME_KEY,
        NETWORK_THRESHOLD_KEY, NETWORK_LIFETIME_KEY, WHITELIST_NETWORKS_KEY, WHITELIST_SENDER_DOMAINS_KEY,
        PURGE_INTERVAL_KEY, PURGE_BATCH_KEY);

    public static final Duration DEFAULT_MIN_DELAY = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_WINDOW = Duration.ofDays(2);
    public static final Duration DEFAULT_WHITELIST_LIFETIME = Duration.ofDays(36);
    public static final int DEFAULT_NETWORK_THRESHOLD = 5;
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(10);
    public static final int DEFAULT_PURGE_BATCH = 10_000;

    public static final Duration MAX_MIN_DELAY = Duration.ofHours(24);
    public static final Duration MAX_RETRY_WINDOW = Duration.ofDays(30);
    public static final Duration MIN_LIFETIME = Duration.ofSeconds(1);
    public static final Duration MAX_LIFETIME = Duration.ofDays(366);
    public static final int MAX_NETWORK_THRESHOLD = 1000;
    public static final Duration MIN_PURGE_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MAX_PURGE_INTERVAL = Duration.ofDays(1);
    public static final int MAX_PURGE_BATCH = 1_000_000;
    public static final int MAX_STATIC_ENTRIES = 1000;
    /** Whitelisting more than a /8 (IPv4) or /16 (IPv6) is turning greylisting off, not an exemption. */
    public static final int MIN_IPV4_PREFIX = Cidr.MIN_IPV4_PREFIX;
    public static final int MIN_IPV6_PREFIX = Cidr.MIN_IPV6_PREFIX;

    private static final GreylistSettings DEFAULTS = builder().build();

    private final Duration minDelay;
    private final Duration retryWindow;
    private final Duration tripletLifetime;
    private final int networkThreshold;
    private final Duration networkLifetime;
    private final List<Cidr> staticNetworks;
    private final List<DomainName> staticSenderDomains;
    private final Duration purgeInterval;
    private final int purgeBatch;

    private GreylistSettings(Builder builder) {
        this.minDelay = builder.minDelay;
        this.retryWindow = builder.retryWindow;
        this.tripletLifetime = builder.tripletLifetime;
        this.networkThreshold = builder.networkThreshold;
        this.networkLifetime = builder.networkLifetime.orElse(builder.tripletLifetime);
        this.staticNetworks = List.copyOf(builder.staticNetworks);
        this.staticSenderDomains = List.copyOf(builder.staticSenderDomains);
        this.purgeInterval = builder.purgeInterval;
        this.purgeBatch = builder.purgeBatch;
    }

    public static GreylistSettings defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the {@code greylist.*} keys (see the class description); absent or blank keys keep their
     * defaults, other keys are ignored.
     *
     * @throws IllegalArgumentException naming the key, for a bad value or an unknown {@code greylist.*} key
     */
    public static GreylistSettings fromProperties(Properties properties) {
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(PREFIX) && !KEYS.contains(name)) {
                throw new IllegalArgumentException(name + ": unknown key; greylisting reads " + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        Builder builder = builder();
        value(properties, MIN_DELAY_KEY).ifPresent(v -> builder.minDelay(DurationSetting.parse(MIN_DELAY_KEY, v)));
        value(properties, RETRY_WINDOW_KEY).ifPresent(v -> builder.retryWindow(DurationSetting.parse(RETRY_WINDOW_KEY, v)));
        value(properties, WHITELIST_LIFETIME_KEY).ifPresent(v -> builder.tripletLifetime(DurationSetting.parse(WHITELIST_LIFETIME_KEY, v)));
        value(properties, NETWORK_THRESHOLD_KEY).ifPresent(v -> builder.networkThreshold(integer(NETWORK_THRESHOLD_KEY, v)));
        value(properties, NETWORK_LIFETIME_KEY).ifPresent(v -> builder.networkLifetime(DurationSetting.parse(NETWORK_LIFETIME_KEY, v)));
        value(properties, WHITELIST_NETWORKS_KEY).ifPresent(v -> builder.staticNetworks(networks(v)));
        value(properties, WHITELIST_SENDER_DOMAINS_KEY).ifPresent(v -> builder.staticSenderDomains(senderDomains(v)));
        value(properties, PURGE_INTERVAL_KEY).ifPresent(v -> builder.purgeInterval(DurationSetting.parse(PURGE_INTERVAL_KEY, v)));
        value(properties, PURGE_BATCH_KEY).ifPresent(v -> builder.purgeBatch(integer(PURGE_BATCH_KEY, v)));
        return builder.build();
    }

    private static Optional<String> value(Properties properties, String key) {
        return Optional.ofNullable(properties.getProperty(key)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static int integer(String key, String value) {
        if (value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(key + ": expected a whole number, got '" + value + "'");
        }
        return Integer.parseInt(value);
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

    private static List<Cidr> networks(String list) {
        List<Cidr> networks = new ArrayList<>();
        for (String item : items(list)) {
            networks.add(network(item));
        }
        return networks;
    }

    /** A whitelisted network; greylisting has its own reason to refuse very broad ones. */
    static Cidr network(String text) {
        int slash = text.indexOf('/');
        if (slash > 0) {
            String prefix = text.substring(slash + 1);
            boolean ipv6 = text.indexOf(':') >= 0;
            int minimum = ipv6 ? MIN_IPV6_PREFIX : MIN_IPV4_PREFIX;
            if (prefix.length() <= 3 && !prefix.isEmpty() && prefix.chars().allMatch(c -> c >= '0' && c <= '9')
                && Integer.parseInt(prefix) < minimum) {
                throw new IllegalArgumentException(WHITELIST_NETWORKS_KEY + ": '" + text + "' is too broad (it would turn"
                    + " greylisting off); the shortest prefix accepted is /" + minimum);
            }
        }
        try {
            return Cidr.parse(text);
        } catch (PolicyValidationException e) {
            throw new IllegalArgumentException(WHITELIST_NETWORKS_KEY + ": " + e.problem(), e);
        }
    }

    private static List<DomainName> senderDomains(String list) {
        List<DomainName> domains = new ArrayList<>();
        for (String item : items(list)) {
            try {
                domains.add(DomainName.of(item));
            } catch (PolicyValidationException e) {
                throw new IllegalArgumentException(WHITELIST_SENDER_DOMAINS_KEY + ": " + e.problem(), e);
            }
        }
        return domains;
    }

    /** A retry earlier than this after the first attempt is greylisted again. */
    public Duration minDelay() {
        return minDelay;
    }

    /** A retry later than this after the first attempt is a first attempt again. */
    public Duration retryWindow() {
        return retryWindow;
    }

    /** How long a passed triplet is let through without delay; renewed by use. */
    public Duration tripletLifetime() {
        return tripletLifetime;
    }

    /** Distinct passed triplets after which the whole client network is let through; 0 for never. */
    public int networkThreshold() {
        return networkThreshold;
    }

    /** How long a whitelisted network stays whitelisted; renewed by use. */
    public Duration networkLifetime() {
        return networkLifetime;
    }

    public List<Cidr> staticNetworks() {
        return staticNetworks;
    }

    public List<DomainName> staticSenderDomains() {
        return staticSenderDomains;
    }

    public Duration purgeInterval() {
        return purgeInterval;
    }

    public int purgeBatch() {
        return purgeBatch;
    }

    /** Whether the client's address lies in a statically whitelisted network. */
    public boolean isStaticNetwork(InetAddress client) {
        for (Cidr network : staticNetworks) {
            if (network.contains(client)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code domain} (lower-case) is a statically whitelisted sender domain or one of its subdomains. */
    public boolean isStaticSenderDomain(String domain) {
        for (DomainName whitelisted : staticSenderDomains) {
            String name = whitelisted.name();
            if (domain.equals(name) || (domain.endsWith(name) && domain.charAt(domain.length() - name.length() - 1) == '.')) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GreylistSettings that
            && networkThreshold == that.networkThreshold && purgeBatch == that.purgeBatch
            && minDelay.equals(that.minDelay) && retryWindow.equals(that.retryWindow)
            && tripletLifetime.equals(that.tripletLifetime) && networkLifetime.equals(that.networkLifetime)
            && staticNetworks.equals(that.staticNetworks) && staticSenderDomains.equals(that.staticSenderDomains)
            && purgeInterval.equals(that.purgeInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(minDelay, retryWindow, tripletLifetime, networkThreshold, networkLifetime, staticNetworks,
            staticSenderDomains, purgeInterval, purgeBatch);
    }

    @Override
    public String toString() {
        return "GreylistSettings{minDelay=" + DurationSetting.format(minDelay)
            + ", retryWindow=" + DurationSetting.format(retryWindow)
            + ", whitelistLifetime=" + DurationSetting.format(tripletLifetime)
            + ", networkThreshold=" + networkThreshold
            + ", networkLifetime=" + DurationSetting.format(networkLifetime)
            + ", staticNetworks=" + staticNetworks + ", staticSenderDomains=" + staticSenderDomains
            + ", purgeInterval=" + DurationSetting.format(purgeInterval) + ", purgeBatch=" + purgeBatch + "}";
    }

    /** Builds {@link GreylistSettings}; unset values keep their defaults. Errors name the configuration key. */
    public static final class Builder {
        private Duration minDelay = DEFAULT_MIN_DELAY;
        private Duration retryWindow = DEFAULT_RETRY_WINDOW;
        private Duration tripletLifetime = DEFAULT_WHITELIST_LIFETIME;
        private int networkThreshold = DEFAULT_NETWORK_THRESHOLD;
        private Optional<Duration> networkLifetime = Optional.empty();
        private List<Cidr> staticNetworks = List.of();
        private List<DomainName> staticSenderDomains = List.of();
        private Duration purgeInterval = DEFAULT_PURGE_INTERVAL;
        private int purgeBatch = DEFAULT_PURGE_BATCH;

        private Builder() {
        }

        /** 0 to 24 hours. */
        public Builder minDelay(Duration minDelay) {
            this.minDelay = within(MIN_DELAY_KEY, minDelay, Duration.ZERO, MAX_MIN_DELAY);
            return this;
        }

        /** 1 second to 30 days, and longer than {@link #minDelay} (checked by {@link #build()}). */
        public Builder retryWindow(Duration retryWindow) {
            this.retryWindow = within(RETRY_WINDOW_KEY, retryWindow, Duration.ofSeconds(1), MAX_RETRY_WINDOW);
            return this;
        }

        /** 1 hour to 366 days. */
        public Builder tripletLifetime(Duration lifetime) {
            this.tripletLifetime = within(WHITELIST_LIFETIME_KEY, lifetime, MIN_LIFETIME, MAX_LIFETIME);
            return this;
        }

        /** 0 (never) to 1000. */
        public Builder networkThreshold(int threshold) {
            if (threshold < 0 || threshold > MAX_NETWORK_THRESHOLD) {
                throw new IllegalArgumentException(NETWORK_THRESHOLD_KEY + ": expected a whole number from 0 (never) to "
                    + MAX_NETWORK_THRESHOLD + ", got " + threshold);
            }
            this.networkThreshold = threshold;
            return this;
        }

        /** 1 hour to 366 days; defaults to the triplet lifetime. */
        public Builder networkLifetime(Duration lifetime) {
            this.networkLifetime = Optional.of(within(NETWORK_LIFETIME_KEY, lifetime, MIN_LIFETIME, MAX_LIFETIME));
            return this;
        }

        /** At most 1000 networks, none broader than /8 (IPv4) or /16 (IPv6). */
        public Builder staticNetworks(List<Cidr> networks) {
            if (networks.size() > MAX_STATIC_ENTRIES) {
                throw new IllegalArgumentException(WHITELIST_NETWORKS_KEY + ": at most " + MAX_STATIC_ENTRIES
                    + " networks are accepted, got " + networks.size());
            }
            this.staticNetworks = List.copyOf(new LinkedHashSet<>(networks));
            return this;
        }

        /** At most 1000 domains; each covers its subdomains too. */
        public Builder staticSenderDomains(List<DomainName> domains) {
            if (domains.size() > MAX_STATIC_ENTRIES) {
                throw new IllegalArgumentException(WHITELIST_SENDER_DOMAINS_KEY + ": at most " + MAX_STATIC_ENTRIES
                    + " domains are accepted, got " + domains.size());
            }
            this.staticSenderDomains = List.copyOf(new LinkedHashSet<>(domains));
            return this;
        }

        /** 1 second to 1 day. */
        public Builder purgeInterval(Duration interval) {
            this.purgeInterval = within(PURGE_INTERVAL_KEY, interval, MIN_PURGE_INTERVAL, MAX_PURGE_INTERVAL);
            return this;
        }

        /** 1 to 1,000,000. */
        public Builder purgeBatch(int batch) {
            if (batch < 1 || batch > MAX_PURGE_BATCH) {
                throw new IllegalArgumentException(PURGE_BATCH_KEY + ": expected a whole number from 1 to " + MAX_PURGE_BATCH
                    + ", got " + batch);
            }
            this.purgeBatch = batch;
            return this;
        }

        /** @throws IllegalArgumentException naming {@code greylist.retryWindow} unless it is longer than the minimum delay */
        public GreylistSettings build() {
            if (retryWindow.compareTo(minDelay) <= 0) {
                throw new IllegalArgumentException(RETRY_WINDOW_KEY + ": must be longer than " + MIN_DELAY_KEY + " ("
                    + DurationSetting.format(minDelay) + "), got " + DurationSetting.format(retryWindow));
            }
            return new GreylistSettings(this);
        }

        private static Duration within(String key, Duration value, Duration min, Duration max) {
            Objects.requireNonNull(value, key);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(key + ": expected a duration from " + DurationSetting.format(min) + " to "
                    + DurationSetting.format(max) + ", got " + DurationSetting.format(value));
            }
            return value;
        }
    }
}
