package io.cleanport.core.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.Credibility;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import com.google.common.net.InetAddresses;

/**
 * The gateway's DNS resolver: MX records with their preferences, addresses and TXT records, telling a
 * name that does not exist from a lookup that failed for now.
 *
 * <p>Built on dnsjava with its own resolver and cache, never dnsjava's static defaults, which James's
 * own DNS service (and other tests) set and use. The resolvers are those of {@link DnsSettings#servers()},
 * each asked in turn and given about {@link DnsSettings#timeout()} to answer, or the system's when none are
 * configured; only then is the hosts file consulted too, as the system resolver would. Names are always
 * absolute: no search domain is appended. Thread safe: every call uses a lookup of its own, and the cache
 * is shared.
 */
public final class GatewayResolver {
    private static final Duration SERVER_TIMEOUT_SLACK = Duration.ofSeconds(1);

    private final Resolver resolver;
    private final Cache cache;
    private final boolean useHostsFile;

    public GatewayResolver(DnsSettings settings) {
        List<InetSocketAddress> servers = settings.servers().isEmpty() ? systemServers() : settings.servers();
        this.resolver = resolver(servers, settings.timeout());
        this.useHostsFile = settings.servers().isEmpty();
        if (settings.cacheSize() == 0) {
            this.cache = null;
        } else {
            this.cache = new Cache(DClass.IN);
            this.cache.setMaxEntries(settings.cacheSize());
        }
    }

    private static List<InetSocketAddress> systemServers() {
        List<InetSocketAddress> servers = ResolverConfig.getCurrentConfig().servers();
        return servers.isEmpty() ? List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), SimpleResolver.DEFAULT_PORT)) : servers;
    }

    private static Resolver resolver(List<InetSocketAddress> servers, Duration timeout) {
        List<Resolver> resolvers = new ArrayList<>();
        for (InetSocketAddress server : servers) {
            SimpleResolver simple = new SimpleResolver(server);
            simple.setTimeout(timeout);
            resolvers.add(simple);
        }
        if (resolvers.size() == 1) {
            return resolvers.get(0);
        }
        // One try per server, each with its full timeout, so that a dead first server leaves time for the next.
        // dnsjava notices a server's UDP timeout only when its selector is idle, about once a second: hence the slack.
        ExtendedResolver extended = new ExtendedResolver(resolvers);
        extended.setRetries(1);
        extended.setTimeout(timeout.plus(SERVER_TIMEOUT_SLACK).multipliedBy(resolvers.size()));
        return extended;
    }

    /**
     * The MX records of {@code domain}. A null MX is {@link MxAnswer.Kind#RECORDS} with one record whose
     * host is empty ({@link MxAnswer#isNullMx()}).
     *
     * @throws IllegalArgumentException if {@code domain} is not a DNS name
     */
    public MxAnswer mx(String domain) {
        Lookup lookup = run(domain, Type.MX);
        return switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> {
                List<MxRecord> records = new ArrayList<>();
                for (Record record : lookup.getAnswers()) {
                    if (record instanceof MXRecord mx) {
                        records.add(MxRecord.of(mx.getTarget().toString(), mx.getPriority()));
                    }
                }
                yield records.isEmpty() ? MxAnswer.noRecords() : MxAnswer.of(records);
            }
            case Lookup.TYPE_NOT_FOUND -> MxAnswer.noRecords();
            case Lookup.HOST_NOT_FOUND -> MxAnswer.nxdomain();
            default -> MxAnswer.failure(failure(domain, Type.MX, lookup));
        };
    }

    /**
     * The addresses of {@code host}: its A records, then its AAAA records. An IP address is returned as
     * is. When one of the two lookups fails for now but the other gives addresses, those are returned: a
     * server that cannot answer AAAA must not stop delivery over IPv4.
     *
     * @throws UnknownHostException if {@code host} does not exist or has no address
     * @throws DnsFailureException  if no address was found and a lookup failed for now
     * @throws IllegalArgumentException if {@code host} is not a DNS name
     */
    public List<InetAddress> addresses(String host) throws UnknownHostException, DnsFailureException {
        String literal = host.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        if (InetAddresses.isInetAddress(literal)) {
            return List.of(InetAddresses.forString(literal));
        }
        List<InetAddress> addresses = new ArrayList<>();
        String failure = null;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            Lookup lookup = run(host, type);
            switch (lookup.getResult()) {
                case Lookup.SUCCESSFUL -> {
                    for (Record record : lookup.getAnswers()) {
                        if (record instanceof ARecord a) {
                            addresses.add(a.getAddress());
                        } else if (record instanceof AAAARecord aaaa) {
                            addresses.add(aaaa.getAddress());
                        }
                    }
                }
                case Lookup.HOST_NOT_FOUND -> throw noSuchName(host);
                case Lookup.TYPE_NOT_FOUND -> { }
                default -> failure = failure != null ? failure : failure(host, type, lookup);
            }
        }
        if (!addresses.isEmpty()) {
            return List.copyOf(addresses);
        }
        if (failure != null) {
            throw new DnsFailureException(failure);
        }
        throw new UnknownHostException(MxRecord.normalise(host) + " has no address (no A or AAAA record)");
    }

    /**
     * The TXT records of {@code name}, each as the concatenation of its strings (as SPF and DMARC read them).
     *
     * @throws UnknownHostException if {@code name} does not exist or has no TXT record
     * @throws DnsFailureException  if the lookup failed for now
     * @throws IllegalArgumentException if {@code name} is not a DNS name
     */
    public List<String> txt(String name) throws UnknownHostException, DnsFailureException {
        Lookup lookup = run(name, Type.TXT);
        switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> {
                List<String> texts = new ArrayList<>();
                for (Record record : lookup.getAnswers()) {
                    if (record instanceof TXTRecord txt) {
                        texts.add(String.join("", txt.getStrings()));
                    }
                }
                return List.copyOf(texts);
            }
            case Lookup.HOST_NOT_FOUND -> throw noSuchName(name);
            case Lookup.TYPE_NOT_FOUND -> throw new UnknownHostException(MxRecord.normalise(name) + " has no TXT record");
            default -> throw new DnsFailureException(failure(name, Type.TXT, lookup));
        }
    }

    private Lookup run(String name, int type) {
        Lookup lookup = new Lookup(absolute(name), type, DClass.IN);
        lookup.setResolver(resolver);
        lookup.setCache(cache); // null: a cache for this lookup only
        lookup.setCredibility(Credibility.NORMAL);
        if (!useHostsFile) {
            lookup.setHostsFileParser(null);
        }
        lookup.run();
        return lookup;
    }

    private static Name absolute(String name) {
        String normalised = MxRecord.normalise(name);
        if (normalised.isEmpty()) {
            throw new IllegalArgumentException("a DNS name is needed, got '" + name + "'");
        }
        try {
            return Name.fromString(normalised, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("'" + name + "' is not a DNS name: " + e.getMessage(), e);
        }
    }

    private static String failure(String name, int type, Lookup lookup) {
        return "DNS lookup of " + MxRecord.normalise(name) + " " + Type.string(type) + " timed out or failed: " + lookup.getErrorString();
    }

    private static UnknownHostException noSuchName(String name) {
        return new UnknownHostException(MxRecord.normalise(name) + " does not exist in DNS (NXDOMAIN)");
    }

    @Override
    public String toString() {
        return "GatewayResolver{" + resolver + ", cache=" + (cache == null ? "none" : cache.getMaxEntries()) + "}";
    }
}
