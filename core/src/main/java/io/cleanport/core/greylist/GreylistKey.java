package io.cleanport.core.greylist;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import com.google.common.net.InetAddresses;

/**
 * What greylisting remembers an attempt by: the client's network, the envelope sender and the
 * recipient, each normalised so that an MTA retrying the same mail maps to the same key.
 *
 * <ul>
 *   <li>Network: IPv4 clients by their {@code /24}, IPv6 clients by their {@code /64} (a large sender
 *       retries from a neighbouring address of the same pool). An IPv4-mapped IPv6 address
 *       ({@code ::ffff:192.0.2.1}) is the IPv4 address it carries.</li>
 *   <li>Sender: lower-cased; a BATV address {@code prvs=tag=local@domain} becomes
 *       {@code local@domain}, because its tag changes every day; the null sender (empty or
 *       {@code <>}) is {@link #NULL_SENDER}.</li>
 *   <li>Recipient: lower-cased.</li>
 * </ul>
 *
 * {@link #id()} is a fixed-size digest of the three, so a store finds an entry by one primary-key
 * lookup whatever the length of the addresses.
 */
public final class GreylistKey {
    /** How the null reverse-path (bounces, DSNs) appears as a sender. */
    public static final String NULL_SENDER = "<>";
    /** The length of {@link #id()}: base64url of 32 bytes, without padding. */
    public static final int ID_LENGTH = 43;
    public static final int IPV4_PREFIX = 24;
    public static final int IPV6_PREFIX = 64;
    private static final String BATV_PREFIX = "prvs=";
    // Cannot occur in an SMTP address, so the digested text is unambiguous.
    private static final char SEPARATOR = '\0';

    private final String network;
    private final String sender;
    private final String recipient;
    private final String id;

    private GreylistKey(String network, String sender, String recipient) {
        this.network = network;
        this.sender = sender;
        this.recipient = recipient;
        this.id = digest(network + SEPARATOR + sender + SEPARATOR + recipient);
    }

    /**
     * @param client    the SMTP client's address
     * @param sender    the envelope sender; null, empty or {@code <>} for the null sender
     * @param recipient the envelope recipient, not empty
     */
    public static GreylistKey of(InetAddress client, String sender, String recipient) {
        Objects.requireNonNull(client, "client");
        if (recipient == null || recipient.isBlank()) {
            throw new IllegalArgumentException("recipient: must not be empty");
        }
        return new GreylistKey(network(client), normaliseSender(sender), unbracketed(recipient.strip()).toLowerCase(Locale.ROOT));
    }

    /** The client's network as greylisting sees it, e.g. {@code 192.0.2.0/24} or {@code 2001:db8:1:2::/64}. */
    public static String network(InetAddress client) {
        byte[] address = client.getAddress();
        if (address.length == 16 && isIpv4Mapped(address)) {
            byte[] ipv4 = new byte[4];
            System.arraycopy(address, 12, ipv4, 0, 4);
            address = ipv4;
        }
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + ".0/" + IPV4_PREFIX;
        }
        byte[] masked = new byte[16];
        System.arraycopy(address, 0, masked, 0, 8);
        try {
            return InetAddresses.toAddrString(InetAddress.getByAddress(masked)) + "/" + IPV6_PREFIX;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isIpv4Mapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    /** The sender as greylisting compares it (see the class description). */
    public static String normaliseSender(String sender) {
        String address = sender == null ? "" : unbracketed(sender.strip()).toLowerCase(Locale.ROOT);
        if (address.isEmpty()) {
            return NULL_SENDER;
        }
        int at = address.lastIndexOf('@');
        String local = at < 0 ? address : address.substring(0, at);
        if (local.startsWith(BATV_PREFIX)) {
            int tagEnd = local.indexOf('=', BATV_PREFIX.length());
            if (tagEnd > BATV_PREFIX.length() && tagEnd < local.length() - 1) {
                return local.substring(tagEnd + 1) + (at < 0 ? "" : address.substring(at));
            }
        }
        return address;
    }

    private static String unbracketed(String address) {
        if (address.length() >= 2 && address.startsWith("<") && address.endsWith(">")) {
            return address.substring(1, address.length() - 1).strip();
        }
        return address;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The client network, e.g. {@code 192.0.2.0/24}. */
    public String network() {
        return network;
    }

    /** The normalised sender, {@link #NULL_SENDER} for the null sender. */
    public String sender() {
        return sender;
    }

    /** The domain of the sender; empty for the null sender or an address without one. */
    public Optional<String> senderDomain() {
        int at = sender.lastIndexOf('@');
        return at < 0 || at == sender.length() - 1 ? Optional.empty() : Optional.of(sender.substring(at + 1));
    }

    /** The lower-cased recipient. */
    public String recipient() {
        return recipient;
    }

    /** The base64url SHA-256 of network, sender and recipient: {@value #ID_LENGTH} characters. */
    public String id() {
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GreylistKey that && id.equals(that.id) && network.equals(that.network)
            && sender.equals(that.sender) && recipient.equals(that.recipient);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "(" + network + ", " + sender + ", " + recipient + ")";
    }
}
