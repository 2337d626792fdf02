package io.cleanport.mailets;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

import io.cleanport.core.message.CleanPortId;

/**
 * Gives an inbound message its {@code X-CleanPort-Id} (header and mail attribute). Headers named
 * {@code X-CleanPort-*} that arrived with the message are removed first: only the gateway speaks for
 * itself. Nothing else in the message changes.
 */
public class AssignCleanPortId extends GenericMailet {
    public static final String HEADER = "X-CleanPort-Id";
    public static final AttributeName ATTRIBUTE = AttributeName.of("cleanport.id");
    private static final String OUR_PREFIX = "x-cleanport-";

    private final Clock clock;

    public AssignCleanPortId() {
        this(Clock.systemUTC());
    }

    AssignCleanPortId(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        CleanPortId id = mail.getAttribute(ATTRIBUTE)
            .map(attribute -> CleanPortId.of(String.valueOf(attribute.getValue().getValue())))
            .orElseGet(() -> CleanPortId.generate(clock));
        MimeMessage message = mail.getMessage();
        for (String name : incomingCleanPortHeaders(message)) {
            message.removeHeader(name);
        }
        message.addHeader(HEADER, id.asString());
        mail.setAttribute(new Attribute(ATTRIBUTE, AttributeValue.of(id.asString())));
    }

    private static List<String> incomingCleanPortHeaders(MimeMessage message) throws MessagingException {
        List<String> names = new ArrayList<>();
        for (Header header : Collections.list(message.getAllHeaders())) {
            if (header.getName().toLowerCase(Locale.ROOT).startsWith(OUR_PREFIX) && !names.contains(header.getName())) {
                names.add(header.getName());
            }
        }
        return names;
    }

    @Override
    public String getMailetInfo() {
        return "Assigns X-CleanPort-Id and removes incoming X-CleanPort-* headers";
    }
}
