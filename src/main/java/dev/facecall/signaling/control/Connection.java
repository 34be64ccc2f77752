package dev.facecall.signaling.control;

/**
 * One client connection: anonymous until it logs in, then the connection of its user, until it
 * logs out, its user resumes on another connection, or its user is gone. A connection that closed
 * still names its user until then, so that a {@code logout} read just as it closed still speaks
 * for that user; once the user is gone or elsewhere, it names nobody and keeps nobody reachable.
 *
 * <p>Lock order: a user's lock may be held while a connection's is taken, never the reverse.
 */
public final class Connection {

    private final Link link;
    private final RateLimit rateLimit;
    private volatile boolean loggedInOnce;
    private volatile Relays.Route route; // set once, when this node relays the connection to its user's home
    private User user; // guarded by this
    private boolean closed; // guarded by this

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

    /** The user this connection speaks for, or spoke for when it closed; null if none. */
    synchronized User user() {
        return user;
    }

    /** Speaks for {@code user} from now on; false if this connection has closed meanwhile. */
    synchronized boolean logIn(User user) {
        if (closed) {
            return false;
        }
        this.user = user;
        loggedInOnce = true;
        return true;
    }

    /** Whether a login ever succeeded here, or was relayed to the user's home: the login deadline looks no further. */
    boolean hasLoggedIn() {
        return loggedInOnce || route != null;
    }

    /** Where this connection is relayed to, if it is ({@link Relays}); null while it is this node's. */
    Relays.Route route() {
        return route;
    }

    /** From now on, everything the client sends goes to {@code route}'s home. */
    void relayTo(Relays.Route route) {
        this.route = route;
    }

    /** Forgets the user; returns it, or null if none was logged in here. */
    synchronized User logOut() {
        User leaving = user;
        user = null;
        return leaving;
    }

    /** The connection is gone: returns the user it speaks for, which it goes on naming until {@link #forget}. */
    synchronized User close() {
        closed = true;
        return user;
    }

    /** {@code gone} left, or moved to another connection: this one no longer names it. */
    synchronized void forget(User gone) {
        if (user == gone) {
            user = null;
        }
    }

    public synchronized boolean isLoggedIn() {
        return user != null && !closed;
    }

    @Override
    public String toString() {
        User current = user();
        return current == null ? "anonymous connection" : current.toString();
    }
}
