package io.cleanport.core.spam.dns;

/** Ends an SPF evaluation with a {@code temperror} or {@code permerror} result, and says why. */
final class SpfException extends Exception {
    private static final long serialVersionUID = 1L;

    private final SpfResult.Kind kind;

    private SpfException(SpfResult.Kind kind, String reason) {
        super(reason, null, false, false);
        this.kind = kind;
    }

    static SpfException permerror(String reason) {
        return new SpfException(SpfResult.Kind.PERMERROR, reason);
    }

    static SpfException temperror(String reason) {
        return new SpfException(SpfResult.Kind.TEMPERROR, reason);
    }

    SpfResult.Kind kind() {
        return kind;
    }
}
