package dev.facecall.bench;

import dev.facecall.bench.JsonLine.Inline;
import dev.facecall.bench.JsonLine.OmitIfNull;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code soak}: --rounds rounds of a saturation followed at once by a join storm of --clients,
 * against the same server, to catch a presence that never converges (once, a 2000-user storm run
 * right after a saturation had every user welcomed, no drop, no error, and after 121 s one true
 * view). After each storm every client's view must equal the storm's users, no one missing and
 * no one else listed, within --converge-timeout seconds of the last welcome; the first round in
 * which that does not happen ends the soak.
 */
final class SoakScenario implements Scenario {

    record Params(long rounds, long clients, double convergeTimeout, String leave,
            @Inline SaturateScenario.Params saturate) {
    }

    /**
     * The saturation of a round, after waiting for the server to calm down from the storm before
     * (as before any run), and how its clients left before the storm.
     */
    record SaturateRound(@OmitIfNull Double cooldownSec, int pairs, Double maxHeldMsgsPerSec, Double firstFailedMsgsPerSec, int steps, long lost,
            String left, long drops, Map<String, Long> errors) {
    }

    /**
     * The storm of a round: {@code allWelcomedMs} and {@code convergedMs} from its first connect
     * (convergedMs null: not within the deadline), the views still wrong at the end and how.
     */
    record StormRound(int welcomed, int failed, Double allWelcomedMs, Double convergedMs, int viewsWrong,
            long usersMissing, long strangersListed, long bytesPayload, long drops, Map<String, Long> dropReasons,
            Map<String, Long> errors, Double serverCpuSec, Long serverRssKB) {
    }

    record RoundFigures(int round, @OmitIfNull SaturateRound saturate, @OmitIfNull StormRound storm) {
    }

    /** The round whose views did not all come true in time, and how many were wrong. */
    record NeverConverged(int round, int viewsWrong, int views, long usersMissing, long strangersListed) {
    }

    record Figures(List<RoundFigures> rounds, int roundsConverged, @OmitIfNull NeverConverged neverConverged) {
    }

    private final Run run;
    private final Params params;
    private final List<RoundFigures> rounds = new CopyOnWriteArrayList<>();
    /** Crowds still connected (leaving at the end of the run), and the totals of those that left. */
    private final List<Crowd> inPlay = new CopyOnWriteArrayList<>();
    private final List<FinalTotals> totalsOfLeft = new CopyOnWriteArrayList<>();
    private volatile Crowd current;
    private volatile int roundsConverged;
    private volatile NeverConverged neverConverged;
    private volatile boolean allRan;
    private boolean allWelcomed = true;
    private boolean allPaired = true;

    SoakScenario(Run run) {
        this.run = run;
        Options o = run.options();
        this.params = new Params(o.integer("rounds"), o.integer("clients"), o.number("converge-timeout"),
                o.string("leave"), SaturateScenario.Params.from(o));
    }

    @Override
    public Record params() {
        return params;
    }

    @Override
    public double defaultTimeoutSec() {
        double storm = 120 + LoginWave.fanOutAllowanceSec(params.clients()) + params.convergeTimeout() + 30;
        return params.rounds() * (params.saturate().defaultTimeoutSec() + storm);
    }

    @Override
    public void run() {
        run.log().say("soak: " + run.where() + " " + params.rounds() + " rounds of (saturate from "
                + Log.num(params.saturate().start()) + " msg/s, then a join storm of " + params.clients()
                + " clients), views true within " + Log.num(params.convergeTimeout()) + " s (java generator, prefix "
                + run.prefix() + ")");
        for (int round = 1; round <= params.rounds(); round++) {
            if (!runRound(round)) {
                return;
            }
        }
        allRan = true;
        run.log().say("soak: all " + params.rounds() + " rounds converged");
    }

