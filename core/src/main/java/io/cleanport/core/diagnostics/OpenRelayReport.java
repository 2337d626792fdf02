package io.cleanport.core.diagnostics;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of an open-relay test of a customer's mail server.
 *
 * @param host          the downstream's host as configured
 * @param port          the downstream's port
 * @param address       the IP address that answered; absent when none did
 * @param verdict       whether the server relays
 * @param mailFromReply the reply to {@code MAIL FROM} on one line ({@link SmtpReply#toString()}), when the test
 *                      got that far
 * @param rcptToReply   the reply to {@code RCPT TO} on one line, when the test got that far
 * @param explanation   what the verdict means and, for an open relay, what to do
 * @param errors        each problem met on the way (lookup, connection, greeting), as a sentence
 */
public record OpenRelayReport(String host, int port, Optional<String> address, Verdict verdict,
                              Optional<String> mailFromReply, Optional<String> rcptToReply, String explanation,
                              List<String> errors) {

    /** Whether a server relays mail for outside recipients from a client that is not authorised. */
    public enum Verdict {
        /** The server accepted the outside recipient. */
        OPEN_RELAY,
        /** The server refused the outside recipient for good (5xx). */
        NOT_RELAYING,
        /** The test could not decide: no connection, the sender refused, or the recipient deferred (4xx). */
        INCONCLUSIVE
    }

    public OpenRelayReport {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(mailFromReply, "mailFromReply");
        Objects.requireNonNull(rcptToReply, "rcptToReply");
        if (explanation == null || explanation.isBlank()) {
            throw new IllegalArgumentException("explanation: a verdict needs one");
        }
        errors = List.copyOf(errors);
        if (verdict != Verdict.INCONCLUSIVE && rcptToReply.isEmpty()) {
            throw new IllegalArgumentException("rcptToReply: a " + verdict + " verdict rests on the reply to RCPT TO");
        }
    }
}
