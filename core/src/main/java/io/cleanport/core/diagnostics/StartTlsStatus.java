package io.cleanport.core.diagnostics;

/** What became of STARTTLS when the gateway probed a downstream server. */
public enum StartTlsStatus {
    /** The server does not announce STARTTLS: mail from the gateway to it travels unencrypted. */
    NOT_OFFERED,
    /** The upgrade to TLS succeeded and the server accepted EHLO over it. */
    OK,
    /** The server announces STARTTLS, but refuses it, breaks the handshake, or refuses EHLO afterwards. */
    FAILED,
    /** The conversation ended before the server could announce its extensions. */
    NOT_TRIED
}
