package io.cleanport.core.diagnostics;

import java.util.Objects;
import java.util.Optional;

/**
 * What a STARTTLS upgrade negotiated.
 *
 * @param protocol    such as {@code TLSv1.3}
 * @param cipherSuite such as {@code TLS_AES_256_GCM_SHA384}
 * @param certificate the server's own certificate, absent when it sent none
 */
public record TlsSession(String protocol, String cipherSuite, Optional<ServerCertificate> certificate) {

    public TlsSession {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        Objects.requireNonNull(certificate, "certificate");
    }
}
