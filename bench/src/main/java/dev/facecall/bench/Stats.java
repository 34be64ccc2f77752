package dev.facecall.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Samples, nearest-rank percentiles, rounding, and readings of /proc. */
final class Stats {

    /** Clock ticks per second of /proc/PID/stat (USER_HZ: 100 on Linux). */
    static final double CLK_TCK = 100.0;

    private Stats() {
    }

    /** A growable array of long samples, written by one thread. */
    static final class LongBuf {
        long[] a;
        int n;

        LongBuf(int cap) {
            a = new long[Math.max(16, cap)];
        }

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }
    }

    /**
     * Nearest-rank p50/p90/p99, max, min and mean of samples in nanoseconds, as milliseconds
     * rounded to 3 decimals (as lib/stats.js summarize does with its millisecond samples).
     */
    static Map<String, Object> summarizeNanos(Collection<LongBuf> bufs) {
        int n = 0;
        for (LongBuf b : bufs) {
            n += b.n;
        }
        long[] all = new long[n];
        int o = 0;
        for (LongBuf b : bufs) {
            System.arraycopy(b.a, 0, all, o, b.n);
            o += b.n;
        }
        Arrays.sort(all);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n", n);
        if (n == 0) {
            out.put("p50", null);
            out.put("p90", null);
            out.put("p99", null);
            out.put("max", null);
            out.put("min", null);
            out.put("mean", null);
            return out;
        }
        double sum = 0;
        for (long v : all) {
            sum += v;
        }
        for (int p : new int[] {50, 90, 99}) {
            out.put("p" + p, ms(all[rank(p, n)]));
        }
        out.put("max", ms(all[n - 1]));
        out.put("min", ms(all[0]));
        out.put("mean", round(sum / n / 1e6, 3));
        return out;
    }

    static int rank(double p, int n) {
        return Math.min(n - 1, Math.max(0, (int) Math.ceil(p / 100.0 * n) - 1));
    }

    static Double ms(long nanos) {
        return round(nanos / 1e6, 3);
    }

    static Double round(double v, int digits) {
        if (!Double.isFinite(v)) {
            return null;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    // --- /proc ------------------------------------------------------------------------------

    /** VmRSS of a process in KB, or null. */
    static Long rssKB(long pid) {
        return statusField(pid, "VmRSS:");
    }

    static Long threads(long pid) {
        return statusField(pid, "Threads:");
    }

    private static Long statusField(long pid, String field) {
        if (pid <= 0) {
            return null;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    String[] parts = line.substring(field.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** utime + stime of a process (all its threads) in clock ticks, or -1; pid 0 means this process. */
    static long cpuTicks(long pid) {
        try {
            String s = Files.readString(Path.of(pid > 0 ? "/proc/" + pid + "/stat" : "/proc/self/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // fields after ")": state(3) ppid(4) ... utime(14) stime(15) => indexes 11, 12 here
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU seconds of a process, or null. */
    static Double cpuSec(long pid) {
        long t = cpuTicks(pid);
        return t < 0 ? null : t / CLK_TCK;
    }

    /**
     * Busy and total jiffies of the whole machine (all CPUs) from the first line of /proc/stat:
     * busy = user + nice + system + irq + softirq + steal. Null when unreadable.
     */
    static long[] machineTicks() {
        try {
            String first = Files.readString(Path.of("/proc/stat")).lines().findFirst().orElse("");
            String[] f = first.trim().split("\\s+");
            long busy = 0;
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i != 4 && i != 5) { // idle, iowait
                    busy += v;
                }
            }
            return new long[] {busy, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Machine CPU between two {@link #machineTicks} readings, 100 = one core busy; null if unknown. */
    static Double machineBusyPct(long[] a, long[] b, int cpus) {
        if (a == null || b == null || b[1] <= a[1]) {
            return null;
        }
        return 100.0 * cpus * (b[0] - a[0]) / (b[1] - a[1]);
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    static Double loadavg1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
