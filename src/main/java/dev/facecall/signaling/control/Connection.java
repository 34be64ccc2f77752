package dev.facecall.signaling.control;

/**
 * One client connection: anonymous until it logs in, then the connection of its user, until it
 * closes, logs out or another connection takes its user over.
 */
public final class Connection {

    private final Link link;
    private final RateLimit rateLimit;
    private User user; // guarded by this
    private boolean closed; // guarded by this
    private User lost; // guarded by this: the user it spoke for when it closed

    public Connection(Link link) {
        this(link, new RateLimit());
    }

    Connection(Link link, RateLimit rateLimit) {
        this.link = link;
        this.rateLimit = rateLimit;
    }

    Link link() {
        return link;
    }

    RateLimit rateLimit() {
        return rateLimit;
    }

    synchronized User user() {
        return user;
    }

    /** Speaks for {@code user} from now on; false if this connection has closed meanwhile. */
    synchronized boolean logIn(User user) {
        if (closed) {
            return false;
        }
        this.user = user;
        return true;
    }

    /** Forgets the user; returns it, or null if none was logged in here. */
    synchronized User logOut() {
        User leaving = user;
        user = null;
        return leaving;
    }

    /** The connection is gone: returns the user it spoke for the first time, null after. */
    synchronized User close() {
        closed = true;
        User had = logOut();
        if (had != null) {
            lost = had;
        }
        return had;
    }

    /**
     * The user this connection speaks for, or spoke for when it was found closed: a message read
     * before the close was noticed, such as a logout, still speaks for that user.
     */
    synchronized User lastUser() {
        return user != null ? user : lost;
    }

    public synchronized boolean isLoggedIn() {
        return user != null;
    }

    @Override
    public String toString() {
        User current = user();
        return current == null ? "anonymous connection" : current.toString();
    }
}
