package dev.facecall.bench;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Every 2 s while clients log in (and while their views converge), one line of how far they got. */
final class ProgressLine {

    private final ScheduledFuture<?> printer;

    private ProgressLine(ScheduledFuture<?> printer) {
        this.printer = printer;
    }

    static ProgressLine start(String label, Crowd crowd) {
        Run run = crowd.run();
        return new ProgressLine(run.io().timer.scheduleAtFixedRate(() -> {
            Progress p = crowd.progress();
            run.log().say("  [" + label + " " + Log.num(Round.to(run.elapsedSec(), 1)) + " s] welcomed " + p.welcomed()
                    + " failed " + p.failed() + (crowd.views() != null ? " converged " + p.converged() : "")
                    + " rx " + Log.mb(p.bytesPayload(), 1) + " MB drops " + p.drops()
                    + (run.sampler().watchesServer() ? " server rss " + run.sampler().serverRssKB() + " KB" : ""));
        }, 2, 2, TimeUnit.SECONDS));
    }

    void stop() {
        printer.cancel(false);
    }
}
