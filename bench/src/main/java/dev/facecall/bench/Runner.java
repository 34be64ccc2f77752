package dev.facecall.bench;

import dev.facecall.bench.JsonLine.Inline;
import dev.facecall.bench.JsonLine.Key;
import dev.facecall.bench.JsonLine.OmitIfNull;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Runs one scenario once: waits for a quiet server, arms the watchdog, runs, lets the clients
 * leave, and prints the summary (stderr) and the JSON line (stdout) whatever happened.
 */
final class Runner {

    record Params(int procs, int concurrency, long seed, double timeout, @Inline Record scenario) {
    }

    record Machine(int cpus, String model, String java, long genMaxHeapMB, String genGc, String genIo, Double loadavg1) {
    }

    /** With --pid: the server's threads at the start. */
    record ServerThreads(Long serverThreads) {
    }

    /** {@code rssKBByPid}: a cluster's processes one by one, in the order of --pid (rssKB is their sum). */
    record ServerAtAbort(Long rssKB, Double cpuSec, @OmitIfNull List<Long> rssKBByPid) {
    }

    /**
     * The JSON line; table.js reads it next to the Node generator's (load.js). A cluster (several
     * --url or --pid): {@code url} and {@code pid} are the first, {@code urls} and {@code pids} all of
     * them (only then written).
     */
    record Report(String scenario, String target, String generator, String url, @OmitIfNull List<String> urls,
            String label, Long pid, @OmitIfNull List<Long> pids, String at,
            Params params, boolean ok, boolean timedOut, String phase, @Inline ServerThreads serverThreads,
            Machine machine, @OmitIfNull Double cooldownSec, @Inline Record figures, @OmitIfNull String abortReason,
            @OmitIfNull Progress progressAtAbort, @OmitIfNull ServerAtAbort serverAtAbort, @OmitIfNull String error,
            @Key("final") @OmitIfNull FinalTotals totals, Double wallSec) {
    }

    private final Run run;
    private final Options options;
    private final Scenario scenario;
    private final String at = Instant.now().toString();
    private final AtomicBoolean reported = new AtomicBoolean();
    private final double timeoutSec;
    private ServerThreads serverThreads;
    private Machine machine;
    private Double cooldownSec;

    Runner(Options options, Io io) {
        this.options = options;
        this.run = new Run(options, io);
        this.scenario = switch (options.scenario()) {
            case "relay" -> new RelayScenario(run);
            case "saturate" -> new SaturateScenario(run, run.prefix());
            case "connect" -> new ConnectScenario(run);
            case "join-storm" -> new JoinStormScenario(run);
            case "soak" -> new SoakScenario(run);
            default -> throw new IllegalArgumentException(options.scenario());
        };
        this.timeoutSec = options.isSet("timeout") ? options.number("timeout") : scenario.defaultTimeoutSec();
    }

    /** The most connections a run opens at once (saturate may add pairs beyond it). */
    static long peakConnections(Options o) {
        return switch (o.scenario()) {
            case "relay", "saturate" -> 2 * o.integer("pairs");
            case "soak" -> Math.max(2 * o.integer("pairs"), o.integer("clients"));
            default -> o.integer("clients");
        };
    }

    /** Runs the scenario and reports; returns the exit status (0 ok, 2 incomplete or error, 3 stopped). */
    int execute() {
        Sampler sampler = run.sampler();
        serverThreads = sampler.watchesServer() ? new ServerThreads(sampler.serverThreads()) : null;
        warnIfHeapIsSmall();
        cooldownSec = Cooldown.await(run);
        machine = machine();
        run.watchdog().arm(timeoutSec, sampler, options.integer("max-server-rss-mb"), this::reportStuck);
        String abortReason = null;
        Progress progressAtAbort = null;
        ServerAtAbort serverAtAbort = null;
        String error = null;
        FinalTotals totals = null;
        int status;
        try {
            scenario.run();
            run.phase("final");
            totals = scenario.leave();
            run.phase("done");
            status = scenario.ok() ? 0 : 2;
        } catch (Watchdog.Stopped stopped) {
            abortReason = run.watchdog().reason();
            run.log().say("!! " + abortReason + " in phase " + run.phase() + ": stopping");
            progressAtAbort = scenario.progress();
            serverAtAbort = sampler.watchesServer() ? new ServerAtAbort(sampler.serverRssKB(), sampler.serverCpuSec(),
                    sampler.serverRssKBEachIfSeveral()) : null;
            totals = scenario.leave();
            status = 3;
        } catch (RuntimeException | Error e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            error = trace.toString();
            run.log().say("!! " + e);
            totals = leaveQuietly();
            status = 2;
        } finally {
            run.watchdog().disarm();
        }
        report(new Report(options.scenario(), "ours", "java", run.endpoint().uri().toString(), urls(), label(), pid(), pids(), at,
                params(), status == 0, abortReason != null, run.phase(), serverThreads, machine, cooldownSec,
                scenario.figures(), abortReason, progressAtAbort, serverAtAbort, error, totals,
                Round.to(run.elapsedSec(), 2)));
        return status;
    }

    private FinalTotals leaveQuietly() {
        try {
            return scenario.leave();
        } catch (RuntimeException e) {
            return null; // the error that got us here is what counts
        }
    }

    /** 30 s after a stop the main thread has not reported: report what is known, and end the JVM. */
    private void reportStuck() {
        Report stuck = new Report(options.scenario(), "ours", "java", run.endpoint().uri().toString(), urls(), label(), pid(), pids(), at,
                params(), false, true, run.phase(), serverThreads, machine, cooldownSec, scenario.figures(),
                run.watchdog().reason() + " (main thread stuck)", scenario.progress(), null, null, null,
                Round.to(run.elapsedSec(), 2));
        if (report(stuck)) {
            Runtime.getRuntime().halt(3);
        }
    }

    /** Prints the line, once; returns whether this call printed it. */
    private boolean report(Report report) {
        if (!reported.compareAndSet(false, true)) {
            return false;
        }
        System.out.println(JsonLine.write(report));
        System.out.flush();
        return true;
    }

    private Params params() {
        return new Params(1, run.concurrency(), options.integer("seed"), timeoutSec, scenario.params());
    }

    private String label() {
        return options.string("label").isEmpty() ? null : options.string("label");
    }

    private Long pid() {
        return options.pids().isEmpty() ? null : options.pids().get(0);
    }

    private List<Long> pids() {
        return options.pids().size() > 1 ? options.pids() : null;
    }

    private List<String> urls() {
        List<Endpoint> endpoints = run.endpoints();
        return endpoints.size() > 1 ? endpoints.stream().map(e -> e.uri().toString()).toList() : null;
    }

    private void warnIfHeapIsSmall() {
        long peak = peakConnections(options);
        long needMB = 200 + peak * 60 / 1024; // ~40-60 KB of heap per open WebSocket, measured
        long haveMB = Runtime.getRuntime().maxMemory() >> 20;
        if (haveMB < needMB) {
            run.log().say("  warning: " + peak + " connections may need ~" + needMB + " MB of heap; this JVM has "
                    + haveMB + " MB (java -Xmx...)");
        }
    }

    private Machine machine() {
        Runtime rt = Runtime.getRuntime();
        return new Machine(rt.availableProcessors(), Proc.cpuModel(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), rt.maxMemory() >> 20,
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                        .collect(Collectors.joining(", ")),
                run.io().clients.length + " HttpClient(s), " + options.integer("io-threads") + " executor thread(s)",
                Proc.loadavg1());
    }
}
