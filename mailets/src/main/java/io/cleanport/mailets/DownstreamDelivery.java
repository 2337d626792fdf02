package io.cleanport.mailets;

import javax.inject.Inject;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.transport.mailets.RemoteDelivery;

import io.cleanport.core.dns.GatewayResolver;
import io.cleanport.core.policy.PolicyStore;

/**
 * James's RemoteDelivery (persistent outgoing queue, retries, DSN bounces) whose routes come from the
 * protected domains' policies: a domain's mail goes to its {@code downstream} hosts, in order, falling
 * back to the next; host names are resolved by the gateway's resolver ({@link GatewayDnsService}). Policies are read at each attempt, so a changed route applies to waiting mail too.
 * Takes every parameter of RemoteDelivery; use {@code <loadBalancing>false</loadBalancing>} so the
 * order of the downstream list is kept.
 */
public class DownstreamDelivery extends RemoteDelivery {
    @Inject
    public DownstreamDelivery(DNSService dns, DomainList domainList, MailQueueFactory<?> queueFactory,
                              MetricFactory metricFactory, PolicyStore policies, GatewayResolver resolver) {
        super(new DownstreamRoutes(policies, new GatewayDnsService(resolver, dns)), domainList, queueFactory, metricFactory);
    }

    @Override
    public String getMailetInfo() {
        return "CleanPort delivery to each protected domain's downstream servers";
    }
}
