package dev.facecall.bench;

/**
 * With {@code --pid}: waits, at most {@code --cooldown} seconds, for the server to fall below
 * 10 % CPU, as compare.sh does, so that a run does not measure the end of the one before.
 */
final class Cooldown {

    private Cooldown() {
    }

    /** The seconds waited; null when there is no server to watch or no cooldown. */
    static Double await(Run run) {
        double max = run.options().number("cooldown");
        Sampler sampler = run.sampler();
        if (!sampler.watchesServer() || max <= 0) {
            return null;
        }
        long startedAt = System.nanoTime();
        double pct = 100;
        while ((System.nanoTime() - startedAt) / 1e9 < max) {
            long ticksBefore = sampler.serverCpuTicks();
            long before = System.nanoTime();
            run.watchdog().sleepMillis(1000);
            long ticksAfter = sampler.serverCpuTicks();
            if (ticksBefore < 0 || ticksAfter < 0) {
                break;
            }
            pct = 100.0 * (ticksAfter - ticksBefore) / Proc.CLK_TCK / ((System.nanoTime() - before) / 1e9);
            if (pct < 10) {
                break;
            }
        }
        double waited = (System.nanoTime() - startedAt) / 1e9;
        if (pct >= 10) {
            run.log().say("  (server still at " + Log.num(pct) + " % CPU after " + Log.num(waited) + " s of cooldown)");
        }
        return Round.to(waited, 1);
    }
}
