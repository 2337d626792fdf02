package io.cleanport.core.dns;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether a protected domain's MX records send its mail through the gateway, and why not. Green has no
 * problems; red and unknown have at least one, as sentences an administrator can act on. Warnings
 * (such as a foreign backup MX) do not change the status.
 */
public final class MxCheckResult {
    /** The verdict of the check. */
    public enum Status {
        /** All mail reaches the gateway first. */
        GREEN,
        /** Some or all mail can bypass the gateway, or cannot be delivered at all. */
        RED,
        /** The check could not decide: DNS failed for now, or the gateway's MX hosts are not configured. */
        UNKNOWN;

        /** The lower-case name used in JSON and logs: {@code green}, {@code red}, {@code unknown}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String domain;
    private final Status status;
    private final List<MxRecord> records;
    private final List<String> expected;
    private final List<String> problems;
    private final List<String> warnings;

    private MxCheckResult(String domain, Status status, List<MxRecord> records, List<String> expected, List<String> problems,
                          List<String> warnings) {
        this.domain = domain;
        this.status = status;
        this.records = records;
        this.expected = expected;
        this.problems = problems;
        this.warnings = warnings;
    }

    /**
     * @throws IllegalArgumentException if a green result has problems, or a red or unknown one has none
     */
    public static MxCheckResult of(String domain, Status status, List<MxRecord> records, List<String> expected,
                                   List<String> problems, List<String> warnings) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(status, "status");
        if ((status == Status.GREEN) != problems.isEmpty()) {
            throw new IllegalArgumentException(status == Status.GREEN
                ? "a green MX check has no problems, got " + problems
                : "a " + status.wireName() + " MX check needs at least one problem");
        }
        return new MxCheckResult(domain, status, records.stream().sorted().toList(), List.copyOf(expected), List.copyOf(problems),
            List.copyOf(warnings));
    }

    /** The checked domain, lower-case. */
    public String domain() {
        return domain;
    }

    public Status status() {
        return status;
    }

    /** The domain's MX records as found, by preference then host; empty when there were none or DNS failed. */
    public List<MxRecord> records() {
        return records;
    }

    /** The gateway's MX hosts, which the records should point to. */
    public List<String> expected() {
        return expected;
    }

    /** Why the status is not green, one sentence each. */
    public List<String> problems() {
        return problems;
    }

    /** What deserves attention without making the status red. */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MxCheckResult that && domain.equals(that.domain) && status == that.status
            && records.equals(that.records) && expected.equals(that.expected) && problems.equals(that.problems)
            && warnings.equals(that.warnings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, status, records, expected, problems, warnings);
    }

    @Override
    public String toString() {
        return "MxCheckResult{" + domain + " " + status.wireName() + ", records=" + records + ", expected=" + expected
            + ", problems=" + problems + ", warnings=" + warnings + "}";
    }
}
