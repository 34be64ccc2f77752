package dev.facecall.signaling.control;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells every logged-in user about changes of the others. Changes are gathered per recipient and
 * sent together after {@code coalesce} (at once when it is zero), which turns a storm of joins into
 * one message per recipient and tick instead of one per join. Under a storm a round of flushes can
 * take longer than the window itself; the next window is then twice as long as that round (up to a
 * second), so that presence takes at most about a third of the server while the logins go on.
 */
final class Presence {

    /** However slow a round, nobody waits longer than this for the next one. */
    private static final Duration MAX_WINDOW = Duration.ofSeconds(1);

    private final Users users;
    private final Timers timers;
    private final Duration coalesce;
    private final Queue<User> due = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean tickPending = new AtomicBoolean();
    private volatile Duration window;

    Presence(Users users, Timers timers, Duration coalesce) {
        this.users = users;
        this.timers = timers;
        this.coalesce = coalesce;
        this.window = coalesce;
    }

    /** {@code who} joined, left or changed state: every other user will hear of it. */
    void changed(User who) {
        for (User recipient : users.all()) {
            if (recipient != who && recipient.inbox().note(who)) {
                schedule(recipient);
            }
        }
    }

    /** {@code user} has its welcome: from now on it hears of changes. */
    void welcomed(User user) {
        if (user.inbox().open()) {
            schedule(user);
        }
    }

    private void schedule(User recipient) {
        if (coalesce.isZero()) {
            flush(recipient);
            return;
        }
        due.add(recipient);
        if (tickPending.compareAndSet(false, true)) {
            timers.after(window, this::flushDue);
        }
    }

    private void flushDue() {
        long start = System.nanoTime();
        tickPending.set(false);
        for (User recipient; (recipient = due.poll()) != null; ) {
            flush(recipient);
        }
        Duration twiceTheRound = Duration.ofNanos(System.nanoTime() - start).multipliedBy(2);
        window = twiceTheRound.compareTo(coalesce) <= 0 ? coalesce
                : twiceTheRound.compareTo(MAX_WINDOW) >= 0 ? MAX_WINDOW : twiceTheRound;
    }

    private void flush(User recipient) {
        if (users.isHere(recipient)) {
            recipient.inbox().flush(recipient, users);
        }
    }
}
