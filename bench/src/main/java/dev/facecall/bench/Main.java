package dev.facecall.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar facecall-bench.jar relay|saturate|connect|join-storm|all --url ws://127.0.0.1:8080/signal --pid PID}
 *
 * <p>Progress and a human summary go to stderr, one JSON line per run to stdout. Exit status: 0
 * ok, 2 incomplete or error, 3 stopped by the timeout or the server-RSS guard, 1 bad arguments.
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
        Options opt;
        try {
            opt = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n\n" + Options.usage());
            System.exit(1);
            return;
        }
        if (opt.bool("help")) {
            System.out.print(Options.usage());
            System.exit(0);
        }
        String s = opt.str("scenario");
        if (s == null || !(Options.SCENARIOS.contains(s) || s.equals("all"))) {
            System.err.println("the scenario must be one of relay, saturate, connect, join-storm, all\n\n" + Options.usage());
            System.exit(1);
        }
        if (!opt.str("url").startsWith("ws://") && !opt.str("url").startsWith("wss://")) {
            System.err.println("--url must be a ws:// or wss:// URL");
            System.exit(1);
        }
        List<Options> runs = new ArrayList<>();
        if (s.equals("all")) {
            // each scenario once, with the sizes of the issue
            runs.add(sized(opt, "relay", null));
            runs.add(sized(opt, "saturate", null));
            runs.add(sized(opt, "connect", 2000L));
            runs.add(sized(opt, "join-storm", 2000L));
        } else {
            runs.add(opt);
        }
        long maxClients = 0;
        for (Options r : runs) {
            long n = r.isSet("clients") ? r.integer("clients") : 2000;
            if (r.str("scenario").equals("relay") || r.str("scenario").equals("saturate")) {
                n = 2 * r.integer("pairs");
            }
            maxClients = Math.max(maxClients, n);
        }
        int ioClients = opt.isSet("io-clients") ? (int) opt.integer("io-clients") : (int) Math.max(2, (maxClients + 2499) / 2500);
        Io io = new Io(ioClients, (int) opt.integer("io-threads"), opt.num("login-timeout"));
        long warm = opt.integer("gen-warmup");
        if (warm > 0) {
            Options w = opt.copy();
            w.set("scenario", "relay");
            w.set("quiet", true);
            w.set("prefix", null);
            if (!opt.bool("quiet")) {
                System.err.println("(warming the generator's JVM up: " + warm + " clients for ~4 s)");
            }
            new Bench(w, io).warmUp((int) warm);
        }
        int worst = 0;
        for (Options r : runs) {
            int code = new Bench(r, io).execute();
            worst = Math.max(worst, code);
            if (runs.size() > 1) {
                System.err.println("  (" + r.str("scenario") + ": exit status " + code + ")\n");
            }
        }
        System.exit(worst);
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private static Options sized(Options base, String scenario, Long clients) {
        Options o = base.copy();
        o.set("scenario", scenario);
        if (clients != null) {
            o.set("clients", clients);
        }
        if (base.isSet("prefix")) {
            o.set("prefix", base.str("prefix") + scenario.charAt(0));
        }
        return o;
    }
}
