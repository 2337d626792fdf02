package io.cleanport.load;

import java.util.Arrays;

/**
 * Distribution of latency samples in milliseconds, from an exact sort of every sample (nearest-rank
 * percentiles). With no samples, every figure is NaN.
 */
public record LatencyStats(int count, double min, double mean, double p50, double p90, double p99, double max) {

    public static final LatencyStats EMPTY =
            new LatencyStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** Statistics of the first {@code n} samples, given in nanoseconds (the array is sorted in place). */
    public static LatencyStats ofNanos(long[] samples, int n) {
        if (n <= 0) {
            return EMPTY;
        }
        Arrays.sort(samples, 0, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += samples[i];
        }
        return new LatencyStats(n,
                ms(samples[0]),
                sum / n / 1e6,
                ms(samples[rank(50, n)]),
                ms(samples[rank(90, n)]),
                ms(samples[rank(99, n)]),
                ms(samples[n - 1]));
    }

    /** Index of the nearest-rank percentile p of n sorted samples. */
    static int rank(double p, int n) {
        int r = (int) Math.ceil(p / 100.0 * n);
        return Math.max(0, Math.min(n - 1, r - 1));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
