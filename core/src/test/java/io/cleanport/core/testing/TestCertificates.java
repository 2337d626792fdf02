package io.cleanport.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.google.common.net.InetAddresses;

/**
 * Self-signed certificates made at test time by the JDK's {@code keytool}, so that no key is committed to
 * the repository. Each host's certificate is made once per test run.
 */
public final class TestCertificates {
    public static final String ALIAS = "server";
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final Map<String, KeyStore> KEY_STORES = new ConcurrentHashMap<>();

    private TestCertificates() {
    }

    /**
     * A PKCS#12 key store with an EC key and a certificate valid for 30 days whose subject is
     * {@code CN=host} and whose subject alternative name is {@code host} (a DNS name or an IP address).
     */
    public static KeyStore selfSigned(String host) {
        return KEY_STORES.computeIfAbsent(host, TestCertificates::generate);
    }

    public static X509Certificate certificate(String host) {
        try {
            return (X509Certificate) selfSigned(host).getCertificate(ALIAS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS server context presenting {@link #selfSigned(String)}. */
    public static SSLContext serverContext(String host) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(selfSigned(host), PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore generate(String host) {
        try {
            Path directory = Files.createTempDirectory("cleanport-cert");
            Path file = directory.resolve("server.p12");
            String name = (InetAddresses.isInetAddress(host) ? "ip:" : "dns:") + host;
            Process keytool = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                "-dname", "CN=" + host, "-ext", "SAN=" + name,
                "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true)
                .start();
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool could not make a certificate for " + host + ": " + output);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, PASSWORD);
            }
            Files.delete(file);
            Files.delete(directory);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not make a test certificate for " + host, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool made a certificate", e);
        }
    }
}
