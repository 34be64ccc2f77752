package dev.facecall.signaling.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Timers on a hand-cranked clock: a task runs, on the thread that advances time, when time passes
 * its due moment. A task that throws fails the test. Any thread may schedule or cancel while
 * another advances; a task never runs under the timers' own lock, as in a real scheduler, so
 * that it may take the locks of the rules.
 */
final class ManualTimers implements Timers {

    /** A task that is due at a moment; it may cancel itself while it runs, as a scheduled future may. */
    private static final class Scheduled implements Future<Void> {

        private final Duration due;
        private final long order;
        private final Runnable task;
        private volatile boolean cancelled;
        private volatile boolean done;

        Scheduled(Duration due, long order, Runnable task) {
            this.due = due;
            this.order = order;
            this.task = task;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done) {
                return false;
            }
            cancelled = true;
            done = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done;
        }

        @Override
        public Void get() {
            if (cancelled) {
                throw new CancellationException();
            }
            return null;
        }

        @Override
        public Void get(long timeout, TimeUnit unit) {
            return get();
        }
    }

    private final List<Scheduled> scheduled = new ArrayList<>(); // guarded by this
    private Duration now = Duration.ZERO; // guarded by this
    private long order; // guarded by this

    @Override
    public synchronized Future<?> after(Duration delay, Runnable task) {
        Scheduled future = new Scheduled(now.plus(delay), order++, task);
        scheduled.add(future);
        notifyAll();
        return future;
    }

    /** How many tasks were ever scheduled. */
    synchronized long scheduledSoFar() {
        return order;
    }

    /**
     * Waits until {@code count} tasks were ever scheduled, for tasks scheduled from other threads
     * (the grid's); false if fewer were after {@code timeout}.
     */
    synchronized boolean awaitScheduled(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (order < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** The time on the hand-cranked clock: how far it has been advanced. */
    synchronized Duration now() {
        return now;
    }

    /** Moves time on by {@code duration}, running every task that falls due, in due order. */
    void advance(Duration duration) {
        Duration end;
        synchronized (this) {
            end = now.plus(duration);
        }
        for (Scheduled due = takeNextDue(end); due != null; due = takeNextDue(end)) {
            due.task.run();
            due.done = true;
        }
        synchronized (this) {
            if (now.compareTo(end) < 0) {
                now = end;
            }
        }
    }

    private synchronized Scheduled takeNextDue(Duration end) {
        scheduled.removeIf(Scheduled::isCancelled);
        Scheduled next = scheduled.stream()
                .filter(s -> s.due.compareTo(end) <= 0)
                .min(Comparator.comparing((Scheduled s) -> s.due).thenComparingLong(s -> s.order))
                .orElse(null);
        if (next != null) {
            scheduled.remove(next);
            now = next.due;
        }
        return next;
    }
}
