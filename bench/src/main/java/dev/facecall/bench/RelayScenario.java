package dev.facecall.bench;

import dev.facecall.bench.JsonLine.Inline;
import dev.facecall.bench.JsonLine.OmitIfNull;

/** {@code relay}: latency and loss at a fixed load, --pairs pairs signalling at --rate per client. */
final class RelayScenario implements CrowdScenario {

    record Params(long pairs, double rate, double duration, double warmup, double drain, long sdpBytes, long candBytes) {

        static Params from(Options o) {
            return new Params(o.integer("pairs"), o.number("rate"), o.number("duration"), o.number("warmup"),
                    o.number("drain"), o.integer("sdp-bytes"), o.integer("cand-bytes"));
        }
    }

    record Figures(@OmitIfNull Pairs.Setup setup, @OmitIfNull String error, @Inline SignalWindow.Figures window) {
    }

    private final Run run;
    private final Params params;
    private final Crowd crowd;
    private final Pairs pairs;
    private volatile Pairs.Setup setup;
    private volatile String error;
    private volatile SignalWindow.Figures window;

    RelayScenario(Run run) {
        this.run = run;
        this.params = Params.from(run.options());
        this.crowd = Crowd.forPairs(run, run.prefix());
        this.pairs = new Pairs(crowd, run.concurrency());
    }

    @Override
    public Record params() {
        return params;
    }

    @Override
    public double defaultTimeoutSec() {
        return 60 + params.warmup() + params.duration() + params.drain() + 30;
    }

    @Override
    public void run() {
        run.log().say("relay: " + run.where() + " " + params.pairs() + " pairs x 2 clients x "
                + Log.num(params.rate()) + " msg/s, warm-up " + Log.num(params.warmup()) + " s, measure "
                + Log.num(params.duration()) + " s (java generator, prefix " + run.prefix() + ")");
        setup = pairs.growTo((int) params.pairs());
        run.log().say("  setup: " + setup.pairs() + " pairs in " + Log.num(setup.setupMs()) + " ms (login fails "
                + setup.loginFails() + ", pair fails " + setup.pairFails() + ")");
        if (setup.pairFails() > 0 && run.endpoints().size() > 1 && "across".equals(run.options().string("pair-spread"))
                && setup.failReasons().keySet().stream().anyMatch(r -> r.contains("no-such-user"))) {
            run.log().say("  (calls failed with no-such-user: this cluster does not connect calls between nodes yet;"
                    + " --pair-spread within keeps each pair on one node)");
        }
        if (setup.pairs() == 0) {
            error = "no pair could be set up: " + setup.failReasons();
            return;
        }
        run.phase("run");
        window = SignalWindow.run(pairs, params.rate(), params.warmup(), params.duration(), params.drain());
        run.log().say("  " + summary(window, run.sampler().watchesServer()));
    }

    /** One window in a line, as relay and saturate print it. */
    static String summary(SignalWindow.Figures w, boolean serverWatched) {
        SignalWindow.Latency l = w.latencyMs();
        String line = "offered " + Log.num(w.offeredMsgsPerSec()) + " msg/s (" + w.clients() + " clients x "
                + Log.num(w.ratePerClient()) + "/s), sent " + w.sent() + ", delivered " + w.delivered() + ", lost "
                + w.lost() + ", achieved " + Log.num(w.achievedMsgsPerSec()) + " msg/s; latency ms p50 "
                + Log.num(l.p50()) + " p90 " + Log.num(l.p90()) + " p99 " + Log.num(l.p99()) + " max " + Log.num(l.max())
                + "; reordered " + w.dupOrReorder() + "; gen cpu " + Log.num(w.gen().cpuPct()) + "% send lag p99 "
                + Log.num(w.gen().sendLagP99Ms()) + " ms";
        if (!serverWatched) {
            return line;
        }
        return line + "; server cpu " + Log.num(w.server().cpuPct()) + "% (" + Log.num(w.server().cpuUsPerMsg())
                + " us per msg) rss " + w.server().rssKB() + " KB; other processes "
                + Log.num(w.machineLoad().otherPct()) + "%";
    }

    @Override
    public Record figures() {
        return new Figures(setup, error, window);
    }

    @Override
    public boolean ok() {
        return window != null && setup.pairs() == params.pairs();
    }

    @Override
    public Crowd crowd() {
        return crowd;
    }
}
