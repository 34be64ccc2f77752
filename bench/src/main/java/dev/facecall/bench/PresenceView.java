package dev.facecall.bench;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * One client's view of who is online, kept as a page keeps it: from {@code welcome.users}, then
 * every {@code presence} applied in order (online or busy: add or update; offline: remove). The
 * users of the client's own crowd are bits by roster index; anyone else listed (a stranger, such
 * as a user of an earlier run the server still lists) is kept by name.
 *
 * <p>Written by one I/O thread at a time (the JDK calls a WebSocket's listener serially); the
 * counts are volatile so that the main thread can take a census.
 */
final class PresenceView {

    private final Roster roster;
    private final int self;
    private final BitSet listed;
    private volatile int others;
    private Set<String> strangers;
    private volatile int strangerCount;

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
        if (i == self) {
            return;
        }
        if (i < 0) {
            applyStranger(name, offline);
        } else if (offline && listed.get(i)) {
            listed.clear(i);
            others--;
        } else if (!offline && !listed.get(i)) {
            listed.set(i);
            others++;
        }
    }

    private void applyStranger(String name, boolean offline) {
        if (offline) {
            if (strangers != null && strangers.remove(name)) {
                strangerCount--;
            }
            return;
        }
        if (strangers == null) {
            strangers = new HashSet<>();
        }
        if (strangers.add(name)) {
            strangerCount++;
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

    /** Users listed that are not of the crowd. */
    int strangers() {
        return strangerCount;
    }
}
