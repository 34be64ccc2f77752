package dev.facecall.signaling.boundary;

import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns off Tyrus's idle timer for a session, on Tyrus only (Payara's and GlassFish's WebSocket
 * implementation); elsewhere it does nothing.
 *
 * <p>Why: Tyrus re-arms a per-session idle-timeout task for every frame in and out, even when the
 * idle timeout is off, on the container's managed scheduler, and Payara captures a thread context
 * for every task it schedules by scanning the class path for context providers. Measured: some
 * 300 µs of CPU per relayed message, most of the server's work. Our own keepalive already decides
 * when a connection is dead, so each session's timer gets a scheduler that takes the task and never
 * runs it. The container that makes the sessions gets that scheduler too, so that later sessions
 * do not schedule their first task with Payara either: in a join storm that first task alone was
 * 15 % of the server's CPU. The container's scheduler serves nothing else on the server side.
 *
 * <p>Upstream: Tyrus once skipped the task while the idle timeout was off, and lost that in a
 * refactoring (eclipse-ee4j/tyrus#787, fixed by eclipse-ee4j/tyrus#917 in Tyrus 2.2.1 and 1.22);
 * Payara 6.2025.10 bundles Tyrus 2.1.5. This class can go once Payara ships the fix. Readiness
 * reports whether it is in effect ({@code idleTimersOff}), and an integration test fails when it is not.
 */
final class TyrusIdleTimer {

    private static final System.Logger LOG = System.getLogger(TyrusIdleTimer.class.getName());
    private static final String TYRUS_SESSION = "org.glassfish.tyrus.core.TyrusSession";
    private static final Never NEVER = new Never();
    private static volatile boolean unavailable;
    private static volatile boolean containerDone;
    private static final AtomicLong DISABLED = new AtomicLong();

    private TyrusIdleTimer() {
    }

    static void disable(Session session) {
        if (unavailable || !TYRUS_SESSION.equals(session.getClass().getName())) {
            return;
        }
        try {
            PrivateFields.field(session.getClass(), "service").set(session, NEVER);
            DISABLED.incrementAndGet();
            if (!containerDone) {
                containerDone = true;
                disableForNewSessions(session.getContainer());
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = true;
            LOG.log(Level.WARNING, "cannot turn off Tyrus''s idle timer; every frame will cost more: {0}", e.toString());
        }
    }

    /** Whether the idle timers of sessions are being turned off: at least one was, and none failed. */
    static boolean inEffect() {
        return !unavailable && DISABLED.get() > 0;
    }

    /**
     * Sessions take their scheduler from the container (Tyrus's BaseContainer) when they are made.
     * If that cannot be changed, each session is still changed on opening.
     */
    private static void disableForNewSessions(Object container) {
        try {
            for (Class<?> c = container.getClass(); c != null; c = c.getSuperclass()) {
                if (c.getName().equals("org.glassfish.tyrus.core.BaseContainer")) {
                    Field field = c.getDeclaredField("managedScheduledExecutorService");
                    field.setAccessible(true);
                    field.set(container, NEVER);
                    return;
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot turn off Tyrus''s idle timer for new sessions; each will "
                    + "schedule one task with the container: {0}", e.toString());
        }
    }

    /** A scheduler that accepts one-shot tasks and never runs them. */
    private static final class Never extends ScheduledThreadPoolExecutor {

        private static final ScheduledFuture<Object> NOT_RUN = new NotRun();

        Never() {
            super(0);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            return NOT_RUN;
        }
    }

    /** The future of a task that will never run: already cancelled. */
    private static final class NotRun implements ScheduledFuture<Object> {

        @Override
        public long getDelay(TimeUnit unit) {
            return Long.MAX_VALUE;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return true;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public Object get() {
            throw new CancellationException("never scheduled");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new CancellationException("never scheduled");
        }
    }
}
