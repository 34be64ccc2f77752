package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ServerMessage;
import dev.facecall.signaling.entity.UserView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
public final class User implements Listed {

    static final int MAX_HELD = 256;

    private final String id;
    private final String name;
    private final String nameKey;
    private final UserView online;
    private final UserView busy;
    private volatile long presenceFrom = Long.MAX_VALUE; // the first change in the presence log it has yet to hear of
    private volatile boolean hearsPresence;
    private volatile Call call;
    private volatile RemoteCall remoteCall; // written under this: the call another node runs for this user, if any
    private volatile String resumeToken;
    private Connection connection; // guarded by this; null while reconnecting
    private Connection lostFrom; // guarded by this: while reconnecting, the connection it was lost from
    private final List<ServerMessage> held = new ArrayList<>(); // guarded by this
    private Future<?> grace; // guarded by this
    private boolean gone; // guarded by this

    User(String id, String name, boolean callable, Connection connection) {
        this.id = id;
        this.name = name;
        this.online = new UserView(id, name, UserView.ONLINE, callable);
        this.busy = new UserView(id, name, UserView.BUSY, callable);
        this.nameKey = Names.key(name);
        this.connection = connection;
    }

    @Override
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

    /** What became of a message sent to this user. */
    enum Delivery {
        /** Sent, held for the resume, or not worth holding. */
        DONE,
        /** The hold is full: what was held for the message's call is dropped, and the call must end. */
        CALL_OVERFLOW,
        /** Not even this call's {@code ended} fits among what is held for earlier calls: the user must go. */
        USER_OVERFLOW
    }

    /**
     * Sends, or holds while reconnecting: at most {@value #MAX_HELD} messages, {@code ended} counted
     * like everything else. When the hold is full, what was held for the message's call makes room,
     * then what was held for calls that have ended, but their {@code ended} (the user gets those
     * in place of what was held for them).
     */
    synchronized Delivery send(ServerMessage message) {
        if (connection != null) {
            connection.link().send(message);
            return Delivery.DONE;
        }
        String heldFor = Held.callOf(message);
        if (heldFor == null || gone) {
            return Delivery.DONE;
        }
        boolean ending = message instanceof ServerMessage.Ended;
        if (held.size() >= MAX_HELD) {
            held.removeIf(earlier -> heldFor.equals(Held.callOf(earlier)));
            if (!ending) {
                return Delivery.CALL_OVERFLOW;
            }
            if (held.size() >= MAX_HELD) {
                Set<String> ended = new HashSet<>();
                held.forEach(earlier -> {
                    if (earlier instanceof ServerMessage.Ended over) {
                        ended.add(over.call());
                    }
                });
                held.removeIf(earlier -> !(earlier instanceof ServerMessage.Ended) && ended.contains(Held.callOf(earlier)));
            }
            if (held.size() >= MAX_HELD) {
                return Delivery.USER_OVERFLOW;
            }
        }
        held.add(message);
        return Delivery.DONE;
    }

    Call call() {
        return call;
    }

    /**
     * The call that another node runs with this user, as this node (its home) learnt it from that
     * node's parcels; null when none. Never set together with {@link #call()}: the grid's slots
     * keep a user in one call.
     */
    RemoteCall remoteCall() {
        return remoteCall;
    }

    /** This user is in {@code running}, run by another node, from now on; null when that call ended. */
    void remoteCall(RemoteCall running) {
        assert Thread.holdsLock(this);
        remoteCall = running;
    }

    /**
     * As others see it now; one object per state, since every welcome lists every user. Busy in a
     * call of this node or of another: this node, the user's home, is the one that lists it.
     */
    UserView view() {
        return call == null && remoteCall == null ? online : busy;
    }

    UserView offlineView() {
        return new UserView(id, name, UserView.OFFLINE, online.callable());
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

    /**
     * Marks this user as leaving, so that no new call takes it; returns the call it is in, if any.
     * The connection it was lost from, if any, forgets it: a departed user stays reachable from nothing.
     */
    synchronized Call depart() {
        gone = true;
        held.clear();
        stopGrace();
        forgetLostConnection();
        return call;
    }

    /** The connection {@code lost} closed: if it was this user's, the user is reconnecting from now on. */
    boolean lose(Connection lost) {
        assert Thread.holdsLock(this);
        if (gone || connection != lost) {
            return false;
        }
        connection = null;
        lostFrom = lost;
        return true;
    }

    /**
     * Whether a {@code logout} read on {@code from} makes this user leave: it is the user's
     * connection, or the one the user was lost from and has not resumed since.
     */
    boolean leavesFrom(Connection from) {
        assert Thread.holdsLock(this);
        return !gone && (connection == from || (connection == null && lostFrom == from));
    }

    /**
     * Its connection was on a node that died: it is reconnecting from now on, with no connection
     * of this node to forget. What it is sent is held for the connection that resumes it.
     */
    void strand() {
        assert Thread.holdsLock(this);
        connection = null;
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
        forgetLostConnection();
        return previous;
    }

    /** What was held while reconnecting, in order; the hold is empty afterwards. */
    List<ServerMessage> takeHeld() {
        assert Thread.holdsLock(this);
        List<ServerMessage> taken = List.copyOf(held);
        held.clear();
        return taken;
    }

    private void forgetLostConnection() {
        if (lostFrom != null) {
            lostFrom.forget(this);
            lostFrom = null;
        }
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
