package io.cleanport.core.spam;

import static io.cleanport.core.spam.EvidenceRule.quoted;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules about the message's header and envelope. */
final class HeaderRules {
    /** A Date this far after the message arrived was not written by a working clock. */
    static final Duration MAX_DATE_AHEAD = Duration.ofDays(1);
    /** A Date this far before the message arrived was not written when it was sent. */
    static final Duration MAX_DATE_BEHIND = Duration.ofDays(10);
    /** A Date this far after the first Received field was written by a clock set wrong, or on purpose. */
    static final Duration MAX_DATE_SKEW = Duration.ofHours(3);
    private static final int MIN_CAPS_LETTERS = 10;
    private static final int MIN_EXCLAMATION_RUNS = 3;
    /** The Message-ID Outlook Express writes: 12, 8 and 8 hexadecimal digits joined by '$', then '@' and the host. */
    private static final Pattern OUTLOOK_EXPRESS_ID = Pattern.compile("<[0-9a-f]{12}\\$[0-9a-f]{8}\\$[0-9a-f]{8}@[^<>\\s]+>",
        Pattern.CASE_INSENSITIVE);
    private static final Set<String> HOTMAIL_DOMAINS = Set.of("hotmail.com", "msn.com");
    /** Fields mailing lists add; a list rewrites the envelope and sets Reply-To to itself. */
    private static final List<String> LIST_FIELDS = List.of("List-Id", "List-Post", "Mailing-List", "X-Mailing-List",
        "List-Unsubscribe");

    private HeaderRules() {
    }

    static List<SpamRule> rules(Clock clock) {
        return List.of(
            SpamRule.of("MISSING_DATE", 1.0, "the message has no Date header field",
                m -> m.header("Date").isEmpty() ? Optional.of("no Date field") : Optional.empty()),
            SpamRule.of("MISSING_MESSAGE_ID", 1.0, "the message has no Message-ID header field",
                m -> m.header("Message-ID").filter(id -> !id.isBlank()).isEmpty() ? Optional.of("no Message-ID field") : Optional.empty()),
            SpamRule.of("FORGED_DATE", 5.1, "the Date cannot be read, or is far from when the message arrived",
                m -> forgedDate(m, clock)),
            SpamRule.of("DATE_IN_FUTURE", 2.9, "the Date is hours after the message left its sender",
                m -> dateInFuture(m, clock)),
            SpamRule.of("MISSING_FROM", 1.0, "the message has no From address",
                m -> m.header("From").flatMap(MailHeaders::address).isEmpty() ? Optional.of("From: "
                    + m.header("From").map(EvidenceRule::quoted).orElse("missing")) : Optional.empty()),
            SpamRule.of("REPLY_TO_OTHER_DOMAIN", 0.5, "replies go to another domain than the sender's",
                HeaderRules::replyToOtherDomain),
            SpamRule.of("FROM_ENVELOPE_MISMATCH", 1.0, "the From domain differs from the envelope sender's",
                HeaderRules::fromEnvelopeMismatch),
            SpamRule.of("FROM_DISPLAY_NAME_ADDRESS", 2.0, "the From display name shows an address of another domain",
                HeaderRules::fromDisplayNameAddress),
            SpamRule.of("UNDISCLOSED_RECIPIENTS", 0.9, "the recipients are hidden behind an \"undisclosed recipients\" To",
                HeaderRules::undisclosedRecipients),
            SpamRule.of("SUBJECT_ALL_CAPS", 2.0, "the subject is written in capitals only",
                HeaderRules::subjectAllCaps),
            SpamRule.of("SUBJECT_ENCODED_NEEDLESSLY", 1.5, "the subject is encoded although it is plain ASCII",
                HeaderRules::subjectEncodedNeedlessly),
            SpamRule.of("MANY_EXCLAMATIONS", 1.1, "runs of exclamation marks in the subject or text",
                HeaderRules::manyExclamations),
            SpamRule.of("MIME_VERSION_MISSING", 1.9, "MIME content without a MIME-Version header field",
                HeaderRules::mimeVersionMissing),
            SpamRule.of("FORGED_OUTLOOK_EXPRESS", 5.2, "claims Outlook Express for Windows but lacks the headers it writes",
                HeaderRules::forgedOutlookExpress),
            SpamRule.of("PRIORITY_HIGH", 3.1, "marked as of the highest priority",
                HeaderRules::priorityHigh));
    }

