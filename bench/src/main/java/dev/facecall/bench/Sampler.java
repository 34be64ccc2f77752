package dev.facecall.bench;

/**
 * What a run samples from /proc: the server's CPU and RSS (with {@code --pid}), the generator's
 * own CPU, and the whole machine's CPU. Without a pid the server's figures are null.
 */
final class Sampler {

    /** CPU counters read together at {@code at} (System.nanoTime); -1 where unknown. */
    record CpuReading(long at, long serverTicks, long generatorTicks, Proc.MachineTicks machine) {
    }

    private final long pid;

    Sampler(long pid) {
        this.pid = pid;
    }

    boolean watchesServer() {
        return pid > 0;
    }

    Long serverRssKB() {
        return pid > 0 ? Proc.rssKB(pid) : null;
    }

    Double serverCpuSec() {
        return pid > 0 ? Proc.cpuSec(pid) : null;
    }

    Long serverThreads() {
        return pid > 0 ? Proc.threads(pid) : null;
    }

    long serverCpuTicks() {
        return pid > 0 ? Proc.cpuTicks(pid) : -1;
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
}
