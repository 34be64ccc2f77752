package dev.facecall.bench;

import java.util.Arrays;
import java.util.Collection;

/** Nearest-rank percentiles, as lib/stats.js summarize computes them. */
final class Percentiles {

    /** A summary of samples in milliseconds (3 decimals); all null when there was no sample. */
    record Distribution(int n, Double p50, Double p90, Double p99, Double max, Double min, Double mean) {
    }

    private Percentiles() {
    }

    /** The samples of all {@code parts} (nanoseconds, e.g. one part per receiving thread) together. */
    static Distribution of(Collection<Samples> parts) {
        int n = 0;
        for (Samples s : parts) {
            n += s.size();
        }
        long[] all = new long[n];
        int offset = 0;
        for (Samples s : parts) {
            offset = s.copyInto(all, offset);
        }
        Arrays.sort(all);
        if (n == 0) {
            return new Distribution(0, null, null, null, null, null, null);
        }
        double sum = 0;
        for (long v : all) {
            sum += v;
        }
        return new Distribution(n, at(all, 50), at(all, 90), at(all, 99), Round.millis(all[n - 1]),
                Round.millis(all[0]), Round.to(sum / n / 1e6, 3));
    }

    /** The p-th percentile of sorted samples, in milliseconds; null when there is none. */
    static Double at(long[] sorted, double p) {
        return sorted.length == 0 ? null : Round.millis(sorted[rank(p, sorted.length)]);
    }

    /** The index of the nearest-rank p-th percentile among n sorted values. */
    static int rank(double p, int n) {
        return Math.min(n - 1, Math.max(0, (int) Math.ceil(p / 100.0 * n) - 1));
    }
}
