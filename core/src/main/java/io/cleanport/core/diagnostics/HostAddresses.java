package io.cleanport.core.diagnostics;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * Turns a downstream's host name into the addresses to connect to, in the order to try them. The gateway
 * plugs in its own DNS resolver, so that a probe sees the addresses that deliveries use.
 */
@FunctionalInterface
public interface HostAddresses {

    /**
     * @return the host's addresses, in order of preference; empty or {@link java.net.UnknownHostException}
     *         when the name has none
     * @throws IOException when the lookup fails
     */
    List<InetAddress> resolve(String host) throws IOException;

    /** The JVM's resolver ({@link InetAddress#getAllByName(String)}). */
    static HostAddresses system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
