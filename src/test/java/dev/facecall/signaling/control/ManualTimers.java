package dev.facecall.signaling.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Timers on a hand-cranked clock: a task runs, on the test's thread, when the test advances time
 * past its due moment. A task that throws fails the test.
 */
final class ManualTimers implements Timers {

    /** A task that is due at a moment; it may cancel itself while it runs, as a scheduled future may. */
    private static final class Scheduled implements Future<Void> {

        private final Duration due;
        private final long order;
        private final Runnable task;
        private boolean cancelled;
        private boolean done;

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

    private final List<Scheduled> scheduled = new ArrayList<>();
    private Duration now = Duration.ZERO;
    private long order;

    @Override
    public Future<?> after(Duration delay, Runnable task) {
        Scheduled future = new Scheduled(now.plus(delay), order++, task);
        scheduled.add(future);
        return future;
    }

    /** Moves time on by {@code duration}, running every task that falls due, in due order. */
    void advance(Duration duration) {
        Duration end = now.plus(duration);
        for (Optional<Scheduled> next = nextDue(end); next.isPresent(); next = nextDue(end)) {
            Scheduled due = next.get();
            scheduled.remove(due);
            now = due.due;
            due.task.run();
            due.done = true;
        }
        now = end;
    }

    private Optional<Scheduled> nextDue(Duration end) {
        scheduled.removeIf(Scheduled::isCancelled);
        return scheduled.stream()
                .filter(s -> s.due.compareTo(end) <= 0)
                .min(Comparator.comparing((Scheduled s) -> s.due).thenComparingLong(s -> s.order));
    }
}
