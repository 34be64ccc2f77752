package dev.facecall.bench;

import dev.facecall.bench.JsonLine.Inline;
import dev.facecall.bench.JsonLine.OmitIfNull;

/**
 * {@code join-storm}: presence convergence. --clients log in as fast as possible, each keeping its
 * own view of who is online; {@code convergedMs} is when every view lists all the others (users
 * of other runs are not counted, as load.js does not count them).
 */
final class JoinStormScenario implements Scenario {

    record Params(long clients, double settle) {
    }

    record Total(Double cpuSecTotal) {
    }

    record Server(Long rssBeforeKB, @Inline LoginWave.ServerAtWelcome atWelcome, @Inline Total total) {
    }

    /** When every view was true; null, with the reason, when that could not happen. */
    record Outcome(Double convergedMs, @OmitIfNull String convergence) {
    }

    record Received(long bytesPayload, long bytesWire, Double genCpuSecTotal) {
    }

    record Figures(@OmitIfNull Server server, @Inline LoginWave.Figures logins, @Inline Outcome outcome,
            @OmitIfNull MachineLoad.SinceLogin machineLoad, @Inline Received received) {
    }

    private final Run run;
    private final Params params;
    private final Storm storm;
    private volatile Outcome outcome;
    private volatile MachineLoad.SinceLogin machineLoad;
    private volatile Total total;
    private volatile Received received;

    JoinStormScenario(Run run) {
        this.run = run;
        Options o = run.options();
        this.params = new Params(o.integer("clients"), o.number("settle"));
        this.storm = new Storm(run, run.prefix(), (int) params.clients(), run.concurrency(), false);
    }

    @Override
    public Record params() {
        return params;
    }

    @Override
    public double defaultTimeoutSec() {
        return 120 + params.settle() + LoginWave.fanOutAllowanceSec(params.clients());
    }

    @Override
    public void run() {
        run.log().say("join-storm: " + run.where() + " " + params.clients() + " clients, concurrency "
                + run.concurrency() + " (java generator, prefix " + run.prefix() + ")");
        try {
            run.phase("login");
            LoginWave.Figures logins = storm.logIn("join-storm");
            run.log().say("  " + storm.wave().summary());
            run.phase("converge");
            if (logins.failed() == 0) {
                outcome = new Outcome(storm.awaitConvergence(Long.MAX_VALUE), null);
                run.log().say("  every view equals the true set after " + Log.num(outcome.convergedMs()) + " ms");
            } else {
                outcome = new Outcome(null, "impossible: some logins failed");
                run.log().say("  convergence: impossible: some logins failed");
            }
        } finally {
            storm.stopProgress();
        }
        run.watchdog().sleepMillis(params.settle() * 1000);
        run.phase("final");
        Double cpuAfter = run.sampler().serverCpuSec();
        machineLoad = storm.wave().machineLoadSinceStart();
        FinalTotals totals = storm.crowd().leave();
        received = new Received(totals.bytesPayload(), totals.bytesWire(), totals.genCpuSecTotal());
        total = new Total(Sampler.cpuSecBetween(storm.wave().serverCpuBefore(), cpuAfter));
        run.log().say("  received: " + Log.mb(totals.bytesPayload(), 2) + " MB payload"
                + (run.sampler().watchesServer() ? "; server cpu " + Log.num(total.cpuSecTotal()) + " s" : "")
                + "; generator cpu " + Log.num(totals.genCpuSecTotal()) + " s");
    }

    @Override
    public Record figures() {
        LoginWave w = storm.wave();
        Server server = w == null || !run.sampler().watchesServer() ? null
                : new Server(w.serverRssBeforeKB(), w.serverAtWelcome(), total);
        return new Figures(server, w == null ? null : w.figures(), outcome, machineLoad, received);
    }

    @Override
    public boolean ok() {
        return received != null && storm.wave().figures().failed() == 0;
    }

    @Override
    public Progress progress() {
        return storm.crowd().progress();
    }

    @Override
    public FinalTotals leave() {
        return storm.crowd().leave();
    }
}
