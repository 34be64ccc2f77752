package dev.facecall.bench;

import dev.facecall.bench.JsonLine.Inline;
import dev.facecall.bench.JsonLine.OmitIfNull;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code saturate}: the highest offered load that holds (p99 ≤ --p99-limit and ≥ --min-delivery
 * delivered), found by a {@link Ramp} of relay windows; pairs are added where the per-client
 * rate would pass --max-client-rate.
 */
final class SaturateScenario implements CrowdScenario {

    record Params(long pairs, double start, double factor, long maxSteps, double stepDuration, double stepWarmup,
            double maxClientRate, double p99Limit, double minDelivery, long refine, double drain, long sdpBytes,
            long candBytes) {

        static Params from(Options o) {
            return new Params(o.integer("pairs"), o.number("start"), o.number("factor"), o.integer("max-steps"),
                    o.number("step-duration"), o.number("step-warmup"), o.number("max-client-rate"),
                    o.number("p99-limit"), o.number("min-delivery"), o.integer("refine"), o.number("drain"),
                    o.integer("sdp-bytes"), o.integer("cand-bytes"));
        }

        double defaultTimeoutSec() {
            return Math.min(1800, 90 + (maxSteps + refine) * (stepWarmup + stepDuration + drain + 3));
        }
    }

    /** One step of the ramp: the load offered, the pairs that offered it, whether it held, its window. */
    record Step(Double offered, int pairs, boolean held, @Inline SignalWindow.Figures window) {
    }

    record AtMaxHeld(SignalWindow.Latency latencyMs, SignalWindow.Server server, SignalWindow.Gen gen, int pairs) {
    }

    record Outcome(Double maxHeldMsgsPerSec, Double firstFailedMsgsPerSec, @OmitIfNull AtMaxHeld atMaxHeld) {
    }

    record Figures(@OmitIfNull Pairs.Setup setup, @OmitIfNull String error, @OmitIfNull List<Step> steps,
            @Inline Outcome outcome) {
    }

    private final Run run;
    private final Params params;
    private final Crowd crowd;
    private final Pairs pairs;
    private volatile Pairs.Setup setup;
    private volatile String error;
    private volatile List<Step> steps;
    private volatile Outcome outcome;
    private int pairsAsked;

    /** A saturation whose clients are named {@code <prefix>-<i>}. */
    SaturateScenario(Run run, String prefix) {
        this.run = run;
        this.params = Params.from(run.options());
        this.crowd = Crowd.forPairs(run, prefix);
        this.pairs = new Pairs(crowd, run.concurrency());
    }

    @Override
    public Record params() {
        return params;
    }

    @Override
    public double defaultTimeoutSec() {
        return params.defaultTimeoutSec();
    }

    @Override
    public Crowd crowd() {
        return crowd;
    }

    /** The pairs set up first; null before. */
    Pairs.Setup setup() {
        return setup;
    }

    /** The ramp's result; null until it has ended. */
    Outcome outcome() {
        return outcome;
    }

    List<Step> steps() {
        return steps == null ? List.of() : steps;
    }

    @Override
    public void run() {
        run.log().say("saturate: " + run.where() + " from " + Log.num(params.start()) + " msg/s x"
                + Log.num(params.factor()) + ", " + Log.num(params.stepDuration()) + " s steps, p99 <= "
                + Log.num(params.p99Limit()) + " ms and delivery >= " + Log.num(params.minDelivery() * 100)
                + "% (java generator, prefix " + crowd.prefix() + ")");
        setup = pairs.growTo((int) params.pairs());
        run.log().say("  setup: " + setup.pairs() + " pairs in " + Log.num(setup.setupMs()) + " ms");
        if (setup.pairs() == 0) {
            error = "no pair could be set up: " + setup.failReasons();
            return;
        }
        steps = new CopyOnWriteArrayList<>();
        pairsAsked = (int) params.pairs();
        Ramp.Bounds bounds = Ramp.search(params.start(), params.factor(), params.maxSteps(), params.refine(), this::holds);
        Double maxHeld = bounds.maxHeld() == null ? null : Round.to(bounds.maxHeld(), 1);
        Double firstFailed = bounds.firstFailed() == null ? null : Round.to(bounds.firstFailed(), 1);
        outcome = new Outcome(maxHeld, firstFailed, atMaxHeld(maxHeld));
        run.log().say("  => highest step held: " + (maxHeld == null ? "none" : Log.num(maxHeld) + " msg/s")
                + (firstFailed == null ? " (ramp ended before failure)" : ", failed at " + Log.num(firstFailed) + " msg/s"));
        AtMaxHeld best = outcome.atMaxHeld();
        if (best != null) {
            run.log().say("     there: p50 " + Log.num(best.latencyMs().p50()) + " ms, p99 " + Log.num(best.latencyMs().p99())
                    + " ms" + (best.server() == null ? "" : ", server cpu " + Log.num(best.server().cpuPct()) + "% ("
                            + Log.num(best.server().cpuUsPerMsg()) + " us/msg)")
                    + ", gen cpu " + Log.num(best.gen().cpuPct()) + "%");
        }
    }

    /** Runs one step at {@code offered} msg/s in all; whether it held. */
    private boolean holds(double offered) {
        int need = Math.max((int) params.pairs(), (int) Math.ceil(offered / (2 * params.maxClientRate())));
        if (need > pairsAsked) {
            Pairs.Setup grown = pairs.growTo(need);
            pairsAsked = need;
            run.log().say("  grew to " + grown.pairs() + " pairs in " + Log.num(grown.setupMs()) + " ms");
        }
        run.phase("step");
        int now = pairs.count();
        SignalWindow.Figures w = SignalWindow.run(pairs, offered / (2.0 * now), params.stepWarmup(),
                params.stepDuration(), params.drain());
        Double p99 = w.latencyMs().p99();
        boolean held = p99 != null && p99 <= params.p99Limit()
                && w.delivered() >= params.minDelivery() * offered * params.stepDuration();
        steps.add(new Step(Round.to(offered, 1), now, held, w));
        run.log().say("  " + (held ? "held" : "FAIL") + ": " + RelayScenario.summary(w, run.sampler().watchesServer()));
        return held;
    }

    private AtMaxHeld atMaxHeld(Double maxHeld) {
        for (Step s : steps) {
            if (s.held() && maxHeld != null && s.offered().equals(maxHeld)) {
                return new AtMaxHeld(s.window().latencyMs(), s.window().server(), s.window().gen(), s.pairs());
            }
        }
        return null;
    }

    @Override
    public Record figures() {
        return new Figures(setup, error, steps, outcome);
    }

    @Override
    public boolean ok() {
        return outcome != null && setup.pairs() == params.pairs();
    }
}
