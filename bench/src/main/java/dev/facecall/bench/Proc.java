package dev.facecall.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Readings of Linux's /proc: a process's CPU time, RSS and threads, the whole machine's CPU.
 * Each reading is null (or -1) when the file cannot be read, e.g. the process has gone; the
 * parsing is apart from the reading so that it can be tested on sample text.
 */
final class Proc {

    /** Clock ticks per second of /proc/PID/stat and /proc/stat (USER_HZ: 100 on Linux). */
    static final double CLK_TCK = 100.0;

    /** Busy and total CPU ticks of the whole machine, all CPUs together. */
    record MachineTicks(long busy, long total) {
    }

    private Proc() {
    }

    /** utime + stime of a process (all its threads) in clock ticks, or -1; pid 0 means this process. */
    static long cpuTicks(long pid) {
        try {
            return cpuTicksOf(Files.readString(Path.of(pid > 0 ? "/proc/" + pid + "/stat" : "/proc/self/stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU seconds of a process, or null. */
    static Double cpuSec(long pid) {
        long t = cpuTicks(pid);
        return t < 0 ? null : t / CLK_TCK;
    }

    /** VmRSS of a process in KB, or null. */
    static Long rssKB(long pid) {
        return statusField(pid, "VmRSS:");
    }

    static Long threads(long pid) {
        return statusField(pid, "Threads:");
    }

    /** The machine's CPU ticks from the first line of /proc/stat, or null. */
    static MachineTicks machineTicks() {
        try {
            return machineTicksOf(Files.readString(Path.of("/proc/stat")).lines().findFirst().orElse(""));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The machine's CPU between two readings, 100 = one core busy; null if unknown. */
    static Double busyPct(MachineTicks from, MachineTicks to, int cpus) {
        if (from == null || to == null || to.total() <= from.total()) {
            return null;
        }
        return 100.0 * cpus * (to.busy() - from.busy()) / (to.total() - from.total());
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static Double loadavg1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** utime + stime from the text of /proc/PID/stat; the command name may hold spaces and parentheses. */
    static long cpuTicksOf(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields after ")": state(3) ppid(4) ... utime(14) stime(15) => indexes 11, 12 here
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** busy = user + nice + system + irq + softirq + steal; total adds idle and iowait. */
    static MachineTicks machineTicksOf(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        long busy = 0;
        long total = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            long v = Long.parseLong(f[i]);
            total += v;
            if (i != 4 && i != 5) {
                busy += v;
            }
        }
        return new MachineTicks(busy, total);
    }

    /** The number after {@code field} in the text of /proc/PID/status, or null. */
    static Long statusFieldOf(String status, String field) {
        return status.lines().filter(l -> l.startsWith(field))
                .map(l -> Long.parseLong(l.substring(field.length()).trim().split("\\s+")[0]))
                .findFirst().orElse(null);
    }

    private static Long statusField(long pid, String field) {
        if (pid <= 0) {
            return null;
        }
        try {
            return statusFieldOf(Files.readString(Path.of("/proc/" + pid + "/status")), field);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
