package io.cleanport.core.policy;

import java.net.InetAddress;

import com.google.common.net.InetAddresses;

/**
 * A customer's mail server that receives the clean mail: a host name or IP literal and an SMTP port.
 * A domain lists them in order of preference; the first is tried first, the others are fallbacks.
 *
 * <p>IPv6 literals are refused: James 3.8.1's delivery engine writes a target as {@code host:port} and
 * cannot address an IPv6 literal; a host name works.
 *
 * @param host a lower-cased DNS host name, or an IPv4 literal
 * @param port 1 to 65535
 */
public record Downstream(String host, int port) {
    public static final int DEFAULT_PORT = 25;

    /**
     * @throws PolicyValidationException naming {@code host} or {@code port}
     */
    public Downstream {
        host = normalizeHost("host", host);
        if (host.indexOf(':') >= 0) {
            throw new PolicyValidationException("host", "'" + host + "': IPv6 literals are not supported as downstream hosts;"
                + " use an IPv4 address or a host name");
        }
        PolicyLimits.checkRange("port", port, 1, 65535);
    }

    public static Downstream of(String host, int port) {
        return new Downstream(host, port);
    }

    public static Downstream of(String host) {
        return new Downstream(host, DEFAULT_PORT);
    }

    /** Whether {@link #host()} is an IP literal rather than a name to resolve. */
    public boolean isAddressLiteral() {
        return InetAddresses.isInetAddress(host);
    }

    static String normalizeHost(String field, String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new PolicyValidationException(field, "must not be empty; expected a host name or an IP address");
        }
        String candidate = raw.startsWith("[") && raw.endsWith("]") ? raw.substring(1, raw.length() - 1) : raw;
        if (!candidate.contains("%") && InetAddresses.isInetAddress(candidate)) {
            InetAddress address = InetAddresses.forString(candidate);
            return InetAddresses.toAddrString(address);
        }
        if (candidate.contains(":") || candidate.startsWith("[")) {
            throw new PolicyValidationException(field, "'" + raw + "' is not a valid IPv6 address");
        }
        try {
            return DomainName.validate(field, raw, false);
        } catch (PolicyValidationException e) {
            throw new PolicyValidationException(field, "'" + raw + "' is neither an IP address nor a valid host name: "
                + e.problem().substring(e.problem().indexOf(':') + 2));
        }
    }
}
