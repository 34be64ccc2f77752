package dev.facecall.bench;

/**
 * With {@code --pid}: waits, at most {@code --cooldown} seconds, for the server to fall below
 * 10 % CPU, as compare.sh does, so that a run does not measure the end of the one before. A
 * cluster ({@code --pid P1,P2}): each of its processes below 10 %.
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
            long[] ticksBefore = sampler.serverCpuTicksEach();
            long before = System.nanoTime();
            run.watchdog().sleepMillis(1000);
            long[] ticksAfter = sampler.serverCpuTicksEach();
            Double busiest = busiestPct(ticksBefore, ticksAfter, (System.nanoTime() - before) / 1e9);
            if (busiest == null) {
                break;
            }
            pct = busiest;
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

    /** The CPU % of the busiest process between two readings; null when any could not be read. */
    static Double busiestPct(long[] before, long[] after, double seconds) {
        double busiest = 0;
        for (int i = 0; i < before.length; i++) {
            if (before[i] < 0 || after[i] < 0) {
                return null;
            }
            busiest = Math.max(busiest, 100.0 * (after[i] - before[i]) / Proc.CLK_TCK / seconds);
        }
        return busiest;
    }
}
