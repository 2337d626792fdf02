package io.cleanport.matchers;

import java.util.Collection;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import com.google.common.collect.ImmutableList;

import io.cleanport.core.policy.DomainName;
import io.cleanport.core.policy.PolicyStore;

/**
 * Matches the recipients whose domain is protected by the gateway (has a CleanPort domain policy).
 * James splits the mail, so protected recipients take the inbound path and the others go on.
 */
public class RecipientIsProtected extends GenericMatcher {
    private final PolicyStore policies;

    @Inject
    public RecipientIsProtected(PolicyStore policies) {
        this.policies = policies;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        return mail.getRecipients().stream()
            .filter(this::isProtected)
            .collect(ImmutableList.toImmutableList());
    }

    private boolean isProtected(MailAddress recipient) {
        return DomainName.parse(recipient.getDomain().asString())
            .flatMap(policies::domain)
            .isPresent();
    }
}
