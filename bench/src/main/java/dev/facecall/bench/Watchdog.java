package dev.facecall.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Stops a run that lasts too long ({@code --timeout}) or whose server's memory runs away
 * ({@code --max-server-rss-mb}). It only raises a flag: every wait of the main thread goes
 * through here and throws {@link Stopped} once it sees it (within 100 ms), so that a stopped run
 * still reports how far it got and lets its clients leave.
 */
final class Watchdog {

    /** Thrown on the main thread when the run is stopped. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    private static final long SLICE = 100_000_000L;

    private final ScheduledExecutorService timer;
    private volatile String reason;
    private volatile boolean disarmed;
    private ScheduledFuture<?> deadline;
    private ScheduledFuture<?> rssGuard;

    Watchdog(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * Starts watching. {@code ifStuck} runs 30 s after a stop if the main thread has not
     * reported by then (it reports and halts the JVM).
     */
    void arm(double timeoutSec, Sampler sampler, long maxServerRssMB, Runnable ifStuck) {
        deadline = timer.schedule(() -> stop("hard timeout (" + Log.num(timeoutSec) + " s)", ifStuck),
                (long) (timeoutSec * 1000), TimeUnit.MILLISECONDS);
        if (sampler.watchesServer() && maxServerRssMB > 0) {
            rssGuard = timer.scheduleAtFixedRate(() -> {
                // a cluster: the limit is each process's, not the sum's
                List<Long> each = sampler.serverRssKBEach();
                for (int i = 0; i < each.size(); i++) {
                    Long rss = each.get(i);
                    if (rss != null && rss > maxServerRssMB * 1024) {
                        stop("server RSS " + (rss / 1024) + " MB" + (each.size() > 1 ? " (pid " + sampler.pids().get(i) + ")" : "")
                                + " > --max-server-rss-mb " + maxServerRssMB, ifStuck);
                    }
                }
            }, 500, 500, TimeUnit.MILLISECONDS);
        }
    }

    /** The run has ended (or is reporting): nothing may stop it any more. */
    void disarm() {
        disarmed = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (rssGuard != null) {
            rssGuard.cancel(false);
        }
    }

    private synchronized void stop(String why, Runnable ifStuck) {
        if (reason != null || disarmed) {
            return;
        }
        reason = why;
        timer.schedule(ifStuck, 30, TimeUnit.SECONDS);
    }

    /** Why the run was stopped; null while it was not. */
    String reason() {
        return reason;
    }

    void check() {
        if (reason != null) {
            throw new Stopped();
        }
    }

    /** Sleeps until {@code deadline} (System.nanoTime). */
    void sleepUntil(long deadline) {
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            check();
            LockSupport.parkNanos(Math.min(left, SLICE));
        }
        check();
    }

    void sleepMillis(double ms) {
        sleepUntil(System.nanoTime() + (long) (ms * 1_000_000));
    }

    /** Waits until {@code f} is done, however it ends. */
    void await(CompletableFuture<?> f) {
        while (true) {
            check();
            try {
                f.get(SLICE, TimeUnit.NANOSECONDS);
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

    void acquire(Semaphore permits) {
        while (true) {
            check();
            try {
                if (permits.tryAcquire(SLICE, TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
        }
    }
}