    private static Optional<String> forgedDate(SpamMessage message, Clock clock) {
        Optional<String> written = message.header("Date");
        if (written.isEmpty()) {
            return Optional.empty(); // MISSING_DATE
        }
        Optional<OffsetDateTime> date = MailHeaders.date(written.get());
        if (date.isEmpty()) {
            return Optional.of("Date " + quoted(written.get()) + " cannot be read");
        }
        // the topmost Received field is the receiving server's clock (the gateway's own, in production): a Date
        // after it is in the future; the oldest one is the first hop, which a message reaches soon after it is
        // written (a mailbox fetched or re-sent much later adds Received fields above, never below)
        List<Instant> received = receivedDates(message);
        Instant sent = date.get().toInstant();
        Instant arrival = received.isEmpty() ? clock.instant() : received.get(0);
        Instant firstHop = received.stream().min(Instant::compareTo).orElse(arrival);
        String by = received.isEmpty() ? "now" : "the message was received";
        if (Duration.between(arrival, sent).compareTo(MAX_DATE_AHEAD) > 0) {
            return Optional.of("Date " + quoted(written.get()) + " is " + span(Duration.between(arrival, sent)) + " after " + by);
        }
        // without a Received field nothing says when the message left its sender (an archived copy)
        if (!received.isEmpty() && Duration.between(sent, firstHop).compareTo(MAX_DATE_BEHIND) > 0) {
            return Optional.of("Date " + quoted(written.get()) + " is " + span(Duration.between(sent, firstHop))
                + " before its first Received field");
        }
        return Optional.empty();
    }

    /**
     * A Date more than {@link #MAX_DATE_SKEW} after the first Received field and at most {@link #MAX_DATE_AHEAD}
     * after arrival (beyond that it is {@code FORGED_DATE}): clocks are set by the network nowadays, senders that
     * date their mail ahead want it on top of the inbox.
     */
    private static Optional<String> dateInFuture(SpamMessage message, Clock clock) {
        Optional<String> written = message.header("Date");
        Optional<Instant> sent = written.flatMap(MailHeaders::date).map(OffsetDateTime::toInstant);
        List<Instant> received = receivedDates(message);
        if (sent.isEmpty() || received.isEmpty() || forgedDate(message, clock).isPresent()) {
            return Optional.empty();
        }
        Instant firstHop = received.stream().min(Instant::compareTo).orElseThrow();
        Duration ahead = Duration.between(firstHop, sent.get());
        return ahead.compareTo(MAX_DATE_SKEW) > 0
            ? Optional.of("Date " + quoted(written.get()) + " is " + span(ahead) + " after its first Received field")
            : Optional.empty();
    }

    /** The dates of the Received fields that have a readable one, topmost first. */
    private static List<Instant> receivedDates(SpamMessage message) {
        return message.headers("Received").stream().filter(value -> value.lastIndexOf(';') >= 0)
            .flatMap(value -> MailHeaders.date(value.substring(value.lastIndexOf(';') + 1)).stream())
            .map(OffsetDateTime::toInstant).toList();
    }

    private static String span(Duration duration) {
        return duration.toDays() >= 2 ? duration.toDays() + " days" : duration.toHours() + " hours";
    }

    private static boolean fromList(SpamMessage message) {
        return LIST_FIELDS.stream().anyMatch(name -> message.header(name).isPresent())
            || message.header("Precedence").map(value -> value.toLowerCase(Locale.ROOT).contains("list")).orElse(false);
    }

    private static Optional<String> fromDomain(SpamMessage message) {
        return message.header("From").flatMap(MailHeaders::address).flatMap(MailHeaders::domain);
    }

    private static boolean sameOwner(String domain, String other) {
        return Urls.registeredDomain(domain).equals(Urls.registeredDomain(other));
    }

    private static Optional<String> replyToOtherDomain(SpamMessage message) {
        Optional<String> replyTo = message.header("Reply-To").flatMap(MailHeaders::address);
        Optional<String> from = message.header("From").flatMap(MailHeaders::address);
        if (replyTo.isEmpty() || from.isEmpty() || fromList(message)) {
            return Optional.empty();
        }
        Optional<String> replyDomain = MailHeaders.domain(replyTo.get());
        Optional<String> fromDomain = MailHeaders.domain(from.get());
        if (replyDomain.isEmpty() || fromDomain.isEmpty() || sameOwner(replyDomain.get(), fromDomain.get())) {
            return Optional.empty();
        }
        return Optional.of("Reply-To " + replyTo.get() + ", From " + from.get());
    }

    /** Only for mail sent by a person: lists, forwarders and bounces use envelope senders of their own. */
    private static Optional<String> fromEnvelopeMismatch(SpamMessage message) {
        Optional<String> envelopeDomain = message.envelopeSender().flatMap(MailHeaders::domain);
        Optional<String> fromDomain = fromDomain(message);
        if (envelopeDomain.isEmpty() || fromDomain.isEmpty() || fromList(message) || message.header("Sender").isPresent()
            || message.header("Resent-From").isPresent() || sameOwner(envelopeDomain.get(), fromDomain.get())) {
            return Optional.empty();
        }
        return Optional.of("From domain " + fromDomain.get() + ", envelope sender " + message.envelopeSender().get());
    }

