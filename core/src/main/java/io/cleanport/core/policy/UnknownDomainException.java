package io.cleanport.core.policy;

/** A per-recipient policy was written for a domain that has no policy: protect the domain first. */
public class UnknownDomainException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final DomainName domain;

    public UnknownDomainException(DomainName domain) {
        super("domain " + domain + " is not protected; create its policy first");
        this.domain = domain;
    }

    public DomainName domain() {
        return domain;
    }
}
