package io.cleanport.core.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * Who hears about a virus: the recipient (default yes) and, when set, the domain's ICT address.
 *
 * @param virusToRecipient tell the recipient that a message to them was stopped
 * @param ictAddress       an address that is told about every virus for the domain
 */
public record Notifications(boolean virusToRecipient, Optional<String> ictAddress) {
    public static final Notifications DEFAULTS = new Notifications(true, Optional.empty());

    /**
     * @throws PolicyValidationException naming {@code ictAddress} if it is not an e-mail address
     */
    public Notifications {
        Objects.requireNonNull(ictAddress, "ictAddress");
        ictAddress = ictAddress.map(address -> validateAddress("ictAddress", address));
    }

    public static Notifications of(boolean virusToRecipient, Optional<String> ictAddress) {
        return new Notifications(virusToRecipient, ictAddress);
    }

    /** Accepts {@code local@domain} with a dot-atom local part and a valid domain; lower-cases the domain. */
    static String validateAddress(String field, String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new PolicyValidationException(field, "'" + address + "' is not an e-mail address; expected local@domain such as ict@example.com");
        }
        try {
            LocalPart.validate(field, address.substring(0, at));
            String domain = DomainName.validate(field, address.substring(at + 1), true);
            return address.substring(0, at) + "@" + domain;
        } catch (PolicyValidationException e) {
            throw new PolicyValidationException(field, "'" + address + "' is not an e-mail address: " + e.problem());
        }
    }
}