    private static Optional<String> fromDisplayNameAddress(SpamMessage message) {
        Optional<String> from = message.header("From");
        Optional<String> domain = fromDomain(message);
        if (from.isEmpty() || domain.isEmpty()) {
            return Optional.empty();
        }
        String name = MailHeaders.displayName(from.get());
        for (String token : name.split("[\\s<>()\"',;]+")) {
            Optional<String> shown = MailHeaders.domain(token).filter(d -> token.indexOf('@') > 0 && Urls.looksLikeDomain(d));
            if (shown.isPresent() && !sameOwner(shown.get(), domain.get())) {
                return Optional.of("display name " + quoted(name) + " of From " + from.flatMap(MailHeaders::address).orElse(""));
            }
        }
        return Optional.empty();
    }

    /** Bulk senders' placeholder; a To left out altogether is no sign (archives and Bcc-only mail lack it too). */
    private static Optional<String> undisclosedRecipients(SpamMessage message) {
        return message.header("To").filter(to -> to.toLowerCase(Locale.ROOT).contains("undisclosed"))
            .map(to -> "To " + quoted(to));
    }

    private static Optional<String> subjectAllCaps(SpamMessage message) {
        return message.header("Subject").map(MailHeaders::decode).filter(subject -> {
            long upper = subject.codePoints().filter(Character::isUpperCase).count();
            long lower = subject.codePoints().filter(Character::isLowerCase).count();
            return upper >= MIN_CAPS_LETTERS && lower == 0;
        }).map(subject -> "Subject " + quoted(subject));
    }

    private static Optional<String> subjectEncodedNeedlessly(SpamMessage message) {
        Optional<String> subject = message.header("Subject").filter(value -> value.contains("=?"));
        if (subject.isEmpty()) {
            return Optional.empty();
        }
        String decoded = MailHeaders.decode(subject.get());
        boolean plainAscii = !decoded.equals(subject.get()) && decoded.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
        return plainAscii ? Optional.of("Subject " + quoted(subject.get()) + " is plain " + quoted(decoded)) : Optional.empty();
    }

    private static Optional<String> manyExclamations(SpamMessage message) {
        Optional<String> subject = message.header("Subject").map(MailHeaders::decode)
            .filter(s -> s.contains("!!") || s.chars().filter(c -> c == '!').count() >= 3);
        if (subject.isPresent()) {
            return Optional.of("Subject " + quoted(subject.get()));
        }
        int runs = 0;
        String text = message.text();
        for (int i = text.indexOf("!!!"); i >= 0; i = text.indexOf("!!!", i)) {
            runs++;
            while (i < text.length() && text.charAt(i) == '!') {
                i++;
            }
        }
        return runs >= MIN_EXCLAMATION_RUNS ? Optional.of(runs + " runs of '!!!' in the text") : Optional.empty();
    }

    private static Optional<String> mimeVersionMissing(SpamMessage message) {
        if (message.header("MIME-Version").isPresent()) {
            return Optional.empty();
        }
        String type = message.header("Content-Type").orElse("").strip().toLowerCase(Locale.ROOT);
        String encoding = message.header("Content-Transfer-Encoding").orElse("").strip().toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/") || type.startsWith("text/html")) {
            return Optional.of("Content-Type " + quoted(type) + " without MIME-Version");
        }
        if (encoding.equals("base64") || encoding.equals("quoted-printable")) {
            return Optional.of("Content-Transfer-Encoding " + encoding + " without MIME-Version");
        }
        return Optional.empty();
    }

    private static Optional<String> forgedOutlookExpress(SpamMessage message) {
        // the Macintosh edition writes neither; Hotmail gives the mail it sends for Outlook Express its own Message-ID
        Optional<String> mailer = message.header("X-Mailer")
            .filter(value -> value.contains("Outlook Express") && !value.contains("Macintosh"));
        if (mailer.isEmpty()) {
            return Optional.empty();
        }
        String id = message.header("Message-ID").orElse("").strip();
        if (message.header("X-MimeOLE").isEmpty()) {
            return Optional.of("X-Mailer " + quoted(mailer.get()) + " without X-MimeOLE");
        }
        String idDomain = MailHeaders.domain(id).map(Urls::registeredDomain).orElse("");
        if (!OUTLOOK_EXPRESS_ID.matcher(id).matches() && !HOTMAIL_DOMAINS.contains(idDomain)) {
            return Optional.of("X-Mailer " + quoted(mailer.get()) + " with Message-ID " + quoted(id));
        }
        return Optional.empty();
    }

    private static Optional<String> priorityHigh(SpamMessage message) {
        Optional<String> priority = message.header("X-Priority").filter(value -> value.strip().startsWith("1"));
        if (priority.isPresent()) {
            return Optional.of("X-Priority: " + quoted(priority.get()));
        }
        return message.header("X-MSMail-Priority").filter(value -> value.strip().equalsIgnoreCase("high"))
            .map(value -> "X-MSMail-Priority: " + value.strip());
    }
}