    /** One round; whether the soak goes on. */
    private boolean runRound(int round) {
        Double cooldownSec = round > 1 ? Cooldown.await(run) : null;
        run.log().say("soak round " + round + "/" + params.rounds() + ": saturate"
                + (cooldownSec == null ? "" : " (after " + Log.num(cooldownSec) + " s of cooldown)"));
        SaturateRound saturate = saturate(round, cooldownSec);
        rounds.add(new RoundFigures(round, saturate, null));
        run.log().say("soak round " + round + "/" + params.rounds() + ": join storm of " + params.clients() + " clients");
        StormRound storm = storm(round);
        rounds.set(round - 1, new RoundFigures(round, saturate, storm));
        run.log().say("  round " + round + ": all welcomed in " + Log.num(storm.allWelcomedMs()) + " ms, "
                + (storm.convergedMs() == null ? "views not all true" : "views true after " + Log.num(storm.convergedMs()) + " ms")
                + ", received "
                + Log.mb(storm.bytesPayload(), 1) + " MB, drops " + storm.drops() + ", errors " + storm.errors());
        if (storm.failed() > 0) {
            allWelcomed = false;
            run.log().say("!! soak: round " + round + ": " + storm.failed() + " of " + params.clients()
                    + " logins failed: the views cannot all come true; stopping");
            return false;
        }
        if (storm.convergedMs() == null) {
            neverConverged = new NeverConverged(round, storm.viewsWrong(), (int) params.clients(), storm.usersMissing(),
                    storm.strangersListed());
            run.log().say("!! soak: round " + round + " never converged: " + storm.viewsWrong() + " of "
                    + params.clients() + " views wrong " + Log.num(params.convergeTimeout()) + " s after the last login ("
                    + storm.usersMissing() + " users missing, " + storm.strangersListed() + " strangers listed, in all)");
            return false;
        }
        roundsConverged = round;
        return true;
    }

    /** The storm of a round: everyone logs in, then every view must come true before the deadline. */
    private StormRound storm(int round) {
        Storm storm = new Storm(run, run.prefix() + "j" + round, (int) params.clients(), run.concurrency(), true);
        enter(storm.crowd());
        Double serverCpuBefore = run.sampler().serverCpuSec();
        Double convergedMs = null;
        LoginWave.Figures logins;
        try {
            run.phase("login");
            logins = storm.logIn("soak " + round);
            run.log().say("  " + storm.wave().summary());
            if (logins.failed() == 0) {
                run.phase("converge");
                convergedMs = storm.awaitConvergence(System.nanoTime() + (long) (params.convergeTimeout() * 1e9));
            }
        } finally {
            storm.stopProgress();
        }
        Storm.Census census = storm.census();
        Double serverCpuSec = Sampler.cpuSecBetween(serverCpuBefore, run.sampler().serverCpuSec());
        Long serverRssKB = run.sampler().serverRssKB();
        FinalTotals totals = leave(storm.crowd(), false);
        return new StormRound(logins.welcomed(), logins.failed(), logins.allWelcomedMs(), convergedMs,
                census.viewsWrong(), census.usersMissing(), census.strangersListed(), totals.bytesPayload(),
                totals.drops(), totals.dropReasons(), totals.errors(), serverCpuSec, serverRssKB);
    }

    private SaturateRound saturate(int round, Double cooldownSec) {
        SaturateScenario saturate = new SaturateScenario(run, run.prefix() + "s" + round);
        enter(saturate.crowd());
        saturate.run();
        boolean abandon = abandons(params.leave(), round);
        FinalTotals totals = leave(saturate.crowd(), abandon);
        run.log().say("  the saturation's " + totals.clients() + " clients "
                + (abandon ? "dropped their connections without logout" : "logged out"));
        Pairs.Setup setup = saturate.setup();
        allPaired &= setup.pairs() == params.saturate().pairs();
        SaturateScenario.Outcome outcome = saturate.outcome();
        long lost = saturate.steps().stream().mapToLong(s -> s.window().lost()).sum();
        return new SaturateRound(cooldownSec, setup.pairs(), outcome == null ? null : outcome.maxHeldMsgsPerSec(),
                outcome == null ? null : outcome.firstFailedMsgsPerSec(), saturate.steps().size(), lost,
                abandon ? "abandon" : "logout", totals.drops(), totals.errors());
    }

    /** Whether the saturation's clients of {@code round} (from 1) drop their connections rather than log out. */
    static boolean abandons(String leave, int round) {
        return leave.equals("abandon") || leave.equals("alternate") && round % 2 == 0;
    }

    private void enter(Crowd crowd) {
        inPlay.add(crowd);
        current = crowd;
    }

    /** The crowd leaves; only its totals are kept (a round's thousands of clients need not stay in the heap). */
    private FinalTotals leave(Crowd crowd, boolean abandon) {
        FinalTotals totals = abandon ? crowd.abandon() : crowd.leave();
        totalsOfLeft.add(totals);
        inPlay.remove(crowd);
        return totals;
    }

    @Override
    public Record figures() {
        return new Figures(List.copyOf(rounds), roundsConverged, neverConverged);
    }

    @Override
    public boolean ok() {
        return allRan && allWelcomed && allPaired;
    }

    @Override
    public Progress progress() {
        Crowd c = current;
        return c == null ? new Progress(0, 0, 0, 0, 0) : c.progress();
    }

    @Override
    public FinalTotals leave() {
        for (Crowd c : inPlay) {
            leave(c, false);
        }
        return FinalTotals.sum(totalsOfLeft);
    }
}
