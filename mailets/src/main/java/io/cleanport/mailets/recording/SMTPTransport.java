package io.cleanport.mailets.recording;

import java.time.Instant;

import javax.mail.Address;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.URLName;

import io.cleanport.core.diagnostics.DeliveryAttempts;

/**
 * JavaMail's SMTP transport that also notes, per server, the last delivery error and the last success
 * ({@link DeliveryAttempts#shared()}), for the downstream check: RemoteDelivery itself keeps a temporary
 * failure's reason only in its log. Registered in {@code META-INF/javamail.providers}; the delivery
 * mailets select it with {@code <mail.smtp.class>io.cleanport.mailets.recording.SMTPTransport</mail.smtp.class>}.
 * Everything else is JavaMail's SMTP transport unchanged. The simple name must stay {@code SMTPTransport}:
 * RemoteDelivery sends 8-bit mail as is only through a transport whose class name ends in
 * {@code .SMTPTransport}, and converts it to quoted-printable otherwise.
 */
public class SMTPTransport extends com.sun.mail.smtp.SMTPTransport {
    private static final int SMTP_PORT = 25;

    private String host = "unknown";
    private int port = SMTP_PORT;

    public SMTPTransport(Session session, URLName urlname) {
        super(session, urlname);
    }

    @Override
    protected synchronized boolean protocolConnect(String host, int port, String user, String password)
        throws MessagingException {
        this.host = String.valueOf(host);
        // -1: JavaMail's SMTP transport takes mail.smtp.port, else 25
        this.port = port >= 0 ? port : sessionPort();
        try {
            return super.protocolConnect(host, port, user, password);
        } catch (MessagingException e) {
            DeliveryAttempts.shared().failed(this.host, this.port, describe(e), Instant.now());
            throw e;
        }
    }

    private int sessionPort() {
        try {
            return Integer.parseInt(session.getProperty("mail.smtp.port").trim());
        } catch (RuntimeException e) {
            return SMTP_PORT;
        }
    }

    @Override
    public synchronized void sendMessage(Message message, Address[] addresses) throws MessagingException {
        try {
            super.sendMessage(message, addresses);
            DeliveryAttempts.shared().succeeded(host, port, Instant.now());
        } catch (MessagingException e) {
            DeliveryAttempts.shared().failed(host, port, describe(e), Instant.now());
            throw e;
        }
    }

    /** The exception's message, its cause's (a refused or timed-out connection), and the server's last reply. */
    private String describe(MessagingException e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()).strip());
        Throwable cause = e.getCause() != null ? e.getCause() : e.getNextException();
        if (cause != null && cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
            text.append(": ").append(cause.getMessage().strip());
        }
        String reply = getLastServerResponse();
        if (reply != null && !reply.isBlank() && !text.toString().contains(reply.strip())) {
            text.append(" (last reply: ").append(reply.strip()).append(')');
        }
        return text.toString().replace('\r', ' ').replace('\n', ' ');
    }
}
