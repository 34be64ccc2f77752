package dev.facecall.bench;

import jakarta.json.Json;
import jakarta.json.JsonReaderFactory;
import jakarta.json.stream.JsonParserFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * One run of one scenario against one server: the clients, the counters, the figures, and the
 * JSON line. The scenarios and their figures follow /work/shared/bench/load.js and lib/worker.js
 * (one worker), so that the two generators' figures can be put side by side.
 */
final class Bench {

    static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());
    static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long MS = 1_000_000L;
    private static final long SEC = 1_000_000_000L;

    /** Thrown on the main thread when the run is stopped (hard timeout, server RSS guard). */
    static final class Aborted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Aborted() {
            super(null, null, false, false);
        }
    }

    /** One relay window: what its stamped messages (phase = id) delivered. */
    static final class Run {
        final int id;
        final LongAdder recv = new LongAdder();
        final ConcurrentHashMap<Thread, Stats.LongBuf> lat = new ConcurrentHashMap<>();

        Run(int id) {
            this.id = id;
        }

        Stats.LongBuf buf() {
            Thread t = Thread.currentThread();
            Stats.LongBuf b = lat.get(t);
            return b != null ? b : lat.computeIfAbsent(t, x -> new Stats.LongBuf(1 << 14));
        }
    }

    final Options o;
    final Io io;
    final String scenario;
    final String url;
    final URI uri;
    final String origin;
    final String prefix;
    final long pid;
    final double loginTimeoutSec;
    final int concurrency;
    final int nClients;
    final double timeoutSec;
    final Payload pool;

    final Map<String, Object> R = new LinkedHashMap<>();
    private final List<BenchClient> clients = new ArrayList<>();
    private final List<BenchClient> senders = new ArrayList<>();

    final LongAdder bytes = new LongAdder();
    /** Payload plus WebSocket frame headers (the server declines permessage-deflate): the TCP bytes but the 101 response. */
    final LongAdder wire = new LongAdder();
    final LongAdder pings = new LongAdder();
    final LongAdder drops = new LongAdder();
    final LongAdder dupOrReorder = new LongAdder();
    final LongAdder stray = new LongAdder();
    final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, LongAdder> dropReasons = new ConcurrentHashMap<>();
    final AtomicInteger welcomedCount = new AtomicInteger();
    final AtomicInteger failedCount = new AtomicInteger();

    private volatile Run run;
    private int runId;

    // join-storm views
    volatile boolean trackView;
    volatile int viewN;
    private volatile String namePrefix = "\u0000";
    private final AtomicInteger nConv = new AtomicInteger();
    private volatile long convergedAt;

    private volatile String phase = "start";
    private volatile boolean aborted;
    private volatile String abortReason;
    private volatile boolean emitted;
    private boolean finished;
    private final long tRun0 = System.nanoTime();
    private final long genTicks0 = Stats.cpuTicks(0);
    private final boolean quiet;

    Bench(Options opt, Io io) {
        this.o = opt;
        this.io = io;
        this.scenario = opt.str("scenario");
        this.url = opt.str("url");
        this.uri = URI.create(url);
        this.quiet = opt.bool("quiet");
        String org = opt.str("origin");
        if (org == null) {
            org = ("wss".equalsIgnoreCase(uri.getScheme()) ? "https://" : "http://") + uri.getRawAuthority();
        }
        this.origin = org;
        String p = opt.str("prefix");
        if (p == null) {
            StringBuilder s = new StringBuilder("j");
            for (int i = 0; i < 4; i++) {
                s.append(Character.forDigit(RANDOM.nextInt(36), 36));
            }
            p = s.toString();
        }
        this.prefix = p;
        this.pid = opt.integer("pid");
        this.loginTimeoutSec = opt.num("login-timeout");
        boolean storm = scenario.equals("join-storm");
        this.nClients = opt.isSet("clients") ? (int) opt.integer("clients") : storm ? 500 : 2000;
        this.concurrency = Math.max(1, opt.isSet("concurrency") ? (int) opt.integer("concurrency") : storm ? 10 : 50);
        // beyond load.js: the presence fan-out grows with N², so bigger runs get more time (10 000: +480 s)
        double extra = Math.max(0, 5.0 * (nClients / 1000.0) * (nClients / 1000.0) - 20);
        this.timeoutSec = opt.isSet("timeout") ? opt.num("timeout") : switch (scenario) {
            case "relay" -> 60 + opt.num("warmup") + opt.num("duration") + opt.num("drain") + 30;
            case "saturate" -> Math.min(1800, 90 + (opt.integer("max-steps") + opt.integer("refine"))
                    * (opt.num("step-warmup") + opt.num("step-duration") + opt.num("drain") + 3));
            case "connect" -> 120 + opt.num("hold") + opt.num("settle") + extra;
            default -> 120 + opt.num("settle") + extra;
        };
        this.pool = new Payload((int) opt.integer("seed"), 0, (int) opt.integer("pool-size"),
                (int) opt.integer("sdp-bytes"), (int) opt.integer("cand-bytes"));
    }

    // --- the run ----------------------------------------------------------------------------

    /** Runs the scenario, prints the summary (stderr) and the JSON line (stdout); returns the exit status. */
    int execute() {
        R.put("scenario", scenario);
        R.put("target", "ours");
        R.put("generator", "java");
        R.put("url", url);
        R.put("label", o.str("label").isEmpty() ? null : o.str("label"));
        R.put("pid", pid > 0 ? pid : null);
        R.put("at", Instant.now().toString());
        R.put("params", params());
        R.put("ok", false);
        R.put("timedOut", false);
        R.put("phase", "start");
        if (pid > 0) {
            R.put("serverThreads", Stats.threads(pid));
        }
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("model", Stats.cpuModel());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("genMaxHeapMB", Runtime.getRuntime().maxMemory() >> 20);
        machine.put("genGc", java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).collect(java.util.stream.Collectors.joining(", ")));
        machine.put("genIo", io.clients.length + " HttpClient(s), " + o.integer("io-threads") + " executor thread(s)");
        R.put("machine", machine);
        long peak = scenario.equals("relay") || scenario.equals("saturate") ? 2 * o.integer("pairs") : nClients;
        long needMB = 200 + peak * 60 / 1024; // ~40-60 KB of heap per open WebSocket, measured
        if (Runtime.getRuntime().maxMemory() >> 20 < needMB) {
            log("  warning: " + peak + " connections may need ~" + needMB + " MB of heap; this JVM has "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB (java -Xmx...)");
        }
        cooldown();
        machine.put("loadavg1", Stats.loadavg1());

        ScheduledFuture<?> watchdog = io.timer.schedule(() -> abort("hard timeout (" + fmt(timeoutSec) + " s)"),
                (long) (timeoutSec * 1000), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> guard = null;
        long maxRss = o.integer("max-server-rss-mb");
        if (pid > 0 && maxRss > 0) {
            guard = io.timer.scheduleAtFixedRate(() -> {
                Long rss = Stats.rssKB(pid);
                if (rss != null && rss > maxRss * 1024) {
                    abort("server RSS " + (rss / 1024) + " MB > --max-server-rss-mb " + maxRss);
                }
            }, 500, 500, TimeUnit.MILLISECONDS);
        }
        int code;
        try {
            switch (scenario) {
                case "relay" -> relay();
                case "saturate" -> saturate();
                case "connect" -> connect();
                case "join-storm" -> joinStorm();
                default -> throw new IllegalArgumentException(scenario);
            }
            if (!finished) {
                phase = "final";
                R.put("final", finish());
            }
            phase = "done";
            code = Boolean.TRUE.equals(R.get("ok")) ? 0 : 2;
        } catch (Aborted a) {
            log("!! " + abortReason + " in phase " + phase + ": stopping");
            R.put("timedOut", true);
            R.put("abortReason", abortReason);
            R.put("progressAtAbort", progress());
            if (pid > 0) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("rssKB", Stats.rssKB(pid));
                s.put("cpuSec", Stats.cpuSec(pid));
                R.put("serverAtAbort", s);
            }
            if (!finished) {
                R.put("final", finish());
            }
            code = 3;
        } catch (RuntimeException | Error e) {
            StringWriter w = new StringWriter();
            e.printStackTrace(new PrintWriter(w));
            R.put("error", w.toString());
            log("!! " + e);
            if (!finished) {
                try {
                    R.put("final", finish());
                } catch (RuntimeException e2) {
                    // the error above is what counts
                }
            }
            code = 2;
        } finally {
            watchdog.cancel(false);
            if (guard != null) {
                guard.cancel(false);
            }
        }
        emit();
        return code;
    }

    private synchronized void emit() {
        if (emitted) {
            return;
        }
        emitted = true;
        R.put("phase", phase);
        R.put("wallSec", Stats.round((System.nanoTime() - tRun0) / 1e9, 2));
        System.out.println(JsonLine.write(R));
        System.out.flush();
    }

    private void abort(String reason) {
        if (aborted || emitted) {
            return;
        }
        abortReason = reason;
        aborted = true;
        // the main thread notices within ~100 ms; if it is stuck anyway, report and stop
        io.timer.schedule(() -> {
            if (!emitted) {
                R.put("timedOut", true);
                R.put("abortReason", reason + " (main thread stuck)");
                R.put("progressAtAbort", progress());
                emit();
                Runtime.getRuntime().halt(3);
            }
        }, 30, TimeUnit.SECONDS);
    }

    private void checkAbort() {
        if (aborted) {
            throw new Aborted();
        }
    }

    /** Sleeps, in slices, until {@code deadline} (System.nanoTime); stops early when the run is aborted. */
    private void sleepUntil(long deadline) {
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            checkAbort();
            LockSupport.parkNanos(Math.min(left, 100 * MS));
        }
        checkAbort();
    }

    private void sleepMs(double ms) {
        sleepUntil(System.nanoTime() + (long) (ms * MS));
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void await(CompletableFuture<?> f) {
        while (true) {
            checkAbort();
            try {
                f.get(100, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                // look again
            } catch (ExecutionException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void acquire(Semaphore s) {
        while (true) {
            checkAbort();
            try {
                if (s.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Aborted();
            }
        }
    }

    /** With --pid: wait (at most --cooldown s) for the server to fall below 10 % CPU, as compare.sh does. */
    private void cooldown() {
        double max = o.num("cooldown");
        if (pid <= 0 || max <= 0) {
            return;
        }
        long t0 = System.nanoTime();
        double pct = 100;
        while ((System.nanoTime() - t0) / 1e9 < max) {
            long c0 = Stats.cpuTicks(pid);
            long s0 = System.nanoTime();
            sleepQuietly(1000);
            long c1 = Stats.cpuTicks(pid);
            if (c0 < 0 || c1 < 0) {
                break;
            }
            pct = 100.0 * (c1 - c0) / Stats.CLK_TCK / ((System.nanoTime() - s0) / 1e9);
            if (pct < 10) {
                break;
            }
        }
        double waited = (System.nanoTime() - t0) / 1e9;
        R.put("cooldownSec", Stats.round(waited, 1));
        if (pct >= 10) {
            log("  (server still at " + fmt(pct) + " % CPU after " + fmt(waited) + " s of cooldown)");
        }
    }

    // --- callbacks from the clients (any I/O thread) ------------------------------------------

    void error(String code) {
        errors.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    void onDrop(BenchClient c, String why) {
        drops.increment();
        dropReasons.computeIfAbsent(why, k -> new LongAdder()).increment();
        if (c.converged) {
            c.converged = false;
            convChange(false);
        }
    }

    void onBench(BenchClient c, long t, long seq, int ph, long tRecv) {
        if (seq <= c.lastSeqIn) {
            dupOrReorder.increment();
        } else {
            c.lastSeqIn = seq;
        }
        Run r = run;
        if (r == null || ph != r.id) {
            stray.increment();
            return;
        }
        r.buf().add(tRecv - t);
        r.recv.increment();
    }

    void convChange(boolean conv) {
        if (conv) {
            if (nConv.incrementAndGet() == viewN) {
                convergedAt = System.nanoTime();
            }
        } else if (nConv.getAndDecrement() == viewN) {
            convergedAt = 0;
        }
    }

    /** i for the name "prefix-i" of this run (i below N), else -1. */
    int indexOfName(String n) {
        String p = namePrefix;
        if (n == null || !n.startsWith(p) || n.length() == p.length() || n.length() > p.length() + 9) {
            return -1;
        }
        if (n.charAt(p.length()) == '0' && n.length() > p.length() + 1) {
            return -1;
        }
        int v = 0;
        for (int i = p.length(); i < n.length(); i++) {
            char c = n.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v < viewN ? v : -1;
    }

    // --- clients ------------------------------------------------------------------------------

    private BenchClient newClient() {
        int i = clients.size();
        BenchClient c = new BenchClient(this, i, prefix + "-" + i);
        clients.add(c);
        return c;
    }

    /** Logs in {@code cs} with at most {@code conc} logins in flight; returns when each is in or failed. */
    private List<CompletableFuture<BenchClient>> loginAll(List<BenchClient> cs, int conc) {
        Semaphore sem = new Semaphore(conc);
        List<CompletableFuture<BenchClient>> fs = new ArrayList<>(cs.size());
        for (BenchClient c : cs) {
            acquire(sem);
            CompletableFuture<BenchClient> f = c.login();
            f.whenComplete((x, e) -> sem.release());
            fs.add(f);
        }
        await(CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)));
        return fs;
    }

    private static String failure(CompletableFuture<?> f) {
        try {
            f.getNow(null);
            return null;
        } catch (RuntimeException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            return c instanceof TimeoutException ? "pair-timeout" : String.valueOf(c.getMessage());
        }
    }

    /** Logs in and pairs clients until {@code target} pairs are ready (lib/worker.js ensurePairs). */
    private Map<String, Object> setupPairs(int target) {
        phase = senders.isEmpty() ? "setup" : "grow";
        long t = System.nanoTime();
        List<BenchClient> fresh = new ArrayList<>();
        while (senders.size() / 2 + fresh.size() / 2 < target) {
            fresh.add(newClient());
            fresh.add(newClient());
        }
        List<CompletableFuture<BenchClient>> logins = loginAll(fresh, concurrency);
        Map<String, Long> why = new TreeMap<>();
        int loginFails = 0;
        for (CompletableFuture<BenchClient> f : logins) {
            String w = failure(f);
            if (w != null) {
                loginFails++;
                why.merge(w, 1L, Long::sum);
            }
        }
        Semaphore sem = new Semaphore(concurrency);
        List<CompletableFuture<Void>> pairs = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i += 2) {
            BenchClient a = fresh.get(i);
            BenchClient b = fresh.get(i + 1);
            if (a.state.get() != BenchClient.IN || b.state.get() != BenchClient.IN) {
                pairs.add(CompletableFuture.failedFuture(new IllegalStateException("not-logged-in")));
                continue;
            }
            acquire(sem);
            CompletableFuture<Void> f = a.pairWith(b).orTimeout((long) (loginTimeoutSec * 1000), TimeUnit.MILLISECONDS);
            f.whenComplete((x, e) -> sem.release());
            pairs.add(f);
        }
        await(CompletableFuture.allOf(pairs.toArray(CompletableFuture[]::new)));
        int pairFails = 0;
        for (int i = 0; i < pairs.size(); i++) {
            String w = failure(pairs.get(i));
            if (w != null) {
                pairFails++;
                why.merge(w, 1L, Long::sum);
            } else {
                senders.add(fresh.get(2 * i));
                senders.add(fresh.get(2 * i + 1));
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("pairs", senders.size() / 2);
        r.put("loginFails", loginFails);
        r.put("pairFails", pairFails);
        r.put("failReasons", why);
        r.put("setupMs", Stats.round((System.nanoTime() - t) / 1e6, 1));
        return r;
    }

    /** Everyone logs out and closes; returns the totals (taken before closing, as lib/worker.js finish does). */
    private Map<String, Object> finish() {
        finished = true;
        int open = 0;
        for (BenchClient c : clients) {
            if (c.state.get() == BenchClient.IN) {
                open++;
            }
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("clients", clients.size());
        f.put("open", open);
        f.put("drops", drops.sum());
        f.put("dropReasons", counts(dropReasons));
        f.put("errors", counts(errors));
        f.put("bytesPayload", bytes.sum());
        // java.net.http does not count socket bytes: payload + frame headers (+ pings, closes), without the HTTP 101
        f.put("bytesWire", wire.sum());
        f.put("pingsAnswered", pings.sum());
        f.put("stray", stray.sum());
        f.put("genCpuSecTotal", Stats.round((Stats.cpuTicks(0) - genTicks0) / Stats.CLK_TCK, 2));
        for (BenchClient c : clients) {
            c.close();
        }
        long deadline = System.nanoTime() + Math.max(3, clients.size() / 1000) * SEC;
        int stuck = 0;
        for (BenchClient c : clients) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    c.gone.get(left, TimeUnit.NANOSECONDS);
                } else if (!c.gone.isDone()) {
                    throw new TimeoutException();
                }
            } catch (TimeoutException | ExecutionException e) {
                stuck++;
                c.abort();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                c.abort();
            }
        }
        f.put("closesNotConfirmed", stuck);
        return f;
    }

    private static Map<String, Long> counts(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private Map<String, Object> progress() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("welcomed", welcomedCount.get());
        p.put("failed", failedCount.get());
        p.put("converged", nConv.get());
        p.put("bytesPayload", bytes.sum());
        p.put("drops", drops.sum());
        return p;
    }

    // --- relay and saturate -----------------------------------------------------------------

    /** One window of stamped signals (lib/worker.js runWindow + load.js runWindow). */
    private Map<String, Object> runWindow(double rate, double warmup, double duration, double drain) {
        int id = ++runId;
        List<BenchClient> snd = new ArrayList<>(senders);
        int n = snd.size();
        double total = n * rate;
        Run r = new Run(id);
        run = r;
        long t0 = System.nanoTime() + 300 * MS;
        long tW = t0 + (long) (warmup * SEC);
        long tE = tW + (long) (duration * SEC);
        double period = 1e9 / total;
        long nTotal = n == 0 || total <= 0 ? 0 : (long) Math.ceil((tE - t0) / period);
        long k = 0;
        long sent = 0;
        Stats.LongBuf lag = new Stats.LongBuf(1024);
        long srvTicks0 = -1;
        long srvT0 = 0;
        long genTicks0 = -1;
        long genT0 = 0;
        long[] mach0 = null;
        long genAll0 = -1;
        boolean windowOpen = false;
        while (k < nTotal) {
            checkAbort();
            long t = System.nanoTime();
            if (t < t0) {
                LockSupport.parkNanos(Math.min(t0 - t, 50 * MS));
                continue;
            }
            if (!windowOpen && t >= tW) {
                windowOpen = true;
                srvTicks0 = pid > 0 ? Stats.cpuTicks(pid) : -1;
                srvT0 = System.nanoTime();
                mach0 = Stats.machineTicks();
                genAll0 = Stats.cpuTicks(0);
            }
            long due = (long) Math.floor((t - t0) / period) + 1;
            if (due > nTotal) {
                due = nTotal;
            }
            while (k < due) {
                long intended = t0 + (long) (k * period);
                int ph = intended >= tW ? id : 0;
                if (ph != 0 && genTicks0 < 0) {
                    genTicks0 = Stats.cpuTicks(0);
                    genT0 = System.nanoTime();
                }
                BenchClient c = snd.get((int) (k % n));
                if (c.state.get() == BenchClient.IN) {
                    c.sendSignal(ph);
                    if (ph != 0) {
                        sent++;
                        lag.add(System.nanoTime() - intended);
                    }
                }
                k++;
            }
            if (k >= nTotal) {
                break;
            }
            // like load.js's timers: wake at most once a millisecond and send what is due
            long wait = t0 + (long) (k * period) - System.nanoTime();
            LockSupport.parkNanos(Math.max(MS, Math.min(wait, 20 * MS)));
        }
        long genTicks1 = Stats.cpuTicks(0);
        long genT1 = System.nanoTime();
        sleepUntil(tE);
        if (!windowOpen) {
            srvTicks0 = pid > 0 ? Stats.cpuTicks(pid) : -1;
            srvT0 = System.nanoTime();
            mach0 = Stats.machineTicks();
            genAll0 = Stats.cpuTicks(0);
        }
        long srvTicks1 = pid > 0 ? Stats.cpuTicks(pid) : -1;
        long srvT1 = System.nanoTime();
        long[] mach1 = Stats.machineTicks();
        long genAll1 = Stats.cpuTicks(0);
        Long rss1 = pid > 0 ? Stats.rssKB(pid) : null;
        long deadline = tE + (long) (drain * SEC);
        while (r.recv.sum() < sent && System.nanoTime() < deadline) {
            sleepMs(5);
        }
        long drainMs = (System.nanoTime() - tE) / MS;
        run = null;
        sleepMs(20); // let a receive in progress finish before the samples are read
        long recv = r.recv.sum();
        Map<String, Object> lat = Stats.summarizeNanos(r.lat.values());
        long[] lg = java.util.Arrays.copyOf(lag.a, lag.n);
        java.util.Arrays.sort(lg);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clients", n);
        out.put("ratePerClient", Stats.round(rate, 3));
        out.put("offeredMsgsPerSec", Stats.round(n * rate, 1));
        out.put("sent", sent);
        out.put("delivered", recv);
        out.put("lost", sent - recv);
        out.put("deliveredShare", sent > 0 ? Stats.round(recv / (n * rate * duration), 4) : null);
        out.put("achievedMsgsPerSec", Stats.round(recv / duration, 1));
        Map<String, Object> l = new LinkedHashMap<>();
        for (String key : new String[] {"p50", "p90", "p99", "max", "mean"}) {
            l.put(key, lat.get(key));
        }
        out.put("latencyMs", l);
        out.put("dupOrReorder", dupOrReorder.sum());
        out.put("dropsDuringRun", drops.sum());
        Map<String, Object> gen = new LinkedHashMap<>();
        Double genPct = genTicks0 >= 0 && genT1 > genT0
                ? Stats.round(100.0 * (genTicks1 - genTicks0) / Stats.CLK_TCK / ((genT1 - genT0) / 1e9), 1) : null;
        gen.put("cpuPct", genPct);
        gen.put("cpuPctPerWorker", genPct == null ? List.of() : List.of(genPct));
        gen.put("sendLagP99Ms", lg.length > 0 ? Stats.ms(lg[Stats.rank(99, lg.length)]) : null);
        gen.put("sendLagMaxMs", lg.length > 0 ? Stats.ms(lg[lg.length - 1]) : null);
        gen.put("drainMs", drainMs);
        out.put("gen", gen);
        // everything else on the machine in the same window: a busy neighbour makes figures noisy
        Double busy = Stats.machineBusyPct(mach0, mach1, Runtime.getRuntime().availableProcessors());
        Map<String, Object> mach = new LinkedHashMap<>();
        mach.put("busyPct", busy == null ? null : Stats.round(busy, 1));
        if (busy != null && srvT1 > srvT0) {
            double secs = (srvT1 - srvT0) / 1e9;
            double srvPct = srvTicks0 >= 0 && srvTicks1 >= 0 ? 100.0 * (srvTicks1 - srvTicks0) / Stats.CLK_TCK / secs : 0;
            double genAllPct = 100.0 * (genAll1 - genAll0) / Stats.CLK_TCK / secs;
            // without --pid the server is part of "other"
            mach.put(pid > 0 ? "otherPct" : "otherWithServerPct", Stats.round(Math.max(0, busy - srvPct - genAllPct), 1));
        }
        out.put("machineLoad", mach);
        if (pid > 0) {
            Map<String, Object> srv = new LinkedHashMap<>();
            double cpuSec = (srvTicks1 - srvTicks0) / Stats.CLK_TCK;
            srv.put("cpuPct", srvTicks0 >= 0 && srvTicks1 >= 0 ? Stats.round(100 * cpuSec / ((srvT1 - srvT0) / 1e9), 1) : null);
            srv.put("cpuUsPerMsg", srvTicks0 >= 0 && srvTicks1 >= 0 && recv > 0 ? Stats.round(1e6 * cpuSec / recv, 1) : null);
            srv.put("rssKB", rss1);
            out.put("server", srv);
        } else {
            out.put("server", null);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static String line(Map<String, Object> o) {
        Map<String, Object> l = (Map<String, Object>) o.get("latencyMs");
        Map<String, Object> g = (Map<String, Object>) o.get("gen");
        Map<String, Object> s = (Map<String, Object>) o.get("server");
        return "offered " + fmt(o.get("offeredMsgsPerSec")) + " msg/s (" + o.get("clients") + " clients x "
                + fmt(o.get("ratePerClient")) + "/s), sent " + o.get("sent") + ", delivered " + o.get("delivered")
                + ", lost " + o.get("lost") + ", achieved " + fmt(o.get("achievedMsgsPerSec")) + " msg/s; latency ms p50 "
                + fmt(l.get("p50")) + " p90 " + fmt(l.get("p90")) + " p99 " + fmt(l.get("p99")) + " max " + fmt(l.get("max"))
                + "; reordered " + o.get("dupOrReorder") + "; gen cpu " + fmt(g.get("cpuPct")) + "% send lag p99 "
                + fmt(g.get("sendLagP99Ms")) + " ms"
                + (s == null ? "" : "; server cpu " + fmt(s.get("cpuPct")) + "% (" + fmt(s.get("cpuUsPerMsg"))
                        + " us per msg) rss " + s.get("rssKB") + " KB")
                + (s == null ? "" : "; other processes " + fmt(((Map<String, Object>) o.get("machineLoad")).get("otherPct")) + "%");
    }

    /**
     * Warms the generator's JVM up before the first measured run (the JIT has not compiled the
     * handshake, send and receive paths of a fresh JVM; Node needs no such thing): {@code n}
     * clients with views log in, pair up, exchange 2 s of signals, and log out. Nothing is printed.
     */
    void warmUp(int n) {
        int pairs = Math.max(1, n / 2);
        viewN = 2 * pairs;
        namePrefix = prefix + "-";
        trackView = true;
        try {
            setupPairs(pairs);
            if (!senders.isEmpty()) {
                runWindow(20, 0.5, 2, 1);
            }
        } catch (RuntimeException e) {
            log("  (generator warm-up failed: " + e + ")");
        } finally {
            finish();
        }
    }

    private void relay() {
        int pairs = (int) o.integer("pairs");
        log("relay: " + url + " " + pairs + " pairs x 2 clients x " + fmt(o.num("rate")) + " msg/s, warm-up "
                + fmt(o.num("warmup")) + " s, measure " + fmt(o.num("duration")) + " s (java generator, prefix " + prefix + ")");
        Map<String, Object> setup = setupPairs(pairs);
        R.put("setup", setup);
        log("  setup: " + setup.get("pairs") + " pairs in " + fmt(setup.get("setupMs")) + " ms (login fails "
                + setup.get("loginFails") + ", pair fails " + setup.get("pairFails") + ")");
        if ((int) setup.get("pairs") == 0) {
            R.put("error", "no pair could be set up: " + setup.get("failReasons"));
            return;
        }
        phase = "run";
        R.putAll(runWindow(o.num("rate"), o.num("warmup"), o.num("duration"), o.num("drain")));
        log("  " + line(R));
        R.put("ok", (int) setup.get("pairs") == pairs);
    }

    private void saturate() {
        int pairs = (int) o.integer("pairs");
        double maxRate = o.num("max-client-rate");
        double p99Limit = o.num("p99-limit");
        double minDelivery = o.num("min-delivery");
        double stepDuration = o.num("step-duration");
        log("saturate: " + url + " from " + fmt(o.num("start")) + " msg/s x" + fmt(o.num("factor")) + ", "
                + fmt(stepDuration) + " s steps, p99 <= " + fmt(p99Limit) + " ms and delivery >= "
                + fmt(minDelivery * 100) + "% (java generator, prefix " + prefix + ")");
        Map<String, Object> setup = setupPairs(pairs);
        R.put("setup", setup);
        log("  setup: " + setup.get("pairs") + " pairs in " + fmt(setup.get("setupMs")) + " ms");
        if ((int) setup.get("pairs") == 0) {
            R.put("error", "no pair could be set up: " + setup.get("failReasons"));
            return;
        }
        List<Map<String, Object>> steps = new ArrayList<>();
        R.put("steps", steps);
        int[] asked = {pairs};
        java.util.function.DoublePredicate step = offered -> {
            int need = Math.max(pairs, (int) Math.ceil(offered / (2 * maxRate)));
            if (need > asked[0]) {
                Map<String, Object> g = setupPairs(need);
                asked[0] = need;
                log("  grew to " + g.get("pairs") + " pairs in " + fmt(g.get("setupMs")) + " ms");
            }
            phase = "step";
            int now = senders.size() / 2;
            double rate = offered / (2.0 * now);
            Map<String, Object> w = runWindow(rate, o.num("step-warmup"), stepDuration, o.num("drain"));
            @SuppressWarnings("unchecked")
            Object p99 = ((Map<String, Object>) w.get("latencyMs")).get("p99");
            boolean held = p99 != null && ((Double) p99) <= p99Limit
                    && ((Long) w.get("delivered")) >= minDelivery * offered * stepDuration;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("offered", Stats.round(offered, 1));
            row.put("pairs", now);
            row.put("held", held);
            row.putAll(w);
            steps.add(row);
            log("  " + (held ? "held" : "FAIL") + ": " + line(w));
            return held;
        };
        Double lo = null;
        Double hi = null;
        double offered = o.num("start");
        for (long i = 0; i < o.integer("max-steps"); i++) {
            if (step.test(offered)) {
                lo = offered;
            } else {
                hi = offered;
                break;
            }
            offered *= o.num("factor");
        }
        if (lo != null && hi != null) {
            for (long i = 0; i < o.integer("refine"); i++) {
                double mid = Math.round(Math.sqrt(lo * hi));
                if (mid <= lo || mid >= hi) {
                    break;
                }
                if (step.test(mid)) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
        }
        R.put("maxHeldMsgsPerSec", lo == null ? null : Stats.round(lo, 1));
        R.put("firstFailedMsgsPerSec", hi == null ? null : Stats.round(hi, 1));
        for (Map<String, Object> s : steps) {
            if (Boolean.TRUE.equals(s.get("held")) && lo != null && s.get("offered").equals(Stats.round(lo, 1))) {
                Map<String, Object> best = new LinkedHashMap<>();
                best.put("latencyMs", s.get("latencyMs"));
                best.put("server", s.get("server"));
                best.put("gen", s.get("gen"));
                best.put("pairs", s.get("pairs"));
                R.put("atMaxHeld", best);
                break;
            }
        }
        log("  => highest step held: " + (lo == null ? "none" : fmt(Stats.round(lo, 1)) + " msg/s")
                + (hi == null ? " (ramp ended before failure)" : ", failed at " + fmt(Stats.round(hi, 1)) + " msg/s"));
        @SuppressWarnings("unchecked")
        Map<String, Object> best = (Map<String, Object>) R.get("atMaxHeld");
        if (best != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> l = (Map<String, Object>) best.get("latencyMs");
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) best.get("server");
            @SuppressWarnings("unchecked")
            Map<String, Object> g = (Map<String, Object>) best.get("gen");
            log("     there: p50 " + fmt(l.get("p50")) + " ms, p99 " + fmt(l.get("p99")) + " ms"
                    + (s == null ? "" : ", server cpu " + fmt(s.get("cpuPct")) + "% (" + fmt(s.get("cpuUsPerMsg")) + " us/msg)")
                    + ", gen cpu " + fmt(g.get("cpuPct")) + "%");
        }
        R.put("ok", (int) setup.get("pairs") == pairs);
    }

    // --- connect and join-storm -------------------------------------------------------------

    private long loginT0;

    @SuppressWarnings("unchecked")
    private void loginScenario(boolean track) {
        int n = nClients;
        phase = "login";
        Long rss0 = pid > 0 ? Stats.rssKB(pid) : null;
        Double cpu0 = pid > 0 ? Stats.cpuSec(pid) : null;
        Map<String, Object> server = new LinkedHashMap<>();
        if (pid > 0) {
            server.put("rssBeforeKB", rss0);
            R.put("server", server);
        }
        if (track) {
            viewN = n;
            namePrefix = prefix + "-";
            trackView = true;
        }
        List<BenchClient> mine = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            mine.add(newClient());
        }
        long t0 = System.nanoTime() + 200 * MS;
        loginT0 = t0;
        sleepUntil(t0);
        long g0 = Stats.cpuTicks(0);
        loginMach0 = Stats.machineTicks();
        loginSrv0 = pid > 0 ? Stats.cpuTicks(pid) : -1;
        loginGen0 = g0;
        ScheduledFuture<?> printer = io.timer.scheduleAtFixedRate(() -> {
            Map<String, Object> p = progress();
            log("  [" + scenario + " " + fmt(Stats.round((System.nanoTime() - tRun0) / 1e9, 1)) + " s] welcomed "
                    + p.get("welcomed") + " failed " + p.get("failed")
                    + (trackView ? " converged " + p.get("converged") : "") + " rx "
                    + String.format("%.1f", bytes.sum() / 1e6) + " MB drops " + p.get("drops")
                    + (pid > 0 ? " server rss " + Stats.rssKB(pid) + " KB" : ""));
        }, 2, 2, TimeUnit.SECONDS);
        List<CompletableFuture<BenchClient>> logins;
        try {
            logins = loginAll(mine, concurrency);
        } finally {
            if (!track) {
                printer.cancel(false);
            } else {
                progressPrinter = printer;
            }
        }
        Long rss1 = pid > 0 ? Stats.rssKB(pid) : null;
        Double cpu1 = pid > 0 ? Stats.cpuSec(pid) : null;
        int welcomed = 0;
        int failed = 0;
        long tLast = 0;
        Map<String, Long> why = new TreeMap<>();
        Stats.LongBuf lat = new Stats.LongBuf(n);
        for (int i = 0; i < n; i++) {
            BenchClient c = mine.get(i);
            String w = failure(logins.get(i));
            if (w == null) {
                welcomed++;
                lat.add(c.tIn - c.tStart);
                tLast = Math.max(tLast, c.tIn);
            } else {
                failed++;
                why.merge(w, 1L, Long::sum);
            }
        }
        Map<String, Object> l = Stats.summarizeNanos(List.of(lat));
        R.put("welcomed", welcomed);
        R.put("failed", failed);
        if (failed > 0) {
            R.put("failReasons", why);
        }
        R.put("allWelcomedMs", welcomed > 0 ? Stats.round((tLast - t0) / 1e6, 1) : null);
        Map<String, Object> ll = new LinkedHashMap<>();
        for (String k : new String[] {"p50", "p90", "p99", "max"}) {
            ll.put(k, l.get(k));
        }
        R.put("loginLatencyMs", ll);
        R.put("genCpuSecLogin", Stats.round((Stats.cpuTicks(0) - g0) / Stats.CLK_TCK, 2));
        if (pid > 0) {
            server.put("rssWelcomedKB", rss1);
            server.put("cpuSecLogin", cpu0 != null && cpu1 != null ? Stats.round(cpu1 - cpu0, 2) : null);
        }
        log("  " + welcomed + "/" + n + " welcomed (" + failed + " failed) in " + fmt(R.get("allWelcomedMs"))
                + " ms; login latency ms p50 " + fmt(ll.get("p50")) + " p99 " + fmt(ll.get("p99")) + " max " + fmt(ll.get("max")));
        serverCpu0 = cpu0;
        serverRss0 = rss0;
    }

    private long[] loginMach0;
    private long loginSrv0;
    private long loginGen0;

    /** CPU of the whole machine since the logins began, and what neither the server nor the generator used. */
    private Map<String, Object> machineLoadSinceLogin() {
        long[] m1 = Stats.machineTicks();
        long s1 = pid > 0 ? Stats.cpuTicks(pid) : -1;
        long g1 = Stats.cpuTicks(0);
        double secs = (System.nanoTime() - loginT0) / 1e9;
        Double busy = Stats.machineBusyPct(loginMach0, m1, Runtime.getRuntime().availableProcessors());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("busyPct", busy == null ? null : Stats.round(busy, 1));
        if (busy != null && secs > 0) {
            double srv = loginSrv0 >= 0 && s1 >= 0 ? 100.0 * (s1 - loginSrv0) / Stats.CLK_TCK / secs : 0;
            double gen = 100.0 * (g1 - loginGen0) / Stats.CLK_TCK / secs;
            m.put("serverPct", pid > 0 ? Stats.round(srv, 1) : null);
            m.put("genPct", Stats.round(gen, 1));
            m.put(pid > 0 ? "otherPct" : "otherWithServerPct", Stats.round(Math.max(0, busy - srv - gen), 1));
        }
        return m;
    }

    private Double serverCpu0;
    private Long serverRss0;
    private ScheduledFuture<?> progressPrinter;

    @SuppressWarnings("unchecked")
    private void connect() {
        log("connect: " + url + " " + nClients + " clients, concurrency " + concurrency + ", hold " + fmt(o.num("hold"))
                + " s (java generator, prefix " + prefix + ")");
        loginScenario(false);
        phase = "hold";
        sleepMs(o.num("hold") * 1000);
        phase = "final";
        Long rss2 = pid > 0 ? Stats.rssKB(pid) : null;
        Double cpu2 = pid > 0 ? Stats.cpuSec(pid) : null;
        R.put("machineLoad", machineLoadSinceLogin());
        Map<String, Object> fin = finish();
        R.put("final", fin);
        R.put("openAfterHold", fin.get("open"));
        R.put("dropsDuringHold", fin.get("drops"));
        int welcomed = (int) R.get("welcomed");
        if (pid > 0) {
            Map<String, Object> server = (Map<String, Object>) R.get("server");
            server.put("rssAfterHoldKB", rss2);
            server.put("cpuSecTotal", cpu2 != null && serverCpu0 != null ? Stats.round(cpu2 - serverCpu0, 2) : null);
            Long rssW = (Long) server.get("rssWelcomedKB");
            if (welcomed > 0 && serverRss0 != null && rss2 != null && rssW != null) {
                R.put("kbPerConnection", Stats.round((double) (rss2 - serverRss0) / welcomed, 2));
                R.put("kbPerConnectionAtWelcome", Stats.round((double) (rssW - serverRss0) / welcomed, 2));
            }
            log("  server RSS " + serverRss0 + " KB -> " + rssW + " KB (all welcomed) -> " + rss2 + " KB (after hold): "
                    + fmt(R.get("kbPerConnectionAtWelcome")) + " / " + fmt(R.get("kbPerConnection")) + " KB per connection");
        }
        log("  open after hold " + fin.get("open") + ", drops " + fin.get("drops") + " " + fin.get("dropReasons")
                + ", pings answered " + fin.get("pingsAnswered") + ", received " + String.format("%.2f", ((Long) fin.get("bytesPayload")) / 1e6)
                + " MB; generator cpu " + fmt(fin.get("genCpuSecTotal")) + " s");
        R.put("ok", (int) R.get("failed") == 0);
    }

    @SuppressWarnings("unchecked")
    private void joinStorm() {
        log("join-storm: " + url + " " + nClients + " clients, concurrency " + concurrency + " (java generator, prefix "
                + prefix + ")");
        try {
            loginScenario(true);
            phase = "converge";
            if ((int) R.get("failed") == 0) {
                while (convergedAt == 0) {
                    sleepMs(2);
                }
                R.put("convergedMs", Stats.round((convergedAt - loginT0) / 1e6, 1));
                log("  every view equals the true set after " + fmt(R.get("convergedMs")) + " ms");
            } else {
                R.put("convergedMs", null);
                R.put("convergence", "impossible: some logins failed");
                log("  convergence: impossible: some logins failed");
            }
        } finally {
            if (progressPrinter != null) {
                progressPrinter.cancel(false);
            }
        }
        sleepMs(o.num("settle") * 1000);
        phase = "final";
        Double cpu2 = pid > 0 ? Stats.cpuSec(pid) : null;
        R.put("machineLoad", machineLoadSinceLogin());
        Map<String, Object> fin = finish();
        R.put("final", fin);
        R.put("bytesPayload", fin.get("bytesPayload"));
        R.put("bytesWire", fin.get("bytesWire"));
        R.put("genCpuSecTotal", fin.get("genCpuSecTotal"));
        if (pid > 0) {
            ((Map<String, Object>) R.get("server")).put("cpuSecTotal",
                    cpu2 != null && serverCpu0 != null ? Stats.round(cpu2 - serverCpu0, 2) : null);
        }
        log("  received: " + String.format("%.2f", ((Long) fin.get("bytesPayload")) / 1e6) + " MB payload"
                + (pid > 0 ? "; server cpu " + fmt(((Map<String, Object>) R.get("server")).get("cpuSecTotal")) + " s" : "")
                + "; generator cpu " + fmt(fin.get("genCpuSecTotal")) + " s");
        R.put("ok", (int) R.get("failed") == 0);
    }

    // --- output -------------------------------------------------------------------------------

    private Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("procs", 1);
        p.put("concurrency", concurrency);
        p.put("seed", o.integer("seed"));
        p.put("timeout", timeoutSec);
        switch (scenario) {
            case "relay" -> {
                p.put("pairs", o.integer("pairs"));
                p.put("rate", o.num("rate"));
                p.put("duration", o.num("duration"));
                p.put("warmup", o.num("warmup"));
                p.put("drain", o.num("drain"));
                p.put("sdpBytes", o.integer("sdp-bytes"));
                p.put("candBytes", o.integer("cand-bytes"));
            }
            case "saturate" -> {
                p.put("pairs", o.integer("pairs"));
                p.put("start", o.num("start"));
                p.put("factor", o.num("factor"));
                p.put("maxSteps", o.integer("max-steps"));
                p.put("stepDuration", o.num("step-duration"));
                p.put("stepWarmup", o.num("step-warmup"));
                p.put("maxClientRate", o.num("max-client-rate"));
                p.put("p99Limit", o.num("p99-limit"));
                p.put("minDelivery", o.num("min-delivery"));
                p.put("refine", o.integer("refine"));
                p.put("drain", o.num("drain"));
                p.put("sdpBytes", o.integer("sdp-bytes"));
                p.put("candBytes", o.integer("cand-bytes"));
            }
            case "connect" -> {
                p.put("clients", nClients);
                p.put("hold", o.num("hold"));
                p.put("settle", o.num("settle"));
            }
            default -> {
                p.put("clients", nClients);
                p.put("settle", o.num("settle"));
            }
        }
        return p;
    }

    private void log(String s) {
        if (!quiet) {
            System.err.println(s);
            System.err.flush();
        }
    }

    static String fmt(Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return String.valueOf(d.longValue());
            }
            return String.valueOf(Stats.round(d, 3));
        }
        return String.valueOf(v);
    }

    static String fmt(double v) {
        return fmt((Object) v);
    }
}
