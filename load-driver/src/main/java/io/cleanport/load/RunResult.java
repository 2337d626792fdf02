package io.cleanport.load;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Outcome of one load run.
 *
 * @param name               label of the run ("baseline", "target", ...)
 * @param runId              prefix of the {@code X-Load-Id} values of this run
 * @param target             host:port the messages were sent to
 * @param sent               messages attempted (= the configured count; each is either accepted or an error)
 * @param accepted           messages answered 250 after the end of DATA
 * @param delivered          distinct messages of this run seen by the downstream server before the drain ended
 * @param lost               accepted messages not seen downstream before the drain ended
 * @param errors             messages not accepted: a non-2xx reply at any step or a connection/IO failure
 * @param duplicates         extra downstream receptions of a message already seen
 * @param errorsByReason     errors by reason, e.g. {@code "RCPT 451"}, {@code "connect"}, {@code "io"}
 * @param wallSeconds        from the start of sending to the last 250 or downstream reception
 * @param acceptedPerSecond  accepted / (start of sending to the last 250)
 * @param deliveredPerSecond delivered / (start of sending to the last downstream reception)
 * @param latencyMs          client's receipt of the 250 to end of DATA → downstream reception, per delivered
 *                           message (negative when the downstream itself is the target: it stamps the
 *                           message before it replies)
 * @param endToEndMs         intended send time → downstream reception (open-loop, so includes any lag of
 *                           the sender behind its schedule)
 * @param acceptMs           intended send time → client's receipt of the 250 to end of DATA
 * @param pid                process whose memory was sampled, 0 when none
 * @param peakRssKb          VmHWM of that process at the end of the run (-1 when unknown)
 * @param maxSampledRssKb    largest VmRSS sampled during the run (-1 when unknown)
 */
public record RunResult(String name,
                        String runId,
                        String target,
                        int sent,
                        int accepted,
                        int delivered,
                        int lost,
                        int errors,
                        int duplicates,
                        Map<String, Integer> errorsByReason,
                        double wallSeconds,
                        double acceptedPerSecond,
                        double deliveredPerSecond,
                        LatencyStats latencyMs,
                        LatencyStats endToEndMs,
                        LatencyStats acceptMs,
                        long pid,
                        long peakRssKb,
                        long maxSampledRssKb) {

    public RunResult {
        errorsByReason = Collections.unmodifiableMap(new TreeMap<>(errorsByReason));
    }
}
