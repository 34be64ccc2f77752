package dev.facecall.bench;

import dev.facecall.bench.JsonLine.Inline;
import dev.facecall.bench.JsonLine.OmitIfNull;
import dev.facecall.bench.Sampler.CpuReading;

/**
 * The whole machine's CPU over a stretch of a run, and what neither the server nor the
 * generator used ({@code otherPct}): a busy neighbour makes every other figure noisy. Without
 * {@code --pid} the server is part of the rest ({@code otherWithServerPct}). 100 = one core.
 */
final class MachineLoad {

    private static final int CPUS = Runtime.getRuntime().availableProcessors();

    /** Over a relay window. */
    record OfWindow(Double busyPct, @OmitIfNull Double otherPct, @OmitIfNull Double otherWithServerPct) {
    }

    /** From the first login to the end of a connect or join-storm run. */
    record SinceLogin(Double busyPct, @Inline Split split) {
    }

    record Split(Double serverPct, Double genPct, @OmitIfNull Double otherPct, @OmitIfNull Double otherWithServerPct) {
    }

    /** The shares of one stretch, unrounded; null when the machine's counters could not be read. */
    private record Shares(double busy, double server, double generator) {

        Double other() {
            return Round.to(Math.max(0, busy - server - generator), 1);
        }
    }

    private MachineLoad() {
    }

    static OfWindow ofWindow(CpuReading from, CpuReading to, boolean serverWatched) {
        Double busy = Proc.busyPct(from.machine(), to.machine(), CPUS);
        Shares s = shares(busy, from, to);
        if (s == null) {
            return new OfWindow(rounded(busy), null, null);
        }
        return new OfWindow(rounded(busy), serverWatched ? s.other() : null, serverWatched ? null : s.other());
    }

    static SinceLogin sinceLogin(CpuReading from, CpuReading to, boolean serverWatched) {
        Double busy = Proc.busyPct(from.machine(), to.machine(), CPUS);
        Shares s = shares(busy, from, to);
        if (s == null) {
            return new SinceLogin(rounded(busy), null);
        }
        return new SinceLogin(rounded(busy), new Split(serverWatched ? Round.to(s.server(), 1) : null,
                Round.to(s.generator(), 1), serverWatched ? s.other() : null, serverWatched ? null : s.other()));
    }

    private static Shares shares(Double busy, CpuReading from, CpuReading to) {
        double secs = (to.at() - from.at()) / 1e9;
        if (busy == null || secs <= 0) {
            return null;
        }
        double server = from.serverTicks() >= 0 && to.serverTicks() >= 0
                ? 100.0 * (to.serverTicks() - from.serverTicks()) / Proc.CLK_TCK / secs : 0;
        double generator = 100.0 * (to.generatorTicks() - from.generatorTicks()) / Proc.CLK_TCK / secs;
        return new Shares(busy, server, generator);
    }

    private static Double rounded(Double pct) {
        return pct == null ? null : Round.to(pct, 1);
    }
}
