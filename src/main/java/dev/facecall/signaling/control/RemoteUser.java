package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.UserView;

/**
 * A user whose connection is on another node, as this node lists it: its latest listing in the
 * grid, or none once it is unlisted. One object per user id, so that a presence round names it once.
 */
final class RemoteUser implements Listed {

    private final String id;
    private final String name;
    private final boolean callable;
    private volatile Grid.Listing listing; // null once unlisted

    RemoteUser(Grid.Listing listing) {
        this.id = listing.id();
        this.name = listing.name();
        this.callable = listing.callable();
        this.listing = listing;
    }

    @Override
    public String id() {
        return id;
    }

    void listed(Grid.Listing latest) {
        listing = latest;
    }

    void unlisted() {
        listing = null;
    }

    /** Its latest listing, or null once unlisted. */
    Grid.Listing listing() {
        return listing;
    }

    boolean isListed() {
        return listing != null;
    }

    /** As others see it now: online or busy while listed, else offline. */
    UserView view() {
        Grid.Listing now = listing;
        return now == null ? new UserView(id, name, UserView.OFFLINE, callable) : viewOf(now);
    }

    /** A listed user as others see it: online, or busy. */
    static UserView viewOf(Grid.Listing listing) {
        return new UserView(listing.id(), listing.name(), listing.busy() ? UserView.BUSY : UserView.ONLINE, listing.callable());
    }

    @Override
    public String toString() {
        return id + " (" + name + ", remote)";
    }
}
