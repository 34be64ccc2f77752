package dev.facecall.bench;

import java.util.BitSet;

/**
 * One client's view of who is online, kept as a page keeps it: from {@code welcome.users}, then
 * every {@code presence} applied in order (online or busy: add or update; offline: remove). The
 * users of the client's own crowd are bits by roster index; users of other runs are not counted.
 *
 * <p>Written by one I/O thread at a time (the JDK calls a WebSocket's listener serially); the
 * count is volatile so that other threads may read it.
 */
final class PresenceView {

    private final Roster roster;
    private final int self;
    private final BitSet listed;
    private volatile int others;

    PresenceView(Roster roster, int self) {
        this.roster = roster;
        this.self = self;
        this.listed = new BitSet(roster.size());
    }

    void apply(String name, String state) {
        if (name == null) {
            return;
        }
        boolean offline = "offline".equals(state);
        int i = roster.indexOf(name);
        if (i < 0 || i == self) {
            return;
        }
        if (offline && listed.get(i)) {
            listed.clear(i);
            others--;
        } else if (!offline && !listed.get(i)) {
            listed.set(i);
            others++;
        }
    }

    /** Whether every other user of the crowd is listed. */
    boolean listsAllOthers() {
        return others == roster.size() - 1;
    }

    /** Users of the crowd that are online but not listed. */
    int missing() {
        return roster.size() - 1 - others;
    }
}
