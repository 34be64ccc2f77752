package dev.facecall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void usersOfOtherRunsAreNotCountedAsOthers() {
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
    void strangersAreKeptApartAndLeaveWhenOffline() {
        PresenceView view = new PresenceView(roster, 0);
        view.apply("jab12-1", "online");
        view.apply("jab12-2", "online");
        view.apply("jab12-3", "online");
        view.apply("jzz99s1-7", "online");
        view.apply("jzz99s1-7", "busy");
        view.apply(null, "online");
        assertTrue(view.listsAllOthers());
        assertEquals(1, view.strangers());
        view.apply("jzz99s1-7", "offline");
        view.apply("jzz99s1-8", "offline");
        assertEquals(0, view.strangers());
    }

    @Test
    void strangersMakeAViewWrongOnlyWhereTheyMatter() {
        PresenceView view = new PresenceView(roster, 0);
        for (int i = 1; i < 4; i++) {
            view.apply(roster.name(i), "online");
        }
        view.apply("old-1", "online");
        assertTrue(new Convergence(roster, false).isTrue(view));
        assertFalse(new Convergence(roster, true).isTrue(view));
    }

    @Test
    void allViewsAreTrueFromWhenTheLastBecameTrueUntilOneIsNot() {
        Convergence c = new Convergence(new Roster("x", 2), true);
        c.changed(true);
        assertEquals(0, c.allTrueSince());
        c.changed(true);
        assertTrue(c.allTrueSince() != 0);
        assertEquals(2, c.trueViews());
        c.changed(false);
        assertEquals(0, c.allTrueSince());
    }
}
