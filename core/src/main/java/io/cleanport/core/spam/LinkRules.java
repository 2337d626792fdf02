package io.cleanport.core.spam;

import static io.cleanport.core.spam.EvidenceRule.quoted;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The rules about where the message's links go. */
final class LinkRules {
    /** The resource listing the well-known URL shorteners, one host a line. */
    static final String SHORTENERS_RESOURCE = "url-shorteners.txt";

    private LinkRules() {
    }

    static List<SpamRule> rules(Set<String> shorteners) {
        return List.of(
            SpamRule.of("LINK_TEXT_OTHER_DOMAIN", 1.0, "a link shows one domain and goes to another",
                LinkRules::linkTextOtherDomain),
            SpamRule.of("IP_LITERAL_URL", 1.9, "a link goes to a bare IP address", LinkRules::ipLiteralUrl),
            SpamRule.of("URL_USERINFO", 2.5, "a link hides its real host behind a host-like user name",
                LinkRules::urlUserInfo),
            SpamRule.of("SHORTENER_URL", 1.0, "a link goes through a URL shortener, hiding where it leads",
                m -> shortenerUrl(m, shorteners)));
    }

    /** The hosts of {@link #SHORTENERS_RESOURCE}. */
    static Set<String> wellKnownShorteners() {
        return HostList.read(SHORTENERS_RESOURCE);
    }

    private static Optional<String> linkTextOtherDomain(SpamMessage message) {
        // a sender's own click-tracking redirector (a newsletter's) is no deception: the sender controls it
        String sender = message.header("From").flatMap(MailHeaders::address).flatMap(MailHeaders::domain)
            .map(Urls::registeredDomain).orElse("");
        List<String> found = new ArrayList<>();
        for (SpamMessage.Link link : message.links()) {
            if (!link.inHtml()) {
                continue;
            }
            Optional<String> target = Urls.host(link.href()).map(Urls::registeredDomain);
            Optional<String> shown = shownHost(link.anchorText()).map(Urls::registeredDomain);
            if (target.isPresent() && shown.isPresent() && !target.get().equals(shown.get()) && !target.get().equals(sender)) {
                found.add("link text " + quoted(link.anchorText()) + " goes to " + link.href());
            }
        }
        return EvidenceRule.listed(found);
    }

    /** The host a link's text presents: a URL, or a domain name standing alone ({@code paypal.com/login}). */
    private static Optional<String> shownHost(String anchorText) {
        String text = anchorText.strip();
        if (text.isEmpty() || text.indexOf(' ') >= 0) {
            return Optional.empty();
        }
        Optional<String> host = Urls.host(text);
        if (host.isPresent()) {
            return host;
        }
        int end = 0;
        while (end < text.length() && "/?#:".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        String candidate = text.substring(0, end).toLowerCase(Locale.ROOT);
        return candidate.indexOf('@') < 0 && Urls.looksLikeDomain(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    private static Optional<String> ipLiteralUrl(SpamMessage message) {
        return EvidenceRule.listed(message.links().stream()
            .filter(link -> Urls.host(link.href()).filter(Urls::isIpLiteral).isPresent())
            .map(SpamMessage.Link::href).distinct().toList());
    }

    private static Optional<String> urlUserInfo(SpamMessage message) {
        return EvidenceRule.listed(message.links().stream()
            .filter(link -> Urls.userInfo(link.href()).filter(user -> user.indexOf('.') >= 0).isPresent())
            .map(SpamMessage.Link::href).distinct().toList());
    }

    private static Optional<String> shortenerUrl(SpamMessage message, Set<String> shorteners) {
        return EvidenceRule.listed(message.links().stream()
            .filter(link -> Urls.host(link.href()).map(host -> host.startsWith("www.") ? host.substring(4) : host)
                .filter(shorteners::contains).isPresent())
            .map(SpamMessage.Link::href).distinct().toList());
    }
}
