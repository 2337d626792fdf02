package io.cleanport.core.diagnostics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.cleanport.core.policy.Downstream;

/**
 * Opens a connection to a downstream server as the probes do: resolves its name, then tries each address in
 * order until one connects, recording each failure in words.
 */
final class DownstreamDialer {
    /**
     * Addresses tried per probe: with the connect time-out each costs, a name with dozens of addresses would
     * keep a probe busy for minutes.
     */
    static final int MAX_ADDRESSES = 5;

    private final SmtpProbeSettings settings;
    private final HostAddresses hostAddresses;

    /** An open conversation, the address it reached and how long the TCP connection took. */
    record Dialed(SmtpConversation conversation, InetSocketAddress address, long connectMillis) {
    }

    DownstreamDialer(SmtpProbeSettings settings, HostAddresses hostAddresses) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.hostAddresses = Objects.requireNonNull(hostAddresses, "hostAddresses");
    }

    /** @param errors receives a sentence for the failed lookup or for each address that did not connect */
    Optional<Dialed> dial(Downstream downstream, List<String> errors) {
        String host = downstream.host();
        List<InetAddress> addresses;
        try {
            // a literal needs no lookup, and the gateway's resolver need not understand literals
            addresses = downstream.isAddressLiteral() ? List.of(InetAddress.getByName(host)) : hostAddresses.resolve(host);
        } catch (UnknownHostException e) {
            addresses = List.of();
        } catch (IOException e) {
            errors.add("the DNS lookup of " + host + " failed: " + e.getMessage());
            return Optional.empty();
        }
        if (addresses == null || addresses.isEmpty()) {
            errors.add(host + " does not resolve: DNS gives it no address");
            return Optional.empty();
        }
        for (InetAddress address : addresses.subList(0, Math.min(addresses.size(), MAX_ADDRESSES))) {
            InetSocketAddress target = new InetSocketAddress(address, downstream.port());
            long start = System.nanoTime();
            try {
                SmtpConversation conversation = SmtpConversation.connect(target, settings);
                return Optional.of(new Dialed(conversation, target, millisSince(start)));
            } catch (SmtpConversationException e) {
                errors.add(e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** What a greeting other than 220 means, in words. */
    static String refusal(SmtpReply greeting) {
        String meaning = greeting.isPermanentNegative() ? "it refuses connections from the gateway"
            : greeting.isTransientNegative() ? "it refuses connections for now"
            : "a mail server greets with 220";
        return "the server greeted with " + greeting + ": " + meaning;
    }

    static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
