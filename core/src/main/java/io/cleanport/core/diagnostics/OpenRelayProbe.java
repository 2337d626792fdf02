package io.cleanport.core.diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.cleanport.core.diagnostics.DownstreamDialer.Dialed;
import io.cleanport.core.diagnostics.OpenRelayReport.Verdict;
import io.cleanport.core.policy.Downstream;

/**
 * Tests whether a customer's mail server is an open relay: it connects as the gateway, introduces itself,
 * upgrades to TLS when offered (as a relaying client could), and asks to send from {@code sender} to
 * {@code recipient}, an address outside the customer's domains. It never sends DATA: the transaction is
 * cancelled with RSET after the server answers RCPT TO, and the conversation ends with QUIT, so no mail is
 * ever sent.
 *
 * <p>The test runs from the gateway. A server that trusts the gateway's addresses for relaying is reported
 * as an open relay too, which it is for anything that reaches it through those addresses.
 *
 * <p>Network problems never escape as exceptions: they make the verdict {@link Verdict#INCONCLUSIVE}.
 */
public final class OpenRelayProbe {
    private final DownstreamDialer dialer;

    public OpenRelayProbe(SmtpProbeSettings settings, HostAddresses hostAddresses) {
        this.dialer = new DownstreamDialer(settings, hostAddresses);
    }

    /**
     * @param sender    the envelope sender; empty for the null sender {@code <>}
     * @param recipient an address in a domain the server has no business receiving mail for
     * @throws IllegalArgumentException when {@code sender} or {@code recipient} is not an address that can
     *                                  stand in a command
     */
    public OpenRelayReport probe(Downstream downstream, String sender, String recipient) {
        checkAddress("sender", sender, true);
        checkAddress("recipient", recipient, false);
        List<String> errors = new ArrayList<>();
        Optional<Dialed> dialed = dialer.dial(downstream, errors);
        if (dialed.isEmpty()) {
            return new OpenRelayReport(downstream.host(), downstream.port(), Optional.empty(), Verdict.INCONCLUSIVE,
                Optional.empty(), Optional.empty(), "The gateway could not connect to the server, so relaying could not be tested.",
                errors);
        }
        Optional<String> address = Optional.of(dialed.get().address().getAddress().getHostAddress());
        SmtpReply mailFrom = null;
        SmtpReply rcptTo = null;
        Verdict verdict = Verdict.INCONCLUSIVE;
        String explanation;
        try (SmtpConversation conversation = dialed.get().conversation()) {
            SmtpReply greeting = conversation.greeting();
            if (greeting.code() != 220) {
                errors.add(DownstreamDialer.refusal(greeting));
                conversation.quit();
                return new OpenRelayReport(downstream.host(), downstream.port(), address, verdict, Optional.empty(),
                    Optional.empty(), "The server refused the gateway, so relaying could not be tested.", errors);
            }
            conversation.hello();
            if (conversation.offers("STARTTLS")) {
                conversation.startTls(downstream.host());
            }
            mailFrom = conversation.command("MAIL FROM:<" + sender + ">");
            if (mailFrom.isPositive()) {
                rcptTo = conversation.command("RCPT TO:<" + recipient + ">");
            }
            // cancel the transaction before anything else can happen; a failure here changes no verdict
            resetQuietly(conversation);
            conversation.quit();
            explanation = explain(mailFrom, rcptTo, sender, recipient);
            if (rcptTo != null && rcptTo.isPositive()) {
                verdict = Verdict.OPEN_RELAY;
            } else if (rcptTo != null && rcptTo.isPermanentNegative()) {
                verdict = Verdict.NOT_RELAYING;
            }
        } catch (SmtpConversationException e) {
            errors.add(e.getMessage());
            explanation = "The conversation failed before the server answered RCPT TO (" + e.getMessage()
                + "), so relaying could not be tested.";
        }
        return new OpenRelayReport(downstream.host(), downstream.port(), address, verdict,
            Optional.ofNullable(mailFrom).map(SmtpReply::toString), Optional.ofNullable(rcptTo).map(SmtpReply::toString),
            explanation, errors);
    }

    private static String explain(SmtpReply mailFrom, SmtpReply rcptTo, String sender, String recipient) {
        if (rcptTo == null) {
            return "The server refused MAIL FROM:<" + sender + "> with " + mailFrom
                + ", so relaying could not be tested; try another sender.";
        }
        if (rcptTo.isPositive()) {
            return "The server accepted mail for " + recipient + ", an outside recipient, from the gateway without"
                + " authentication (" + rcptTo + "): unless it trusts the gateway's addresses alone, it accepts mail for"
                + " outside recipients from anyone who connects, and spammers will use it. Restrict relaying to"
                + " authenticated users and your own networks; see the README implementation guide.";
        }
        if (rcptTo.isPermanentNegative()) {
            return "The server refused mail for " + recipient + ", an outside recipient (" + rcptTo
                + "): it does not relay for clients that are not authorised.";
        }
        return "The server deferred " + recipient + " with " + rcptTo
            + " (greylisting or a temporary failure), so the test is inconclusive; try again later.";
    }

    private static void resetQuietly(SmtpConversation conversation) {
        try {
            conversation.command("RSET");
        } catch (SmtpConversationException e) {
            conversation.close();
        }
    }

    private static void checkAddress(String name, String address, boolean mayBeEmpty) {
        if (address == null || (address.isEmpty() && !mayBeEmpty)) {
            throw new IllegalArgumentException(name + ": expected an e-mail address");
        }
        // the address goes between angle brackets in a command line
        if (!address.isEmpty() && (address.indexOf('@') <= 0 || address.codePoints().anyMatch(c -> c <= ' ' || c == '<' || c == '>' || c == 0x7f))) {
            throw new IllegalArgumentException(name + ": '" + address + "' is not an e-mail address");
        }
    }
}
