package io.cleanport.mailets;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.api.TemporaryResolutionException;

import io.cleanport.core.dns.DnsFailureException;
import io.cleanport.core.dns.GatewayResolver;
import io.cleanport.core.dns.MxAnswer;
import io.cleanport.core.dns.MxRecord;

/**
 * James's DNS service answered by the gateway's resolver ({@code dns.*} in cleanport.properties), for the
 * delivery mailets: MX, address and TXT questions go to dnsjava through {@link GatewayResolver}; the local
 * host and reverse lookups stay with the server's own DNS service.
 *
 * <p>MX answers follow RFC 5321 section 5.1: hosts by preference, equal preferences in random order; a
 * domain without MX records is its own mail host when it has an address; a domain that does not exist, or
 * that publishes a null MX (RFC 7505), has no mail host, so RemoteDelivery bounces its mail. A DNS failure
 * is temporary: the mail is retried.
 */
final class GatewayDnsService extends MxView {
    private final GatewayResolver resolver;

    GatewayDnsService(GatewayResolver resolver, DNSService server) {
        super(server);
        this.resolver = resolver;
    }

    @Override
    public Collection<String> findMXRecords(String hostname) throws TemporaryResolutionException {
        MxAnswer answer = resolver.mx(hostname);
        return switch (answer.kind()) {
            case RECORDS -> answer.isNullMx() ? List.of() : byPreference(answer.records());
            case NO_RECORDS -> implicitMx(hostname);
            case NXDOMAIN -> List.of();
            case FAILURE -> throw new TemporaryResolutionException(answer.failure().orElse("DNS lookup of " + hostname + " failed"));
        };
    }

    private static List<String> byPreference(List<MxRecord> records) {
        List<String> hosts = new ArrayList<>(records.size());
        int start = 0;
        while (start < records.size()) {
            int end = start;
            while (end < records.size() && records.get(end).preference() == records.get(start).preference()) {
                end++;
            }
            List<String> group = new ArrayList<>();
            records.subList(start, end).forEach(record -> group.add(record.host()));
            Collections.shuffle(group, ThreadLocalRandom.current());
            hosts.addAll(group);
            start = end;
        }
        return List.copyOf(hosts);
    }

    private List<String> implicitMx(String hostname) throws TemporaryResolutionException {
        try {
            resolver.addresses(hostname);
            return List.of(hostname);
        } catch (UnknownHostException e) {
            return List.of();
        } catch (IOException e) {
            throw new TemporaryResolutionException(e.getMessage());
        }
    }

    @Override
    public Collection<String> findTXTRecords(String hostname) {
        try {
            return resolver.txt(hostname);
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public Collection<InetAddress> getAllByName(String host) throws UnknownHostException {
        try {
            return resolver.addresses(host);
        } catch (UnknownHostException e) {
            throw e;
        } catch (DnsFailureException e) {
            throw temporary(host, e);
        }
    }

    @Override
    public InetAddress getByName(String host) throws UnknownHostException {
        return getAllByName(host).iterator().next();
    }

    /**
     * James's interface has no temporary failure for address lookups; RemoteDelivery treats an unknown host
     * as "try the next MX host", and retries the mail when none is left.
     */
    private static UnknownHostException temporary(String host, DnsFailureException cause) {
        UnknownHostException failure = new UnknownHostException(host + ": temporary DNS failure: " + cause.getMessage());
        failure.initCause(cause);
        return failure;
    }
}
