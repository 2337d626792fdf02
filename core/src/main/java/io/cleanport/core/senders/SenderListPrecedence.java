package io.cleanport.core.senders;

import java.util.Optional;
import java.util.function.Function;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.LocalPart;

/**
 * The rule that turns a recipient's and its domain's sender lists into one decision:
 *
 * <ol>
 *   <li>The recipient's own lists come first: if one of their entries covers the sender, it decides,
 *       whatever the domain's lists say (a user may allow a sender the domain blocks, and block one it
 *       allows).</li>
 *   <li>Otherwise the domain's lists decide.</li>
 *   <li>Within one scope the most specific covering entry decides: the exact address, then the
 *       sender's domain, then each parent domain ({@code @sales.example.org} before
 *       {@code @example.org}). A pattern is on one list of a scope only, so allow and block never tie.</li>
 *   <li>No covering entry, the null sender, or a sender that is not an address: {@code NONE}.</li>
 * </ol>
 */
public final class SenderListPrecedence {
    private SenderListPrecedence() {
    }

    /**
     * @param lists              the lists of a scope (a store's {@code list}, or a cache of it)
     * @param recipientLocalPart the recipient's local part; one that is not a valid {@link LocalPart}
     *                           (a quoted one, say) has no lists of its own, so only the domain's apply
     * @param sender             the envelope or header sender, read leniently ({@link SenderAddress})
     */
    public static SenderListVerdict classify(Function<SenderListScope, SenderLists> lists, DomainName recipientDomain,
                                             String recipientLocalPart, String sender) {
        Optional<SenderAddress> address = SenderAddress.parse(sender);
        if (address.isEmpty()) {
            return SenderListVerdict.none();
        }
        Optional<LocalPart> local = LocalPart.parse(recipientLocalPart);
        if (local.isPresent()) {
            SenderListScope user = SenderListScope.user(recipientDomain, local.get());
            Optional<SenderListEntry> entry = lists.apply(user).match(address.get());
            if (entry.isPresent()) {
                return SenderListVerdict.matched(user, entry.get());
            }
        }
        SenderListScope domain = SenderListScope.domain(recipientDomain);
        return lists.apply(domain).match(address.get())
            .map(entry -> SenderListVerdict.matched(domain, entry))
            .orElse(SenderListVerdict.none());
    }
}
