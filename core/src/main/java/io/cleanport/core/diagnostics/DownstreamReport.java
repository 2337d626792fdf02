package io.cleanport.core.diagnostics;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the gateway found when it probed a customer's mail server: whether it can connect, how the server
 * greets it, what it offers, and every problem in words.
 *
 * @param host           the downstream's host as configured
 * @param port           the downstream's port
 * @param address        the IP address that answered; absent when none did
 * @param reachable      whether a TCP connection was made
 * @param connectMillis  how long the successful TCP connection took; absent without one
 * @param bannerMillis   how long the server took to greet after the connection; absent without a greeting
 * @param banner         the greeting on one line ({@link SmtpReply#toString()}: code first); absent when the
 *                       server sent none
 * @param extensions     the extensions the EHLO reply announced, keywords upper-cased ({@code SIZE 52428800},
 *                       {@code STARTTLS}); empty after HELO
 * @param startTls       what became of STARTTLS
 * @param startTlsDetail the negotiated protocol, cipher and certificate, or why STARTTLS was not used or failed;
 *                       absent when it was not tried
 * @param errors         each problem found, as a sentence; an address that did not connect is one even when
 *                       another did
 */
public record DownstreamReport(String host, int port, Optional<String> address, boolean reachable,
                               OptionalLong connectMillis, OptionalLong bannerMillis, Optional<String> banner,
                               List<String> extensions, StartTlsStatus startTls, Optional<String> startTlsDetail,
                               List<String> errors) {

    public DownstreamReport {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(connectMillis, "connectMillis");
        Objects.requireNonNull(bannerMillis, "bannerMillis");
        Objects.requireNonNull(banner, "banner");
        extensions = List.copyOf(extensions);
        Objects.requireNonNull(startTls, "startTls");
        Objects.requireNonNull(startTlsDetail, "startTlsDetail");
        errors = List.copyOf(errors);
        if (connectMillis.orElse(0) < 0 || bannerMillis.orElse(0) < 0) {
            throw new IllegalArgumentException("connectMillis, bannerMillis: a duration is not negative");
        }
        if (reachable != address.isPresent()) {
            throw new IllegalArgumentException("address: present exactly when the server is reachable");
        }
    }

    /** Whether the gateway can deliver to the server: it connects, the server greets with 220, nothing went wrong. */
    public boolean ok() {
        return reachable && banner.filter(greeting -> greeting.startsWith("220")).isPresent() && errors.isEmpty();
    }

    /** Whether the EHLO reply announced {@code keyword}, compared without regard to case. */
    public boolean offers(String keyword) {
        String wanted = keyword.toUpperCase(Locale.ROOT);
        return extensions.stream().anyMatch(extension -> extension.equals(wanted) || extension.startsWith(wanted + " "));
    }
}
