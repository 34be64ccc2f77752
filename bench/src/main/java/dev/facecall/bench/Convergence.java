package dev.facecall.bench;

/**
 * How many of a crowd's presence views are true, and since when all of them are. A view is
 * true when it lists every other user of the crowd (what load.js counts in a join storm) and,
 * when strangers matter (soak), no one else: a user of an earlier round that the server still
 * lists makes a view wrong.
 */
final class Convergence {

    private final Roster roster;
    private final boolean strangersMatter;
    private int trueViews;
    private long allTrueSince;

    Convergence(Roster roster, boolean strangersMatter) {
        this.roster = roster;
        this.strangersMatter = strangersMatter;
    }

    PresenceView newView(int self) {
        return new PresenceView(roster, self);
    }

    boolean isTrue(PresenceView view) {
        return view.listsAllOthers() && (!strangersMatter || view.strangers() == 0);
    }

    /** A view became true, or stopped being true (changed, or its client was dropped). */
    synchronized void changed(boolean nowTrue) {
        trueViews += nowTrue ? 1 : -1;
        allTrueSince = trueViews == roster.size() ? System.nanoTime() : 0;
    }

    synchronized int trueViews() {
        return trueViews;
    }

    /** System.nanoTime() when the last view became true, while all are; 0 while some are not. */
    synchronized long allTrueSince() {
        return allTrueSince;
    }
}
