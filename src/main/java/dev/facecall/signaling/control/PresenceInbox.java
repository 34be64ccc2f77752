package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ServerMessage;
import dev.facecall.signaling.entity.UserView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One recipient's pending presence: which users changed since its last {@code presence}. What is
 * sent is read at flush time, so the last message about a user always tells its current state,
 * however the changes raced; a user is named at most once per message.
 */
final class PresenceInbox {

    /** Guarded by {@code this}; replaced at each flush, so a storm's worth of table is not kept. */
    private Map<String, User> changed = new LinkedHashMap<>();
    private final Object flushing = new Object();
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile boolean open;

    /** Notes a change; true when the inbox must now be queued for a flush. */
    boolean note(User who) {
        synchronized (this) {
            changed.put(who.id(), who);
        }
        return open && queued.compareAndSet(false, true);
    }

    /** Opens the inbox after the welcome went out; true when changes are already waiting. */
    boolean open() {
        open = true;
        boolean waiting;
        synchronized (this) {
            waiting = !changed.isEmpty();
        }
        return waiting && queued.compareAndSet(false, true);
    }

    /** Sends what changed to {@code recipient}, as the registry tells it now. */
    void flush(User recipient, Users users) {
        synchronized (flushing) { // one flush at a time, so that presence goes out in order
            queued.set(false);
            Map<String, User> batch;
            synchronized (this) {
                if (changed.isEmpty()) {
                    return;
                }
                batch = changed;
                changed = new LinkedHashMap<>();
            }
            // A user who changes again meanwhile comes round again next time: its latest state wins.
            List<UserView> views = new ArrayList<>(batch.size());
            for (User who : batch.values()) {
                views.add(users.isHere(who) ? who.view() : who.offlineView());
            }
            recipient.send(new ServerMessage.Presence(List.copyOf(views)));
        }
    }
}
