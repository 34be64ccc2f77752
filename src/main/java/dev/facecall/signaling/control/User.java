package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ServerMessage;
import dev.facecall.signaling.entity.UserView;

/**
 * A logged-in user: the id the server gave it, its name, its connection and the call it is in.
 * A user is in at most one call; that slot only fills under the user's own lock, together with
 * the other member's (see {@link Switchboard}), and empties when the call ends.
 */
public final class User {

    private final String id;
    private final String name;
    private final String nameKey;
    private final PresenceInbox inbox = new PresenceInbox();
    private volatile Link link;
    private volatile Call call;
    private volatile String resumeToken;
    private boolean gone; // guarded by this

    User(String id, String name, Link link) {
        this.id = id;
        this.name = name;
        this.nameKey = Names.key(name);
        this.link = link;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    String nameKey() {
        return nameKey;
    }

    PresenceInbox inbox() {
        return inbox;
    }

    void send(ServerMessage message) {
        link.send(message);
    }

    /** A fresh secret with which a new connection may take this user over; the old one is void. */
    String renewResumeToken() {
        resumeToken = Ids.secret();
        return resumeToken;
    }

    Link link() {
        return link;
    }

    Call call() {
        return call;
    }

    UserView view() {
        return new UserView(id, name, call == null ? UserView.ONLINE : UserView.BUSY);
    }

    UserView offlineView() {
        return new UserView(id, name, UserView.OFFLINE);
    }

    /** Takes a place in {@code joining} if this user is still here and in no call; caller holds the lock. */
    boolean join(Call joining) {
        assert Thread.holdsLock(this);
        if (gone || call != null) {
            return false;
        }
        call = joining;
        return true;
    }

    boolean isGone() {
        synchronized (this) {
            return gone;
        }
    }

    /** Frees the slot if it still holds {@code ended}. */
    synchronized void release(Call ended) {
        if (call == ended) {
            call = null;
        }
    }

    /** Marks this user as leaving, so that no new call takes it; returns the call it is in, if any. */
    synchronized Call depart() {
        gone = true;
        return call;
    }

    @Override
    public String toString() {
        return id + " (" + name + ")";
    }
}
