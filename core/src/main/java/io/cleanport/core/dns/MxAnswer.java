package io.cleanport.core.dns;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What DNS said about a domain's MX records: the records, that the domain has none, that it does not
 * exist, or that the lookup failed for now (with the reason in words).
 *
 * <p>A null MX (RFC 7505: the only MX record, with target {@code "."}) is {@link Kind#RECORDS} with that
 * one record, whose host is the empty string; {@link #isNullMx()} says so, and callers that deliver or
 * check MX records test it first.
 */
public final class MxAnswer {
    /** The outcome of the lookup. */
    public enum Kind {
        /** The domain has MX records ({@link #records()} is not empty). */
        RECORDS,
        /** The domain exists but has no MX records (NOERROR, no answer). */
        NO_RECORDS,
        /** The domain does not exist. */
        NXDOMAIN,
        /** No answer this time: timeout, SERVFAIL, network error ({@link #failure()} says which). */
        FAILURE
    }

    private static final MxAnswer NO_RECORDS = new MxAnswer(Kind.NO_RECORDS, List.of(), null);
    private static final MxAnswer NXDOMAIN = new MxAnswer(Kind.NXDOMAIN, List.of(), null);

    private final Kind kind;
    private final List<MxRecord> records;
    private final String failure;

    private MxAnswer(Kind kind, List<MxRecord> records, String failure) {
        this.kind = kind;
        this.records = records;
        this.failure = failure;
    }

    /** @throws IllegalArgumentException if {@code records} is empty (use {@link #noRecords()}) */
    public static MxAnswer of(List<MxRecord> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("an MX answer with records needs at least one record");
        }
        return new MxAnswer(Kind.RECORDS, records.stream().distinct().sorted().toList(), null);
    }

    public static MxAnswer noRecords() {
        return NO_RECORDS;
    }

    public static MxAnswer nxdomain() {
        return NXDOMAIN;
    }

    /** @param reason what went wrong, in words, e.g. {@code DNS lookup of example.com MX timed out or failed: SERVFAIL} */
    public static MxAnswer failure(String reason) {
        if (Objects.requireNonNull(reason, "reason").isBlank()) {
            throw new IllegalArgumentException("a failed MX answer needs a reason");
        }
        return new MxAnswer(Kind.FAILURE, List.of(), reason);
    }

    public Kind kind() {
        return kind;
    }

    /** The records by preference, then host; empty unless {@link Kind#RECORDS}. */
    public List<MxRecord> records() {
        return records;
    }

    /** Why the lookup failed; present only for {@link Kind#FAILURE}. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Whether the domain publishes a null MX (RFC 7505): its only MX record points to the root, so it accepts no mail. */
    public boolean isNullMx() {
        return records.size() == 1 && records.get(0).isRootHost();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MxAnswer that && kind == that.kind && records.equals(that.records) && Objects.equals(failure, that.failure);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, records, failure);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case RECORDS -> "MxAnswer" + records;
            case FAILURE -> "MxAnswer{FAILURE: " + failure + "}";
            default -> "MxAnswer{" + kind + "}";
        };
    }
}
