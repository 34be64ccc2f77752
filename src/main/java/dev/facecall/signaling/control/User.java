package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ServerMessage;
import dev.facecall.signaling.entity.UserView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * A logged-in user: the id the server gave it, its name, its connection and the call it is in.
 * A user is in at most one call; that slot only fills under the user's own lock, together with
 * the other member's (see {@link Switchboard}), and empties when the call ends.
 *
 * <p>While its connection is lost the user is reconnecting: what must not be lost for it
 * ({@code signal}, {@code chat}, {@code media}, {@code peer}, {@code ended}) is held, in order,
 * for the connection that resumes it; the rest is superseded by the next {@code welcome}.
 */
public final class User {

    static final int MAX_HELD = 256;

    private final String id;
    private final String name;
    private final String nameKey;
    private final UserView online;
    private final UserView busy;
    private volatile long presenceFrom = Long.MAX_VALUE; // the first change in the presence log it has yet to hear of
    private volatile boolean hearsPresence;
    private volatile Call call;
    private volatile String resumeToken;
    private Connection connection; // guarded by this; null while reconnecting
    private final List<ServerMessage> held = new ArrayList<>(); // guarded by this
    private Future<?> grace; // guarded by this
    private boolean gone; // guarded by this

    User(String id, String name, Connection connection) {
        this.id = id;
        this.name = name;
        this.online = new UserView(id, name, UserView.ONLINE);
        this.busy = new UserView(id, name, UserView.BUSY);
        this.nameKey = Names.key(name);
        this.connection = connection;
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

    long presenceFrom() {
        return presenceFrom;
    }

    void presenceFrom(long change) {
        presenceFrom = change;
    }

    boolean hearsPresence() {
        return hearsPresence;
    }

    void hearPresence() {
        hearsPresence = true;
    }

    String resumeToken() {
        return resumeToken;
    }

    void resumeToken(String token) {
        resumeToken = token;
    }

    /**
     * Sends, or holds while reconnecting. Returns true when holding this message would pass
     * {@value #MAX_HELD}: what was held for its call is dropped and the call must end.
     */
    synchronized boolean send(ServerMessage message) {
        if (connection != null) {
            connection.link().send(message);
            return false;
        }
        String heldFor = Held.callOf(message);
        if (heldFor == null || gone) {
            return false;
        }
        if (held.size() >= MAX_HELD && !(message instanceof ServerMessage.Ended)) {
            held.removeIf(earlier -> heldFor.equals(Held.callOf(earlier)));
            return true;
        }
        held.add(message);
        return false;
    }

    Call call() {
        return call;
    }

    /** As others see it now; one object per state, since every welcome lists every user. */
    UserView view() {
        return call == null ? online : busy;
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

    synchronized boolean isGone() {
        return gone;
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
        held.clear();
        stopGrace();
        return call;
    }

    /** The connection {@code lost} closed: if it was this user's, the user is reconnecting from now on. */
    boolean lose(Connection lost) {
        assert Thread.holdsLock(this);
        if (gone || connection != lost) {
            return false;
        }
        connection = null;
        return true;
    }

    /** The user is gone when {@code timer} fires, unless a connection resumes it before. */
    void graceUntil(Future<?> timer) {
        assert Thread.holdsLock(this);
        grace = timer;
    }

    boolean isReconnecting() {
        assert Thread.holdsLock(this);
        return connection == null && !gone;
    }

    /**
     * Moves this user to {@code fresh}; returns the connection it had, if one still looked open
     * (it is taken over), else null.
     */
    Connection attach(Connection fresh) {
        assert Thread.holdsLock(this);
        Connection previous = connection;
        connection = fresh;
        stopGrace();
        return previous;
    }

    /** What was held while reconnecting, in order; the hold is empty afterwards. */
    List<ServerMessage> takeHeld() {
        assert Thread.holdsLock(this);
        List<ServerMessage> taken = List.copyOf(held);
        held.clear();
        return taken;
    }

    private void stopGrace() {
        if (grace != null) {
            grace.cancel(false);
            grace = null;
        }
    }

    @Override
    public String toString() {
        return id + " (" + name + ")";
    }
}
