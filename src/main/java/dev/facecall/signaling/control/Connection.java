package dev.facecall.signaling.control;

/**
 * One client connection: anonymous until it logs in, then the connection of its user, until it
 * closes, logs out or another connection takes its user over.
 */
public final class Connection {

    private final Link link;
    private final RateLimit rateLimit;
    private volatile User user;

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

    User user() {
        return user;
    }

    void loggedIn(User user) {
        this.user = user;
    }

    /** Forgets the user; returns it, or null if none was logged in here. */
    User logOut() {
        User leaving = user;
        user = null;
        return leaving;
    }

    public boolean isLoggedIn() {
        return user != null;
    }

    @Override
    public String toString() {
        User current = user;
        return current == null ? "anonymous connection" : current.toString();
    }
}
