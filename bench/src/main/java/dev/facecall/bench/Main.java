package dev.facecall.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar facecall-bench.jar relay|saturate|connect|join-storm|soak|all --url ws://127.0.0.1:8080/signal --pid PID}
 *
 * <p>Progress and a human summary go to stderr, one JSON line per run to stdout. Exit status: 0
 * ok, 2 incomplete or error (or a soak round that never converged), 3 stopped by the timeout or
 * the server-RSS guard, 1 bad arguments.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // The JDK's HttpClient completes some stages of every WebSocket handshake with *Async
        // methods and no executor. On a machine with 2 CPUs the common pool's parallelism is 1,
        // and CompletableFuture then starts a new thread for each such task: one per login.
        setDefault("java.util.concurrent.ForkJoinPool.common.parallelism", "2");
        // Per-connection buffers of java.net.http (16 KiB each by default: ~48 KiB per WebSocket).
        // Our frames are under 2 KiB; smaller buffers let one JVM hold 10 000 connections in
        // well under 1 GiB of heap. Larger incoming frames (welcome lists) just arrive in parts.
        setDefault("jdk.httpclient.websocket.writeBufferSize", "4096");
        setDefault("jdk.httpclient.websocket.intermediateBufferSize", "4096");
        setDefault("jdk.httpclient.bufsize", "8192");
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            exit(1, e.getMessage() + "\n\n" + Options.usage());
            return;
        }
        if (options.flag("help")) {
            System.out.print(Options.usage());
            System.exit(0);
        }
        String scenario = options.scenario();
        if (scenario == null || !(Options.SCENARIOS.contains(scenario) || scenario.equals("all"))) {
            exit(1, "the scenario must be one of relay, saturate, connect, join-storm, soak, all\n\n" + Options.usage());
        }
        try {
            for (String url : options.urls()) {
                if (!url.startsWith("ws://") && !url.startsWith("wss://")) {
                    exit(1, "--url must be a ws:// or wss:// URL, or several separated by commas");
                }
            }
        } catch (IllegalArgumentException e) {
            exit(1, e.getMessage());
        }
        List<Options> runs = scenario.equals("all") ? theIssuesSizes(options) : List.of(options);
        Io io = new Io(httpClients(options, runs), (int) options.integer("io-threads"), options.number("login-timeout"));
        long warmUp = options.integer("gen-warmup");
        if (warmUp > 0) {
            if (!options.flag("quiet")) {
                System.err.println("(warming the generator's JVM up: " + warmUp + " clients for ~4 s)");
            }
            GeneratorWarmUp.run(options, io, (int) warmUp);
        }
        int worst = 0;
        for (Options run : runs) {
            int status = new Runner(run, io).execute();
            worst = Math.max(worst, status);
            if (runs.size() > 1) {
                System.err.println("  (" + run.scenario() + ": exit status " + status + ")\n");
            }
        }
        System.exit(worst);
    }

    private static void exit(int status, String message) {
        System.err.println(message);
        System.exit(status);
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** {@code all}: each of the four scenarios of the Node harness once, at the sizes of the issue. */
    private static List<Options> theIssuesSizes(Options options) {
        List<Options> runs = new ArrayList<>();
        runs.add(sized(options, "relay", null));
        runs.add(sized(options, "saturate", null));
        runs.add(sized(options, "connect", 2000L));
        runs.add(sized(options, "join-storm", 2000L));
        return runs;
    }

    private static Options sized(Options base, String scenario, Long clients) {
        Options sized = base.with("scenario", scenario);
        if (clients != null) {
            sized = sized.with("clients", clients);
        }
        if (base.isSet("prefix")) {
            sized = sized.with("prefix", base.string("prefix") + scenario.charAt(0));
        }
        return sized;
    }

    /** One HttpClient (one selector thread) per 2500 connections, at least 2, unless --io-clients says. */
    private static int httpClients(Options options, List<Options> runs) {
        if (options.isSet("io-clients")) {
            return (int) options.integer("io-clients");
        }
        long peak = runs.stream().mapToLong(Runner::peakConnections).max().orElse(0);
        return (int) Math.max(2, (peak + 2499) / 2500);
    }
}
