package dev.facecall.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpreadTest {

    /** How many of clients 0..clients-1 go to each URL. */
    private static int[] counts(Spread spread, int clients, int urls) {
        int[] counts = new int[urls];
        for (int i = 0; i < clients; i++) {
            counts[spread.urlOf(i, urls)]++;
        }
        return counts;
    }

    @Test
    void oneUrlTakesEveryoneWhateverTheRule() {
        for (Spread spread : Spread.values()) {
            for (int i = 0; i < 1000; i++) {
                assertEquals(0, spread.urlOf(i, 1), spread + " " + i);
            }
        }
    }

    @Test
    void pairsAcrossAlwaysPutTheTwoMembersOnDifferentUrls() {
        for (int urls = 2; urls <= 7; urls++) {
            for (int pair = 0; pair < 500; pair++) {
                int caller = Spread.PAIRS_ACROSS.urlOf(2 * pair, urls);
                int callee = Spread.PAIRS_ACROSS.urlOf(2 * pair + 1, urls);
                assertNotEquals(caller, callee, urls + " urls, pair " + pair);
                assertTrue(caller >= 0 && caller < urls && callee >= 0 && callee < urls);
            }
        }
    }

    @Test
    void pairsAcrossTwoNodesAlternateWhoCallsFromWhere() {
        // pair 0: 0 -> 1, pair 1: 1 -> 0, ...: each node has as many callers as callees
        assertEquals(0, Spread.PAIRS_ACROSS.urlOf(0, 2));
        assertEquals(1, Spread.PAIRS_ACROSS.urlOf(1, 2));
        assertEquals(1, Spread.PAIRS_ACROSS.urlOf(2, 2));
        assertEquals(0, Spread.PAIRS_ACROSS.urlOf(3, 2));
        int[] callers = new int[2];
        for (int pair = 0; pair < 100; pair++) {
            callers[Spread.PAIRS_ACROSS.urlOf(2 * pair, 2)]++;
        }
        assertArrayEquals(new int[] {50, 50}, callers);
        assertArrayEquals(new int[] {100, 100}, counts(Spread.PAIRS_ACROSS, 200, 2));
    }

    @Test
    void pairsAcrossSpreadEvenlyOverMoreUrls() {
        assertArrayEquals(new int[] {100, 100, 100}, counts(Spread.PAIRS_ACROSS, 300, 3));
        int[] uneven = counts(Spread.PAIRS_ACROSS, 2 * 101, 3);
        for (int c : uneven) {
            assertTrue(Math.abs(c - 202 / 3.0) <= 1, java.util.Arrays.toString(uneven));
        }
    }

    @Test
    void pairsWithinKeepBothMembersOnOneUrlAndPairsRoundRobin() {
        for (int pair = 0; pair < 100; pair++) {
            assertEquals(pair % 2, Spread.PAIRS_WITHIN.urlOf(2 * pair, 2));
            assertEquals(pair % 2, Spread.PAIRS_WITHIN.urlOf(2 * pair + 1, 2));
            assertEquals(pair % 3, Spread.PAIRS_WITHIN.urlOf(2 * pair + 1, 3));
        }
        assertArrayEquals(new int[] {100, 100}, counts(Spread.PAIRS_WITHIN, 200, 2));
    }

    @Test
    void roundRobinCountsDifferByAtMostOne() {
        assertEquals(0, Spread.ROUND_ROBIN.urlOf(0, 2));
        assertEquals(1, Spread.ROUND_ROBIN.urlOf(1, 2));
        assertEquals(0, Spread.ROUND_ROBIN.urlOf(2, 2));
        assertArrayEquals(new int[] {1000, 1000}, counts(Spread.ROUND_ROBIN, 2000, 2));
        assertArrayEquals(new int[] {667, 667, 666}, counts(Spread.ROUND_ROBIN, 2000, 3));
        assertArrayEquals(new int[] {1, 0, 0, 0}, counts(Spread.ROUND_ROBIN, 1, 4));
    }

    @Test
    void pairSpreadOptionChoosesTheRule() {
        assertEquals(Spread.PAIRS_ACROSS, Spread.ofPairs(Options.parse(new String[] {"relay"}).string("pair-spread")));
        assertEquals(Spread.PAIRS_WITHIN,
                Spread.ofPairs(Options.parse(new String[] {"relay", "--pair-spread", "within"}).string("pair-spread")));
    }
}
