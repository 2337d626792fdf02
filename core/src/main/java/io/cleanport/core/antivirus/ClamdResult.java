package io.cleanport.core.antivirus;

import java.util.Objects;
import java.util.Optional;

/**
 * clamd's verdict on one message: clean, or infected with a named virus. A failed scan is never a
 * result; it is a {@link ClamdException}.
 *
 * <p>The virus name is clamd's, as it gave it ({@code Win.Test.EICAR_HDB-1}, or
 * {@code CleanPort.Test.EICAR.UNOFFICIAL} for a local signature), reduced to printable ASCII and at most
 * {@value #MAX_NAME_LENGTH} characters: it ends up in logs, headers and notifications, and comes from a
 * peer over the network.
 *
 * @param infected  whether clamd found a virus
 * @param virusName the virus found; present exactly when {@code infected}
 */
public record ClamdResult(boolean infected, Optional<String> virusName) {
    public static final int MAX_NAME_LENGTH = 100;

    private static final ClamdResult CLEAN = new ClamdResult(false, Optional.empty());

    /**
     * @throws IllegalArgumentException naming {@code virusName} if it is absent for an infected message,
     *                                  present for a clean one, or has no printable character
     */
    public ClamdResult {
        Objects.requireNonNull(virusName, "virusName");
        virusName = virusName.map(ClamdResult::printable);
        if (infected && virusName.map(String::isEmpty).orElse(true)) {
            throw new IllegalArgumentException("virusName: an infected result needs a name with a printable character");
        }
        if (!infected && virusName.isPresent()) {
            throw new IllegalArgumentException("virusName: a clean result has no virus name, got '" + virusName.get() + "'");
        }
    }

    public static ClamdResult clean() {
        return CLEAN;
    }

    /** @throws IllegalArgumentException if {@code virusName} has no printable ASCII character */
    public static ClamdResult infected(String virusName) {
        return new ClamdResult(true, Optional.of(Objects.requireNonNull(virusName, "virusName")));
    }

    /** Printable ASCII only, surrounding blanks removed, at most {@link #MAX_NAME_LENGTH} characters. */
    private static String printable(String name) {
        StringBuilder kept = new StringBuilder(Math.min(name.length(), MAX_NAME_LENGTH));
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                kept.append(c);
            }
        }
        String stripped = kept.toString().strip();
        return stripped.length() > MAX_NAME_LENGTH ? stripped.substring(0, MAX_NAME_LENGTH) : stripped;
    }
}
