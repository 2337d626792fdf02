package io.cleanport.core.spam;

import static io.cleanport.core.spam.EvidenceRule.quoted;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The rules about who the message says sent it, and whether the way it came agrees. */
final class SenderRules {
    /** The resource listing the free web-mail providers, one registered domain a line. */
    static final String FREEMAIL_RESOURCE = "freemail-domains.txt";
    /** Providers whose servers carry another name than their mail domain's first label. */
    private static final Map<String, List<String>> SERVER_NAMES = Map.of(
        "msn", List.of("hotmail", "outlook", "msn"),
        "live", List.of("hotmail", "outlook", "live.com"),
        "outlook", List.of("hotmail", "outlook"),
        "hotmail", List.of("hotmail", "outlook"),
        "googlemail", List.of("google"),
        "gmail", List.of("google"),
        "ymail", List.of("yahoo"),
        "rocketmail", List.of("yahoo"),
        "me", List.of("apple", "icloud", "me.com"),
        "cs", List.of("compuserve", "aol", "cs.com"));

    private SenderRules() {
    }

    static List<SpamRule> rules(Set<String> freemailDomains) {
        return List.of(
            SpamRule.of("FREEMAIL_FROM", 3.0, "the sender's address is at a free web-mail provider",
                m -> freemailDomain(m, freemailDomains).map(domain -> "From domain " + domain)),
            SpamRule.of("FREEMAIL_FORGED", 1.5, "the sender's address is at a free web-mail provider, whose servers it never passed",
                m -> freemailForged(m, freemailDomains)),
            SpamRule.of("MSMAIL_PRIORITY_FORGED", 3.3, "carries Outlook's X-MSMail-Priority without the X-MimeOLE field Outlook writes with it",
                SenderRules::msmailPriorityForged));
    }

    /** The domains of {@link #FREEMAIL_RESOURCE}. */
    static Set<String> wellKnownFreemail() {
        return HostList.read(FREEMAIL_RESOURCE);
    }

    private static Optional<String> freemailDomain(SpamMessage message, Set<String> freemailDomains) {
        return message.header("From").flatMap(MailHeaders::address).flatMap(MailHeaders::domain)
            .map(domain -> Urls.registeredDomain(domain.toLowerCase(Locale.ROOT))).filter(freemailDomains::contains);
    }

    private static Optional<String> freemailForged(SpamMessage message, Set<String> freemailDomains) {
        Optional<String> domain = freemailDomain(message, freemailDomains);
        List<String> received = message.headers("Received");
        if (domain.isEmpty() || received.isEmpty()) {
            return Optional.empty();
        }
        String provider = domain.get().substring(0, domain.get().indexOf('.'));
        List<String> names = SERVER_NAMES.getOrDefault(provider, List.of(provider));
        boolean passed = received.stream().map(value -> value.toLowerCase(Locale.ROOT))
            .anyMatch(value -> names.stream().anyMatch(value::contains));
        return passed ? Optional.empty()
            : Optional.of("From domain " + domain.get() + " but none of " + received.size() + " Received fields names "
                + String.join(" or ", names));
    }

    private static Optional<String> msmailPriorityForged(SpamMessage message) {
        return message.header("X-MSMail-Priority").filter(priority -> message.header("X-MimeOLE").isEmpty())
            .map(priority -> "X-MSMail-Priority " + quoted(priority) + " without X-MimeOLE");
    }
}
