package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ServerMessage;
import dev.facecall.signaling.entity.UserView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells every logged-in user about changes of the others. A change is one entry in a log that all
 * users share; each user has a cursor in it, and a round sends each user what changed after its
 * cursor, every user named once, with its state as it is when the round runs. Rounds run
 * {@code coalesce} after a change (at once when it is zero), which turns a storm of joins into one
 * message per recipient and round instead of one per join. Under a storm a round can take longer
 * than the window itself; the next window is then twice as long as that round (up to a second),
 * so that presence takes at most about a third of the server while the logins go on.
 *
 * <p>Memory is one log entry per change until every user has heard of it, not one per change and
 * recipient: with 6000 users in a join storm, per-recipient tables had grown to 4.5 million entries.
 */
final class Presence {

    /** However slow a round, nobody waits longer than this for the next one. */
    private static final Duration MAX_WINDOW = Duration.ofSeconds(1);

    private final Users users;
    private final Timers timers;
    private final Duration coalesce;
    private final List<Listed> log = new ArrayList<>(); // guarded by itself; entry i is change base + i
    private long base; // guarded by log
    private final Object round = new Object();
    private final AtomicBoolean roundPending = new AtomicBoolean();
    private volatile Duration window;

    Presence(Users users, Timers timers, Duration coalesce) {
        this.users = users;
        this.timers = timers;
        this.coalesce = coalesce;
        this.window = coalesce;
    }

    /**
     * {@code user} is about to get its welcome: it will hear of every change from now on. Changes
     * logged before this already show in the registry the welcome is built from.
     */
    void mark(User user) {
        synchronized (log) {
            user.presenceFrom(base + log.size());
        }
    }

    /** {@code user} has its welcome: from now on it receives presence. */
    void welcomed(User user) {
        user.hearPresence();
        schedule();
    }

    /**
     * {@code who} joined, left or changed state, here or on another node: every other user will
     * hear of it. A user of this node is listed anew for the other nodes first.
     */
    void changed(Listed who) {
        if (who instanceof User user) {
            users.publish(user);
        }
        synchronized (log) {
            log.add(who);
        }
        schedule();
    }

    private void schedule() {
        if (coalesce.isZero()) {
            sendRound();
        } else if (roundPending.compareAndSet(false, true)) {
            timers.after(window, this::timedRound);
        }
    }

    private void timedRound() {
        long start = System.nanoTime();
        roundPending.set(false);
        sendRound();
        Duration twiceTheRound = Duration.ofNanos(System.nanoTime() - start).multipliedBy(2);
        window = twiceTheRound.compareTo(coalesce) <= 0 ? coalesce
                : twiceTheRound.compareTo(MAX_WINDOW) >= 0 ? MAX_WINDOW : twiceTheRound;
    }

    /** Sends each user that hears presence what changed after its cursor, then forgets what all have heard. */
    private void sendRound() {
        synchronized (round) {
            long head;
            synchronized (log) {
                head = base + log.size();
            }
            Map<Long, Batch> batches = new HashMap<>();
            long keepFrom = head;
            for (User recipient : users.all()) {
                if (!recipient.hearsPresence()) {
                    // Its welcome is on its way: the log keeps what it is to hear after it.
                    keepFrom = Math.min(keepFrom, recipient.presenceFrom());
                    continue;
                }
                long from = recipient.presenceFrom();
                if (from < head) {
                    recipient.presenceFrom(head);
                    ServerMessage.Presence message = batches.computeIfAbsent(from, f -> batch(f, head)).messageFor(recipient);
                    if (message != null) {
                        recipient.send(message);
                    }
                }
            }
            forgetBefore(keepFrom);
        }
    }

    /** The users who changed in {@code [from, to)}, each once, in the order of their first change. */
    private Batch batch(long from, long to) {
        Set<Listed> changed = new LinkedHashSet<>();
        synchronized (log) {
            for (long seq = Math.max(from, base); seq < to; seq++) {
                changed.add(log.get((int) (seq - base)));
            }
        }
        List<UserView> views = new ArrayList<>(changed.size());
        for (Listed who : changed) {
            if (who instanceof User user) {
                views.add(users.isHere(user) ? user.view() : user.offlineView());
            } else {
                views.add(((RemoteUser) who).view());
            }
        }
        return new Batch(changed, views);
    }

    /** Drops the log entries before {@code keepFrom}: every user has heard of them or sees them in its welcome. */
    private void forgetBefore(long keepFrom) {
        synchronized (log) {
            int heard = (int) (keepFrom - base);
            if (heard > 0) {
                log.subList(0, heard).clear();
                base = keepFrom;
            }
        }
    }

    /** One stretch of the log, as the recipients whose cursors were at its start hear it. */
    private static final class Batch {

        private final Set<Listed> changed;
        private final List<UserView> views;
        private final ServerMessage.Presence toOthers;

        Batch(Set<Listed> changed, List<UserView> views) {
            this.changed = changed;
            this.views = List.copyOf(views);
            this.toOthers = new ServerMessage.Presence(this.views);
        }

        /** The message for {@code recipient}, never naming itself; null when nobody else changed. */
        ServerMessage.Presence messageFor(User recipient) {
            if (!changed.contains(recipient)) {
                return toOthers;
            }
            List<UserView> others = new ArrayList<>(views.size());
            for (UserView view : views) {
                if (!view.id().equals(recipient.id())) {
                    others.add(view);
                }
            }
            return others.isEmpty() ? null : new ServerMessage.Presence(List.copyOf(others));
        }
    }
}
