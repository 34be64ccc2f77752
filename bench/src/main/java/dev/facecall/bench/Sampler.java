package dev.facecall.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run samples from /proc: the server's CPU and RSS (with {@code --pid}), the generator's
 * own CPU, and the whole machine's CPU. Without a pid the server's figures are null.
 *
 * <p>A cluster is several server processes ({@code --pid P1,P2}): "the server" is then all of
 * them, its CPU and RSS the sums over the processes (unknown, null or -1, when any of them cannot
 * be read); {@link #serverRssKBEach()} has each one's RSS.
 */
final class Sampler {

    /** CPU counters read together at {@code at} (System.nanoTime); -1 where unknown. */
    record CpuReading(long at, long serverTicks, long generatorTicks, Proc.MachineTicks machine) {
    }

    private final List<Long> pids;

    Sampler(List<Long> pids) {
        this.pids = List.copyOf(pids);
    }

    boolean watchesServer() {
        return !pids.isEmpty();
    }

    /** The processes watched, in the order of --pid. */
    List<Long> pids() {
        return pids;
    }

    /** The RSS of all the server's processes together; null when unwatched or any cannot be read. */
    Long serverRssKB() {
        return sum(serverRssKBEach());
    }

    /** Each process's RSS, in the order of --pid (null where one cannot be read); empty when unwatched. */
    List<Long> serverRssKBEach() {
        List<Long> each = new ArrayList<>(pids.size());
        for (long pid : pids) {
            each.add(Proc.rssKB(pid));
        }
        return each;
    }

    /** {@link #serverRssKBEach()} when there are several processes, else null (the sum says it all). */
    List<Long> serverRssKBEachIfSeveral() {
        return pids.size() > 1 ? serverRssKBEach() : null;
    }

    Double serverCpuSec() {
        long t = serverCpuTicks();
        return t < 0 ? null : t / Proc.CLK_TCK;
    }

    Long serverThreads() {
        List<Long> each = new ArrayList<>(pids.size());
        for (long pid : pids) {
            each.add(Proc.threads(pid));
        }
        return sum(each);
    }

    /** The CPU ticks of all the server's processes together; -1 when unwatched or any cannot be read. */
    long serverCpuTicks() {
        long[] each = serverCpuTicksEach();
        if (each.length == 0) {
            return -1;
        }
        long total = 0;
        for (long t : each) {
            if (t < 0) {
                return -1;
            }
            total += t;
        }
        return total;
    }

    /** Each process's CPU ticks (-1 where unknown), in the order of --pid. */
    long[] serverCpuTicksEach() {
        long[] each = new long[pids.size()];
        for (int i = 0; i < each.length; i++) {
            each[i] = Proc.cpuTicks(pids.get(i));
        }
        return each;
    }

    static long generatorCpuTicks() {
        return Proc.cpuTicks(0);
    }

    CpuReading read() {
        return new CpuReading(System.nanoTime(), serverCpuTicks(), generatorCpuTicks(), Proc.machineTicks());
    }

    /** CPU seconds between two tick counts; null when either is unknown. */
    static Double cpuSecBetween(Double from, Double to) {
        return from != null && to != null ? Round.to(to - from, 2) : null;
    }

    /** The sum, or null when the list is empty or holds a null. */
    static Long sum(List<Long> values) {
        if (values.isEmpty()) {
            return null;
        }
        long total = 0;
        for (Long v : values) {
            if (v == null) {
                return null;
            }
            total += v;
        }
        return total;
    }
}
