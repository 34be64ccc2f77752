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
    private State state = State.RINGING; // guarded by this
    private Future<?> ringTimer; // guarded by this

    Call(String id, User caller, User callee) {
        this.id = id;
        this.caller = caller;
        this.callee = callee;
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
