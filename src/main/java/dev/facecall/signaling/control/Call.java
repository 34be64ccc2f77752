package dev.facecall.signaling.control;

import java.util.concurrent.Future;

/**
 * A call between two users: it rings until the callee accepts, then it is accepted, until it
 * ends, exactly once. Every change of state, and every relay, happens under the call's lock, so
 * nothing is relayed after {@code ended}.
 */
final class Call {

    enum State { RINGING, ACCEPTED, ENDED }

    private final String id;
    private final User caller;
    private final User callee;
    private volatile String calleeHome; // written under this
    private State state = State.RINGING; // guarded by this
    private Future<?> ringTimer; // guarded by this

    Call(String id, User caller, User callee) {
        this(id, caller, callee, null);
    }

    /**
     * @param calleeHome the node that holds the callee's connection when it is not this one (the
     *                   callee is then a stand-in whose link is a {@link RemoteLink}); else null.
     *                   The caller is always of this node: a call is run by its caller's node.
     */
    Call(String id, User caller, User callee, String calleeHome) {
        this.id = id;
        this.caller = caller;
        this.callee = callee;
        this.calleeHome = calleeHome;
    }

    String id() {
        return id;
    }

    User caller() {
        return caller;
    }

    User callee() {
        return callee;
    }

    /** The callee's node when it is another one, else null. */
    String calleeHome() {
        return calleeHome;
    }

    /** The callee, whose home died, is a user of this node from now on. */
    void calleeHere() {
        assert Thread.holdsLock(this);
        calleeHome = null;
    }

    /** Whether {@code userId} is this call's callee on another node, for whom its home speaks. */
    boolean hasRemoteCallee(String userId) {
        return calleeHome != null && callee.id().equals(userId);
    }

    boolean has(User user) {
        return user == caller || user == callee;
    }

    User peerOf(User member) {
        return member == caller ? callee : caller;
    }

    State state() {
        assert Thread.holdsLock(this);
        return state;
    }

    void ringUntil(Future<?> timer) {
        assert Thread.holdsLock(this);
        ringTimer = timer;
    }

    void accept() {
        assert Thread.holdsLock(this);
        state = State.ACCEPTED;
        stopRinging();
    }

    void end() {
        assert Thread.holdsLock(this);
        state = State.ENDED;
        stopRinging();
    }

    private void stopRinging() {
        if (ringTimer != null) {
            ringTimer.cancel(false);
            ringTimer = null;
        }
    }

    @Override
    public String toString() {
        return id + " (" + caller + " → " + callee + ")";
    }
}
