package io.cleanport.core.spam;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** A list of host or domain names shipped as a resource of this package: one a line, {@code #} starts a comment. */
final class HostList {
    private HostList() {
    }

    /** The names of {@code resource}, lower case. */
    static Set<String> read(String resource) {
        try (InputStream in = HostList.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + resource + " is missing from the class path");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                .map(line -> line.replaceFirst("#.*", "").strip().toLowerCase(Locale.ROOT))
                .filter(line -> !line.isEmpty()).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource + " failed", e);
        }
    }
}
