package io.cleanport.core.policy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

import com.google.common.net.InetAddresses;

/**
 * An IPv4 or IPv6 network in CIDR notation, such as {@code 192.0.2.0/24} or {@code 2001:db8::/32}.
 * Host bits beyond the prefix are cleared ({@code 192.0.2.7/24} becomes {@code 192.0.2.0/24}); a bare
 * address is a single host ({@code /32} or {@code /128}).
 *
 * <p>Relay networks let their members send mail anywhere through the gateway, so networks broader than
 * {@code /8} (IPv4) or {@code /16} (IPv6) are refused: they would make the gateway an open relay.
 */
public final class Cidr {
    public static final int MIN_IPV4_PREFIX = 8;
    public static final int MIN_IPV6_PREFIX = 16;

    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * @throws PolicyValidationException (field {@code cidr}) on bad syntax or a prefix out of range
     */
    public static Cidr parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new PolicyValidationException("cidr", "must not be empty; expected a network such as 192.0.2.0/24 or 2001:db8::/32");
        }
        int slash = text.indexOf('/');
        String addressPart = slash < 0 ? text : text.substring(0, slash);
        if (addressPart.contains("%") || !InetAddresses.isInetAddress(addressPart)) {
            throw invalid(text, "'" + addressPart + "' is not an IPv4 or IPv6 address");
        }
        byte[] address = InetAddresses.forString(addressPart).getAddress();
        int maxPrefix = address.length * 8;
        int minPrefix = address.length == 4 ? MIN_IPV4_PREFIX : MIN_IPV6_PREFIX;
        int prefix = slash < 0 ? maxPrefix : parsePrefix(text, text.substring(slash + 1), maxPrefix);
        if (prefix < minPrefix) {
            throw invalid(text, "/" + prefix + " is too broad (it would make the gateway an open relay); the shortest prefix accepted is /" + minPrefix);
        }
        return new Cidr(mask(address, prefix), prefix);
    }

    private static int parsePrefix(String text, String prefix, int maxPrefix) {
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(text, "the prefix length '" + prefix + "' is not a number from 0 to " + maxPrefix);
        }
        int value = Integer.parseInt(prefix);
        if (value > maxPrefix) {
            throw invalid(text, "the prefix length " + value + " is out of range 0.." + maxPrefix);
        }
        return value;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int bitsInByte = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xff << (8 - bitsInByte));
        }
        return masked;
    }

    private static PolicyValidationException invalid(String text, String why) {
        return new PolicyValidationException("cidr", "'" + text + "' is not a valid network in CIDR notation: " + why);
    }

    /** Whether {@code address} lies in this network. IPv4 networks never contain IPv6 addresses and vice versa. */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        return candidate.length == network.length && Arrays.equals(mask(candidate, prefixLength), network);
    }

    public boolean isIpv4() {
        return network.length == 4;
    }

    public int prefixLength() {
        return prefixLength;
    }

    /** The network address (host bits cleared). */
    public InetAddress networkAddress() {
        try {
            return InetAddress.getByAddress(network);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr that && prefixLength == that.prefixLength && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    /** Canonical form: the network address (compressed lower-case for IPv6), a slash and the prefix length. */
    @Override
    public String toString() {
        InetAddress address = networkAddress();
        String text = address instanceof Inet4Address ? address.getHostAddress() : InetAddresses.toAddrString(address);
        return text + "/" + prefixLength;
    }
}
