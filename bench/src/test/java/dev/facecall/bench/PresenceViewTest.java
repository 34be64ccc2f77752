package dev.facecall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PresenceViewTest {

    private final Roster roster = new Roster("jab12", 4);

    @Test
    void theRosterKnowsItsOwnNamesOnly() {
        assertEquals("jab12-3", roster.name(3));
        assertEquals(0, roster.indexOf("jab12-0"));
        assertEquals(3, roster.indexOf("jab12-3"));
        assertEquals(-1, roster.indexOf("jab12-4"));
        assertEquals(-1, roster.indexOf("jab12-03"));
        assertEquals(-1, roster.indexOf("jab12-"));
        assertEquals(-1, roster.indexOf("jab12-1x"));
        assertEquals(-1, roster.indexOf("jab13-1"));
        assertEquals(-1, roster.indexOf("jab12-99999999999"));
        assertEquals(-1, roster.indexOf(null));
    }

    @Test
    void presenceAddsUpdatesAndRemovesInOrder() {
        PresenceView view = new PresenceView(roster, 0);
        view.apply("jab12-1", "online");
        view.apply("jab12-2", "busy");
        view.apply("jab12-2", "online");
        assertEquals(1, view.missing());
        view.apply("jab12-3", "online");
        assertTrue(view.listsAllOthers());
        view.apply("jab12-3", "offline");
        view.apply("jab12-3", "offline");
        assertEquals(1, view.missing());
    }

    @Test
    void usersOfOtherRunsAreNotCounted() {
        PresenceView view = new PresenceView(roster, 0);
        view.apply("jzz99-1", "online");
        view.apply(null, "online");
        assertEquals(3, view.missing());
    }

    @Test
    void aUserNeverCountsItself() {
        PresenceView view = new PresenceView(roster, 2);
        view.apply("jab12-2", "online");
        assertEquals(3, view.missing());
    }

    @Test
    void allViewsAreTrueFromWhenTheLastBecameTrueUntilOneIsNot() {
        Convergence c = new Convergence(new Roster("x", 2));
        c.changed(true);
        assertEquals(0, c.allTrueSince());
        c.changed(true);
        assertTrue(c.allTrueSince() != 0);
        assertEquals(2, c.trueViews());
        c.changed(false);
        assertEquals(0, c.allTrueSince());
    }
}
