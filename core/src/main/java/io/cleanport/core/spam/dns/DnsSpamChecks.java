package io.cleanport.core.spam.dns;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cleanport.core.cache.ExpiringCache;
import io.cleanport.core.config.DurationSetting;
import io.cleanport.core.dns.GatewayResolver;
import io.cleanport.core.verdict.Rule;
import io.cleanport.core.verdict.RuleHit;

/**
 * The DNS-based spam checks of one message, started when the envelope is known and collected when the
 * content scan is done: each blocklist zone and SPF run concurrently on a small bounded pool, their
 * results are cached, and whatever has not answered within {@code spam.dns.timeout} of the start is
 * reported as timed out and weighs nothing. A DNS problem never blocks or delays mail beyond that time.
 *
 * <table>
 *   <caption>Keys read by {@link #fromProperties}</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code spam.dnsbl.zones}</td><td>none</td><td>comma-separated blocklist zones, each with an optional
 *       weight: {@code zen.example=4, bl.example} (see {@link DnsBlocklists#parseZones})</td></tr>
 *   <tr><td>{@code spam.spf.enabled}</td><td>{@code true}</td><td>whether to evaluate the sender's SPF record</td></tr>
 *   <tr><td>{@code spam.dns.timeout}</td><td>{@code 2s}</td><td>how long a message waits for these checks, at most 1m</td></tr>
 *   <tr><td>{@code spam.dns.cache.ttl}</td><td>{@code 5m}</td><td>how long an answer is reused for the same client (and
 *       sender); failed lookups are not kept</td></tr>
 * </table>
 *
 * Clients at loopback, private and other non-public addresses are not checked (internal relays).
 * With no zone configured and SPF off, nothing is ever asked. Thread safe; {@link #close()} stops the pool.
 */
