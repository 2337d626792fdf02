package io.cleanport.mailets;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.transport.mailets.RemoteDelivery;

import io.cleanport.core.dns.GatewayResolver;

/**
 * James's RemoteDelivery (persistent outgoing queue, retries, DSN bounces to the sender) for relayed mail:
 * recipients' domains are looked up by MX through the gateway's resolver ({@link GatewayDnsService},
 * {@code dns.servers}), with RFC 5321's fallback to the domain's address when it has no MX. Takes every
 * parameter of RemoteDelivery, and {@code mxPort} (default 25): the SMTP port of the MX hosts, which only a
 * test bench changes.
 */
public class OutboundDelivery extends RemoteDelivery {
    static final int SMTP_PORT = 25;

    private final MxPortRoutes routes;

    @Inject
    public OutboundDelivery(DNSService dns, DomainList domainList, MailQueueFactory<?> queueFactory,
                            MetricFactory metricFactory, GatewayResolver resolver) {
        this(new MxPortRoutes(new GatewayDnsService(resolver, dns)), domainList, queueFactory, metricFactory);
    }

    private OutboundDelivery(MxPortRoutes routes, DomainList domainList, MailQueueFactory<?> queueFactory,
                             MetricFactory metricFactory) {
        super(routes, domainList, queueFactory, metricFactory);
        this.routes = routes;
    }

    @Override
    public void init() throws MessagingException {
        String port = getInitParameter("mxPort", String.valueOf(SMTP_PORT)).trim();
        try {
            routes.setPort(Integer.parseInt(port));
        } catch (IllegalArgumentException e) {
            throw new MessagingException("OutboundDelivery: mxPort must be a port number within 1..65535, got '" + port + "'");
        }
        super.init();
    }

    @Override
    public String getMailetInfo() {
        return "CleanPort delivery of relayed mail by MX lookup";
    }
}
