package io.cleanport.core.dns;

import java.io.IOException;

/**
 * A DNS lookup that gave no answer this time: a timeout, a SERVFAIL or other refusal, a network error.
 * Asking again later may succeed, so a caller defers (4xx, retry) rather than concluding the name does
 * not exist, which {@link java.net.UnknownHostException} says.
 */
public final class DnsFailureException extends IOException {
    private static final long serialVersionUID = 1L;

    public DnsFailureException(String message) {
        super(message);
    }
}