public final class DnsSpamChecks implements AutoCloseable {
    public static final String SPF_ENABLED_KEY = "spam.spf.enabled";
    public static final String TIMEOUT_KEY = "spam.dns.timeout";
    public static final String CACHE_TTL_KEY = "spam.dns.cache.ttl";
    private static final Set<String> KEYS = Set.of(DnsBlocklists.ZONES_KEY, SPF_ENABLED_KEY, TIMEOUT_KEY, CACHE_TTL_KEY);
    private static final List<String> OWN_PREFIXES = List.of("spam.dns.", "spam.dnsbl.", "spam.spf.");

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);
    public static final int THREADS = 8;
    public static final int MAX_WAITING_CHECKS = 1_000;
    public static final int CACHE_SIZE = 10_000;

    /** A check that did not answer in time, or could not start; weighs nothing. */
    public static final Rule TIMED_OUT = Rule.of("DNS_CHECK_TIMED_OUT", 0,
        "A DNS-based spam check gave no answer within spam.dns.timeout; it counts nothing");

    /** Results that a later message should not reuse: the lookup may well succeed next time. */
    private static final Set<String> TRANSIENT = Set.of(DnsBlocklists.UNANSWERED.id(), SpfCheck.TEMPERROR.id());
    /** Time for a combined result to be assembled after its parts completed on their own deadlines. */
    private static final long AWAIT_GRACE_MILLIS = 200;
    private static final Logger LOGGER = LoggerFactory.getLogger(DnsSpamChecks.class);

    private record ZoneQuery(DnsBlocklists.Zone zone, InetAddress client) {
    }

    private record SpfQuery(InetAddress client, Optional<String> envelopeSender, Optional<String> helo) {
    }

    private final Optional<DnsBlocklists> blocklists;
    private final Optional<SpfCheck> spf;
    private final Duration timeout;
    private final ThreadPoolExecutor pool;
    private final ExpiringCache<ZoneQuery, List<RuleHit>> zoneAnswers;
    private final ExpiringCache<SpfQuery, List<RuleHit>> spfAnswers;

    private DnsSpamChecks(GatewayResolver resolver, List<DnsBlocklists.Zone> zones, boolean spfEnabled, Duration timeout,
                          Duration cacheTtl, Clock clock) {
        Objects.requireNonNull(resolver, "resolver");
        this.blocklists = zones.isEmpty() ? Optional.empty() : Optional.of(new DnsBlocklists(resolver, zones));
        this.spf = spfEnabled ? Optional.of(new SpfCheck(resolver)) : Optional.empty();
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(TIMEOUT_KEY + ": expected a positive duration up to 1m, got " + timeout.toMillis() + "ms");
        }
        this.timeout = timeout;
        if (cacheTtl.isNegative() || cacheTtl.isZero()) {
            throw new IllegalArgumentException(CACHE_TTL_KEY + ": expected a positive duration, got " + cacheTtl.toMillis() + "ms");
        }
        AtomicInteger threadNumber = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_WAITING_CHECKS), task -> {
            Thread thread = new Thread(task, "spam-dns-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true); // an idle or disabled instance holds no thread
        this.zoneAnswers = new ExpiringCache<>(cacheTtl, clock, CACHE_SIZE,
            q -> blocklists.orElseThrow().check(q.zone(), q.client()).map(List::of).orElse(List.of()));
        this.spfAnswers = new ExpiringCache<>(cacheTtl, clock, CACHE_SIZE,
            q -> spf.orElseThrow().check(q.client(), q.envelopeSender(), q.helo()).hit().map(List::of).orElse(List.of()));
    }

    /**
     * Checks with these zones, SPF on or off, and limits given directly (tests use sub-second timeouts).
     *
     * @throws IllegalArgumentException naming the key of a bad value
     */
    public static DnsSpamChecks of(GatewayResolver resolver, List<DnsBlocklists.Zone> zones, boolean spfEnabled, Duration timeout,
                                   Duration cacheTtl, Clock clock) {
        return new DnsSpamChecks(resolver, zones, spfEnabled, timeout, cacheTtl, clock);
    }

    /**
     * Reads the keys of the class description; absent or blank keys keep their defaults.
     *
     * @throws IllegalArgumentException naming the key, for a bad value or an unknown key under {@code spam.dns.},
     *                                  {@code spam.dnsbl.} or {@code spam.spf.}
     */
    public static DnsSpamChecks fromProperties(Properties properties, GatewayResolver resolver) {
        for (String key : properties.stringPropertyNames()) {
            if (OWN_PREFIXES.stream().anyMatch(key::startsWith) && !KEYS.contains(key)) {
                throw new IllegalArgumentException(key + ": unknown key; the DNS spam checks read "
                    + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        List<DnsBlocklists.Zone> zones = value(properties, DnsBlocklists.ZONES_KEY).map(DnsBlocklists::parseZones).orElse(List.of());
        boolean spf = value(properties, SPF_ENABLED_KEY).map(DnsSpamChecks::parseBoolean).orElse(true);
        Duration timeout = value(properties, TIMEOUT_KEY).map(v -> DurationSetting.parse(TIMEOUT_KEY, v)).orElse(DEFAULT_TIMEOUT);
        Duration ttl = value(properties, CACHE_TTL_KEY).map(v -> DurationSetting.parse(CACHE_TTL_KEY, v)).orElse(DEFAULT_CACHE_TTL);
        return new DnsSpamChecks(resolver, zones, spf, timeout, ttl, Clock.systemUTC());
    }

    private static Optional<String> value(Properties properties, String key) {
        return Optional.ofNullable(properties.getProperty(key)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static boolean parseBoolean(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(SPF_ENABLED_KEY + ": expected true or false, got '" + value + "'");
        };
    }

    /** Whether any check is configured; when not, {@link #start} asks nothing. */
    public boolean enabled() {
        return blocklists.isPresent() || spf.isPresent();
    }

    /** How long after {@link #start} unanswered checks are given up. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Starts the checks of one message in the background. The future completes within the timeout with
     * every hit: blocklist listings, the SPF result, and a {@link #TIMED_OUT} finding for each check that
     * did not answer in time. Without a client address, or for a non-public one, nothing is checked.
     */
    public CompletableFuture<List<RuleHit>> start(Optional<InetAddress> client, Optional<String> envelopeSender, Optional<String> helo) {
        if (client.isEmpty() || !DnsBlocklists.isListable(client.get())) {
            return CompletableFuture.completedFuture(List.of());
        }
        InetAddress ip = client.get();
        List<CompletableFuture<List<RuleHit>>> parts = new ArrayList<>();
        blocklists.ifPresent(lists -> lists.zones().forEach(zone ->
            parts.add(run("dnsbl " + zone.name(), () -> cached(zoneAnswers, new ZoneQuery(zone, ip))))));
        if (spf.isPresent()) {
            SpfCheck.domainToCheck(envelopeSender, helo).ifPresent(domain ->
                parts.add(run("spf " + domain, () -> cached(spfAnswers, new SpfQuery(ip, envelopeSender, helo)))));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
            .thenApply(done -> parts.stream().flatMap(part -> part.join().stream()).toList());
    }

    /**
     * The hits of {@link #start}, waiting at most until its timeout has passed (and a moment to assemble
     * them); never throws.
     */
    public List<RuleHit> await(CompletableFuture<List<RuleHit>> checks) {
        try {
            return checks.get(timeout.toMillis() + AWAIT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return List.of(TIMED_OUT.hit("dns checks timed out"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(TIMED_OUT.hit("dns checks interrupted"));
        } catch (ExecutionException e) {
            LOGGER.error("DNS spam checks failed", e.getCause());
            return List.of(TIMED_OUT.hit("dns checks failed: " + e.getCause()));
        }
    }

    private static <K> List<RuleHit> cached(ExpiringCache<K, List<RuleHit>> cache, K query) {
        List<RuleHit> hits = cache.get(query);
        if (hits.stream().anyMatch(hit -> TRANSIENT.contains(hit.ruleId()))) {
            cache.invalidate(query);
        }
        return hits;
    }

    /** Runs one check on the pool; completes with a timed-out finding if it has not answered in time. */
    private CompletableFuture<List<RuleHit>> run(String check, Supplier<List<RuleHit>> lookup) {
        CompletableFuture<List<RuleHit>> part = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                if (part.isDone()) {
                    return; // gave up while queued: do not ask DNS for nobody
                }
                try {
                    part.complete(lookup.get());
                } catch (RuntimeException e) {
                    LOGGER.error("{} failed", check, e);
                    part.complete(List.of(TIMED_OUT.hit(check + " failed: " + e)));
                }
            });
        } catch (RejectedExecutionException e) {
            part.complete(List.of(TIMED_OUT.hit(check + " not run: " + MAX_WAITING_CHECKS + " DNS checks already waiting")));
        }
        return part.completeOnTimeout(List.of(TIMED_OUT.hit(check + " timed out")), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the pool; checks still running are interrupted. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
