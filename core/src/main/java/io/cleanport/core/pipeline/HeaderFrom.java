package io.cleanport.core.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

/**
 * The addresses of a message's {@code From} header field, read leniently, for the sender block lists.
 *
 * <p>Whoever wrote the message wrote the field, and spam often writes it badly. A field that parses as
 * an address list gives its addresses; one that does not gives every {@code local@domain} token found in
 * it, so a malformed field cannot hide a blocked address (a field parses when each of its addresses is a
 * plain {@code local@domain}; an address that only a lenient parser accepts, like {@code <a@b}, does not). The display name is not an address and is not
 * read when the field parses. Bounded: at most {@value #MAX_ADDRESSES} addresses, and only the first
 * {@value #MAX_FIELD_CHARS} characters of each field.
 */
public final class HeaderFrom {
    public static final int MAX_ADDRESSES = 50;
    public static final int MAX_FIELD_CHARS = 4096;

    private static final Pattern ADDRESS_TOKEN = Pattern.compile("[^\\s<>()\\[\\],;:\"@]+@[^\\s<>()\\[\\],;:\"@]+");

    private HeaderFrom() {
    }

    /**
     * The addresses of every {@code From} field of {@code message}, in order, without repetition; empty
     * when it has none.
     *
     * @throws MessagingException when the header cannot be read at all
     */
    public static List<String> addresses(MimeMessage message) throws MessagingException {
        String[] fields = message.getHeader("From");
        if (fields == null) {
            return List.of();
        }
        Set<String> addresses = new LinkedHashSet<>();
        for (String field : fields) {
            if (field != null) {
                addresses(bounded(MimeUtility.unfold(field)), addresses);
            }
        }
        return List.copyOf(addresses);
    }

    private static void addresses(String field, Set<String> out) {
        List<String> parsed = parsed(field);
        for (String address : parsed.isEmpty() ? tokens(field) : parsed) {
            if (out.size() >= MAX_ADDRESSES) {
                return;
            }
            out.add(address);
        }
    }

    /** The addresses of a well-formed field; empty when it is not one. */
    private static List<String> parsed(String field) {
        try {
            List<String> addresses = new ArrayList<>();
            for (InternetAddress address : InternetAddress.parseHeader(field, false)) {
                String value = address.getAddress();
                if (value == null || !ADDRESS_TOKEN.matcher(value).matches()) {
                    return List.of();
                }
                addresses.add(value);
            }
            return addresses;
        } catch (AddressException | RuntimeException e) {
            return List.of();
        }
    }

    private static List<String> tokens(String field) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = ADDRESS_TOKEN.matcher(field);
        while (matcher.find() && tokens.size() < MAX_ADDRESSES) {
            tokens.add(matcher.group());
        }
        return tokens;
    }

    private static String bounded(String field) {
        return field.length() <= MAX_FIELD_CHARS ? field : field.substring(0, MAX_FIELD_CHARS);
    }
}
