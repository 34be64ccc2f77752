package dev.facecall.bench;

import dev.facecall.bench.JsonLine.OmitIfNull;
import dev.facecall.bench.Sampler.CpuReading;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One window of stamped signals between the pairs (lib/worker.js runWindow): every sender sends
 * to its partner at {@code rate} per second for warm-up + duration, spread evenly (message k of
 * all is due at t0 + k / (senders × rate)). Only messages sent after the warm-up count; after
 * the window the generator waits up to {@code drain} seconds for them.
 */
final class SignalWindow {

    record Latency(Double p50, Double p90, Double p99, Double max, Double mean) {
    }

    /** The generator: its CPU while it sent (100 = one core), how late it sent, how long the drain took. */
    record Gen(Double cpuPct, List<Double> cpuPctPerWorker, Double sendLagP99Ms, Double sendLagMaxMs, long drainMs) {
    }

    /** The server over the window: CPU (100 = one core), CPU per delivered message, RSS at the end. */
    /**
     * A cluster (several --pid): CPU summed over its processes (so cpuUsPerMsg is what a message
     * cost all the nodes together), rssKB the sum, rssKBByPid each process in the order of --pid.
     */
    record Server(Double cpuPct, Double cpuUsPerMsg, Long rssKB, @OmitIfNull List<Long> rssKBByPid) {
    }

    /** The figures of a window; {@code dupOrReorder} and {@code dropsDuringRun} count since the crowd began. */
    record Figures(int clients, Double ratePerClient, Double offeredMsgsPerSec, long sent, long delivered, long lost,
            Double deliveredShare, Double achievedMsgsPerSec, Latency latencyMs, long dupOrReorder, long dropsDuringRun,
            Gen gen, MachineLoad.OfWindow machineLoad, Server server) {
    }

    private static final long MS = 1_000_000L;
    private static final long SEC = 1_000_000_000L;

    private final Run run;
    private final Crowd crowd;
    private final List<BenchClient> senders;
    private final Deliveries deliveries;
    private final double rate;
    private final long startsAt;
    private final long measuredFrom;
    private final long endsAt;

    // what sending measured
    private long sent;
    private final Samples sendLag = new Samples(1024);
    private CpuReading windowStart;
    private long genTicksFirstMeasured = -1;
    private long genNanosFirstMeasured;
    private long genTicksDone;
    private long genNanosDone;

    private SignalWindow(Pairs pairs, double rate, double warmup, double duration) {
        this.crowd = pairs.crowd();
        this.run = crowd.run();
        this.senders = List.copyOf(pairs.senders());
        this.deliveries = new Deliveries(pairs.nextWindowId());
        this.rate = rate;
        this.startsAt = System.nanoTime() + 300 * MS;
        this.measuredFrom = startsAt + (long) (warmup * SEC);
        this.endsAt = measuredFrom + (long) (duration * SEC);
    }

    static Figures run(Pairs pairs, double rate, double warmup, double duration, double drain) {
        return new SignalWindow(pairs, rate, warmup, duration).measure(duration, drain);
    }

    private Figures measure(double duration, double drain) {
        crowd.receiveInto(deliveries);
        send();
        run.watchdog().sleepUntil(endsAt);
        if (windowStart == null) {
            windowStart = run.sampler().read();
        }
        CpuReading windowEnd = run.sampler().read();
        List<Long> rssEachAtEnd = run.sampler().serverRssKBEach();
        long deadline = endsAt + (long) (drain * SEC);
        while (deliveries.count() < sent && System.nanoTime() < deadline) {
            run.watchdog().sleepMillis(5);
        }
        long drainMs = (System.nanoTime() - endsAt) / MS;
        crowd.receiveInto(null);
        run.watchdog().sleepMillis(20); // let a receive in progress finish before the samples are read
        long delivered = deliveries.count();
        Percentiles.Distribution latency = Percentiles.of(deliveries.latencies());
        int n = senders.size();
        Traffic traffic = crowd.traffic();
        return new Figures(n, Round.to(rate, 3), Round.to(n * rate, 1), sent, delivered, sent - delivered,
                sent > 0 ? Round.to(delivered / (n * rate * duration), 4) : null, Round.to(delivered / duration, 1),
                new Latency(latency.p50(), latency.p90(), latency.p99(), latency.max(), latency.mean()),
                traffic.dupOrReorder(), traffic.drops(), gen(drainMs),
                MachineLoad.ofWindow(windowStart, windowEnd, run.sampler().watchesServer()),
                server(windowStart, windowEnd, rssEachAtEnd, delivered));
    }

    /** The send loop: like load.js's timers, it wakes at most once a millisecond and sends what is due. */
    private void send() {
        int n = senders.size();
        double period = 1e9 / (n * rate);
        long due = n == 0 || n * rate <= 0 ? 0 : (long) Math.ceil((endsAt - startsAt) / period);
        long k = 0;
        while (k < due) {
            run.watchdog().check();
            long now = System.nanoTime();
            if (now < startsAt) {
                LockSupport.parkNanos(Math.min(startsAt - now, 50 * MS));
                continue;
            }
            if (windowStart == null && now >= measuredFrom) {
                windowStart = run.sampler().read();
            }
            long dueNow = Math.min(due, (long) Math.floor((now - startsAt) / period) + 1);
            for (; k < dueNow; k++) {
                sendOne(senders.get((int) (k % n)), startsAt + (long) (k * period));
            }
            if (k >= due) {
                break;
            }
            long wait = startsAt + (long) (k * period) - System.nanoTime();
            LockSupport.parkNanos(Math.max(MS, Math.min(wait, 20 * MS)));
        }
        genTicksDone = Sampler.generatorCpuTicks();
        genNanosDone = System.nanoTime();
    }

    private void sendOne(BenchClient sender, long intended) {
        int window = intended >= measuredFrom ? deliveries.window() : 0;
        if (window != 0 && genTicksFirstMeasured < 0) {
            genTicksFirstMeasured = Sampler.generatorCpuTicks();
            genNanosFirstMeasured = System.nanoTime();
        }
        if (sender.state() == BenchClient.State.IN) {
            sender.sendSignal(window);
            if (window != 0) {
                sent++;
                sendLag.add(System.nanoTime() - intended);
            }
        }
    }

    private Gen gen(long drainMs) {
        Double cpuPct = genTicksFirstMeasured >= 0 && genNanosDone > genNanosFirstMeasured
                ? Round.to(100.0 * (genTicksDone - genTicksFirstMeasured) / Proc.CLK_TCK
                        / ((genNanosDone - genNanosFirstMeasured) / 1e9), 1)
                : null;
        long[] lag = sendLag.sorted();
        return new Gen(cpuPct, cpuPct == null ? List.of() : List.of(cpuPct), Percentiles.at(lag, 99),
                lag.length > 0 ? Round.millis(lag[lag.length - 1]) : null, drainMs);
    }

    private Server server(CpuReading from, CpuReading to, List<Long> rssEach, long delivered) {
        if (!run.sampler().watchesServer()) {
            return null;
        }
        boolean known = from.serverTicks() >= 0 && to.serverTicks() >= 0;
        double cpuSec = (to.serverTicks() - from.serverTicks()) / Proc.CLK_TCK;
        return new Server(known ? Round.to(100 * cpuSec / ((to.at() - from.at()) / 1e9), 1) : null,
                known && delivered > 0 ? Round.to(1e6 * cpuSec / delivered, 1) : null, Sampler.sum(rssEach),
                rssEach.size() > 1 ? rssEach : null);
    }
}
