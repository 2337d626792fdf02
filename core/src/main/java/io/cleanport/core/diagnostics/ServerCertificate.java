package io.cleanport.core.diagnostics;

import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import com.google.common.net.InetAddresses;

/**
 * The certificate a server presented during STARTTLS, as a diagnosis shows it. The probe accepts any
 * certificate: it describes what the server sends and does not decide whether to trust it.
 *
 * @param subject     the subject's distinguished name, such as {@code CN=mx.example.com}
 * @param issuer      the issuer's distinguished name; equal to the subject for a self-signed certificate
 * @param notAfter    the end of the validity period
 * @param names       the host names and IP addresses the certificate names in its subject alternative
 *                    names, or its common name when it has no DNS name
 * @param matchesHost whether one of {@code names} matches the host the gateway connected to, by the rules
 *                    of RFC 6125 (a wildcard stands for one whole left-most label)
 */
public record ServerCertificate(String subject, String issuer, Instant notAfter, List<String> names,
                                boolean matchesHost) {
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    public ServerCertificate {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(notAfter, "notAfter");
        names = List.copyOf(names);
    }

    /**
     * Describes {@code certificate} and checks it against {@code host}, a host name or an IP literal as the
     * downstream names it.
     */
    public static ServerCertificate of(X509Certificate certificate, String host) {
        List<String> dnsNames = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            for (List<?> entry : alternatives == null ? List.<List<?>>of() : alternatives) {
                if (entry.size() >= 2 && entry.get(1) instanceof String value) {
                    if ((Integer) entry.get(0) == DNS_NAME) {
                        dnsNames.add(value);
                    } else if ((Integer) entry.get(0) == IP_ADDRESS) {
                        addresses.add(value);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // an unreadable extension names nothing; the common name below is all there is
        }
        String subject = certificate.getSubjectX500Principal().getName();
        // RFC 6125: the common name counts only when the certificate has no DNS name
        if (dnsNames.isEmpty()) {
            dnsNames.addAll(commonNames(subject));
        }
        boolean matches;
        if (InetAddresses.isInetAddress(host)) {
            InetAddress target = InetAddresses.forString(host);
            matches = addresses.stream().anyMatch(a -> InetAddresses.isInetAddress(a) && InetAddresses.forString(a).equals(target));
        } else {
            matches = dnsNames.stream().anyMatch(pattern -> nameMatches(pattern, host));
        }
        List<String> names = new ArrayList<>(dnsNames);
        names.addAll(addresses);
        return new ServerCertificate(subject, certificate.getIssuerX500Principal().getName(),
            certificate.getNotAfter().toInstant(), names, matches);
    }

    public boolean isExpired(Instant now) {
        return now.isAfter(notAfter);
    }

    public boolean isSelfIssued() {
        return subject.equals(issuer);
    }

    static boolean nameMatches(String pattern, String host) {
        String name = trimDot(pattern.toLowerCase(Locale.ROOT));
        String target = trimDot(host.toLowerCase(Locale.ROOT));
        if (!name.startsWith("*.")) {
            return name.equals(target);
        }
        String parent = name.substring(1);
        // "*.com" would cover a whole top-level domain: a wildcard needs a parent of two labels or more
        if (parent.indexOf('.', 1) < 0 || !target.endsWith(parent)) {
            return false;
        }
        String label = target.substring(0, target.length() - parent.length());
        return !label.isEmpty() && label.indexOf('.') < 0;
    }

    private static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static List<String> commonNames(String distinguishedName) {
        try {
            return new LdapName(distinguishedName).getRdns().stream()
                .filter(rdn -> rdn.getType().equalsIgnoreCase("CN"))
                .map(Rdn::getValue)
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .toList();
        } catch (InvalidNameException e) {
            return List.of();
        }
    }
}
