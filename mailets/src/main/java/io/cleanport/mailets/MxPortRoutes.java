package io.cleanport.mailets;

import java.util.Collection;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.api.TemporaryResolutionException;

import com.google.common.collect.ImmutableList;

/**
 * A DNS view for {@link OutboundDelivery}: MX hosts as DNS gives them, with {@code :port} added when the
 * MX port is not 25 (RemoteDelivery reads {@code host:port}); every other question goes to DNS unchanged.
 */
final class MxPortRoutes extends MxView {
    private volatile int port = OutboundDelivery.SMTP_PORT;

    MxPortRoutes(DNSService dns) {
        super(dns);
    }

    void setPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not within 1..65535");
        }
        this.port = port;
    }

    @Override
    public Collection<String> findMXRecords(String hostname) throws TemporaryResolutionException {
        Collection<String> hosts = dns.findMXRecords(hostname);
        if (port == OutboundDelivery.SMTP_PORT) {
            return hosts;
        }
        return hosts.stream().map(host -> host + ":" + port).collect(ImmutableList.toImmutableList());
    }
}
