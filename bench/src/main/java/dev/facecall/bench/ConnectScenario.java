package dev.facecall.bench;

import dev.facecall.bench.JsonLine.Inline;
import dev.facecall.bench.JsonLine.OmitIfNull;

/** {@code connect}: the cost of idle connections: --clients log in, then stay idle --hold seconds. */
final class ConnectScenario implements CrowdScenario {

    record Params(long clients, double hold, double settle) {
    }

    record AfterHold(Long rssAfterHoldKB, Double cpuSecTotal) {
    }

    /** The server (with --pid): RSS before, when all are welcomed, after the hold; CPU for the logins, and in all. */
    record Server(Long rssBeforeKB, @Inline LoginWave.ServerAtWelcome atWelcome, @Inline AfterHold afterHold) {
    }

    /**
     * After the hold: connections still open, those the server or a timeout closed, and the
     * server's RSS per connection (only meaningful for a server with a pre-touched heap).
     */
    record Held(int openAfterHold, long dropsDuringHold, @OmitIfNull Double kbPerConnection,
            @OmitIfNull Double kbPerConnectionAtWelcome) {
    }

    record Figures(@OmitIfNull Server server, @Inline LoginWave.Figures logins,
            @OmitIfNull MachineLoad.SinceLogin machineLoad, @Inline Held held) {
    }

    private final Run run;
    private final Params params;
    private final Crowd crowd;
    private volatile LoginWave wave;
    private volatile MachineLoad.SinceLogin machineLoad;
    private volatile AfterHold afterHold;
    private volatile Held held;

    ConnectScenario(Run run) {
        this.run = run;
        Options o = run.options();
        this.params = new Params(o.integer("clients"), o.number("hold"), o.number("settle"));
        this.crowd = Crowd.withoutViews(run, run.prefix());
    }

    @Override
    public Record params() {
        return params;
    }

    @Override
    public double defaultTimeoutSec() {
        return 120 + params.hold() + params.settle() + LoginWave.fanOutAllowanceSec(params.clients());
    }

    @Override
    public void run() {
        run.log().say("connect: " + run.where() + " " + params.clients() + " clients, concurrency "
                + run.concurrency() + ", hold " + Log.num(params.hold()) + " s (java generator, prefix " + run.prefix() + ")");
        run.phase("login");
        wave = new LoginWave(crowd, (int) params.clients(), run.concurrency());
        ProgressLine progress = ProgressLine.start("connect", crowd);
        try {
            wave.run();
        } finally {
            progress.stop();
        }
        run.log().say("  " + wave.summary());
        run.phase("hold");
        run.watchdog().sleepMillis(params.hold() * 1000);
        run.phase("final");
        Long rssAfter = run.sampler().serverRssKB();
        Double cpuAfter = run.sampler().serverCpuSec();
        machineLoad = wave.machineLoadSinceStart();
        FinalTotals totals = crowd.leave();
        afterHold = new AfterHold(rssAfter, Sampler.cpuSecBetween(wave.serverCpuBefore(), cpuAfter));
        held = held(totals, rssAfter);
        if (run.sampler().watchesServer()) {
            run.log().say("  server RSS " + wave.serverRssBeforeKB() + " KB -> " + wave.serverAtWelcome().rssWelcomedKB()
                    + " KB (all welcomed) -> " + rssAfter + " KB (after hold): " + Log.num(held.kbPerConnectionAtWelcome())
                    + " / " + Log.num(held.kbPerConnection()) + " KB per connection");
        }
        run.log().say("  open after hold " + totals.open() + ", drops " + totals.drops() + " " + totals.dropReasons()
                + ", pings answered " + totals.pingsAnswered() + ", received " + Log.mb(totals.bytesPayload(), 2)
                + " MB; generator cpu " + Log.num(totals.genCpuSecTotal()) + " s");
    }

    private Held held(FinalTotals totals, Long rssAfter) {
        int welcomed = wave.figures().welcomed();
        Long before = wave.serverRssBeforeKB();
        Long atWelcome = wave.serverAtWelcome().rssWelcomedKB();
        boolean known = run.sampler().watchesServer() && welcomed > 0 && before != null && rssAfter != null && atWelcome != null;
        return new Held(totals.open(), totals.drops(), known ? Round.to((double) (rssAfter - before) / welcomed, 2) : null,
                known ? Round.to((double) (atWelcome - before) / welcomed, 2) : null);
    }

    @Override
    public Record figures() {
        LoginWave w = wave;
        Server server = w == null || !run.sampler().watchesServer() ? null
                : new Server(w.serverRssBeforeKB(), w.serverAtWelcome(), afterHold);
        return new Figures(server, w == null ? null : w.figures(), machineLoad, held);
    }

    @Override
    public boolean ok() {
        return held != null && wave.figures().failed() == 0;
    }

    @Override
    public Crowd crowd() {
        return crowd;
    }
}
