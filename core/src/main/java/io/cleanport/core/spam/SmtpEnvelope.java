package io.cleanport.core.spam;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What the SMTP session said about a message, as far as it is known.
 *
 * @param sender the MAIL FROM address; empty for the null sender ({@code <>}) or when unknown
 * @param client the address of the SMTP client
 * @param helo   the name the client gave in HELO/EHLO
 */
public record SmtpEnvelope(Optional<String> sender, Optional<InetAddress> client, Optional<String> helo) {
    private static final SmtpEnvelope UNKNOWN = new SmtpEnvelope(Optional.empty(), Optional.empty(), Optional.empty());

    public SmtpEnvelope {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(helo, "helo");
        sender = sender.map(String::strip).filter(address -> !address.isEmpty());
        helo = helo.map(String::strip).filter(name -> !name.isEmpty());
    }

    /** Nothing known: a message read from a file or a repository. */
    public static SmtpEnvelope unknown() {
        return UNKNOWN;
    }

    /** Nulls for what is not known. */
    public static SmtpEnvelope of(String sender, InetAddress client, String helo) {
        return new SmtpEnvelope(Optional.ofNullable(sender), Optional.ofNullable(client), Optional.ofNullable(helo));
    }
}
