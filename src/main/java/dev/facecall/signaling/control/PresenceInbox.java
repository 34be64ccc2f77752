package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ServerMessage;
import dev.facecall.signaling.entity.UserView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One recipient's pending presence: which users changed since its last {@code presence}. What is
 * sent is read at flush time, so the last message about a user always tells its current state,
 * however the changes raced; a user is named at most once per message.
 */
final class PresenceInbox {

    private final Map<String, User> changed = new ConcurrentHashMap<>();
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile boolean open;

    /** Notes a change; true when the inbox must now be queued for a flush. */
    boolean note(User who) {
        changed.put(who.id(), who);
        return open && queued.compareAndSet(false, true);
    }

    /** Opens the inbox after the welcome went out; true when changes are already waiting. */
    boolean open() {
        open = true;
        return !changed.isEmpty() && queued.compareAndSet(false, true);
    }

    /** Sends what changed to {@code recipient}, as the registry tells it now. */
    synchronized void flush(User recipient, Users users) {
        queued.set(false);
        // A user who changes again while this runs may come round twice: its latest state wins.
        Map<String, UserView> views = new LinkedHashMap<>();
        for (String id : changed.keySet()) {
            User who = changed.remove(id);
            if (who != null) {
                views.put(id, users.isHere(who) ? who.view() : who.offlineView());
            }
        }
        if (!views.isEmpty()) {
            recipient.send(new ServerMessage.Presence(List.copyOf(views.values())));
        }
    }
}
