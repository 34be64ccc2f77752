package dev.facecall.bench;

import dev.facecall.bench.JsonLine.OmitIfNull;
import dev.facecall.bench.Sampler.CpuReading;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * N clients of a crowd logging in as fast as the bound on logins in flight allows (connect,
 * join-storm): when each was welcomed, and what that cost the server and the generator.
 */
final class LoginWave {

    record Latency(Double p50, Double p90, Double p99, Double max) {
    }

    /** {@code allWelcomedMs}: from the first connect to the last welcome; null when no one was welcomed. */
    record Figures(int welcomed, int failed, @OmitIfNull Map<String, Long> failReasons, Double allWelcomedMs,
            Latency loginLatencyMs, Double genCpuSecLogin) {
    }

    /** The server when every login has ended. */
    /** A cluster: rssWelcomedKB is the sum over its processes, rssWelcomedKBByPid each one in the order of --pid. */
    record ServerAtWelcome(Long rssWelcomedKB, Double cpuSecLogin, @OmitIfNull List<Long> rssWelcomedKBByPid) {
    }

    private static final long MS = 1_000_000L;

    private final Crowd crowd;
    private final int size;
    private final int inFlight;
    private final Long serverRssBeforeKB;
    private final Double serverCpuBefore;
    private long startedAt;
    private CpuReading atStart;
    private Figures figures;
    private ServerAtWelcome serverAtWelcome;

    /** Reads the server before anything happens. */
    LoginWave(Crowd crowd, int size, int inFlight) {
        this.crowd = crowd;
        this.size = size;
        this.inFlight = inFlight;
        this.serverRssBeforeKB = crowd.run().sampler().serverRssKB();
        this.serverCpuBefore = crowd.run().sampler().serverCpuSec();
    }

    /**
     * The extra seconds a run of {@code clients} gets beyond load.js's timeout: the presence
     * fan-out grows with N², so 10 000 clients get 480 s more, 2000 none.
     */
    static double fanOutAllowanceSec(long clients) {
        return Math.max(0, 5.0 * (clients / 1000.0) * (clients / 1000.0) - 20);
    }

    /** Logs the clients in; returns when each is in or has failed. */
    Figures run() {
        Run run = crowd.run();
        List<BenchClient> clients = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            clients.add(crowd.add());
        }
        startedAt = System.nanoTime() + 200 * MS;
        run.watchdog().sleepUntil(startedAt);
        atStart = run.sampler().read();
        List<CompletableFuture<BenchClient>> logins = crowd.logIn(clients, inFlight);
        List<Long> rssEachWelcomed = run.sampler().serverRssKBEach();
        Double cpuWelcomed = run.sampler().serverCpuSec();
        figures = tally(clients, logins);
        serverAtWelcome = new ServerAtWelcome(Sampler.sum(rssEachWelcomed), Sampler.cpuSecBetween(serverCpuBefore, cpuWelcomed),
                rssEachWelcomed.size() > 1 ? rssEachWelcomed : null);
        return figures;
    }

    private Figures tally(List<BenchClient> clients, List<CompletableFuture<BenchClient>> logins) {
        int welcomed = 0;
        int failed = 0;
        long lastWelcome = 0;
        Map<String, Long> why = new TreeMap<>();
        Samples latency = new Samples(clients.size());
        for (int i = 0; i < clients.size(); i++) {
            BenchClient c = clients.get(i);
            String failure = Crowd.failureOf(logins.get(i));
            if (failure == null) {
                welcomed++;
                latency.add(c.welcomedAt() - c.loginStartedAt());
                lastWelcome = Math.max(lastWelcome, c.welcomedAt());
            } else {
                failed++;
                why.merge(failure, 1L, Long::sum);
            }
        }
        Percentiles.Distribution d = Percentiles.of(List.of(latency));
        return new Figures(welcomed, failed, failed > 0 ? why : null,
                welcomed > 0 ? Round.to((lastWelcome - startedAt) / 1e6, 1) : null,
                new Latency(d.p50(), d.p90(), d.p99(), d.max()),
                Round.to((Sampler.generatorCpuTicks() - atStart.generatorTicks()) / Proc.CLK_TCK, 2));
    }

    /** The summary line of the logins. */
    String summary() {
        return figures.welcomed() + "/" + size + " welcomed (" + figures.failed() + " failed) in "
                + Log.num(figures.allWelcomedMs()) + " ms; login latency ms p50 " + Log.num(figures.loginLatencyMs().p50())
                + " p99 " + Log.num(figures.loginLatencyMs().p99()) + " max " + Log.num(figures.loginLatencyMs().max());
    }

    /** System.nanoTime() of the first connect. */
    long startedAt() {
        return startedAt;
    }

    Long serverRssBeforeKB() {
        return serverRssBeforeKB;
    }

    Double serverCpuBefore() {
        return serverCpuBefore;
    }

    /** The machine's load from the first connect until now. */
    MachineLoad.SinceLogin machineLoadSinceStart() {
        return MachineLoad.sinceLogin(atStart, crowd.run().sampler().read(), crowd.run().sampler().watchesServer());
    }

    /** Null until every login has ended. */
    Figures figures() {
        return figures;
    }

    /** Null until every login has ended. */
    ServerAtWelcome serverAtWelcome() {
        return serverAtWelcome;
    }
}
