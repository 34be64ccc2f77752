package dev.facecall.signaling.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.facecall.signaling.control.Grid;
import dev.facecall.signaling.control.GridContract;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The grid of a cluster keeps every promise across two Hazelcast members on 127.0.0.1, and what
 * one member held outlives it: a third member that dies leaves its users, names, tokens and slots
 * with the survivors, who hear that it is gone.
 */
class HazelcastGridTest extends GridContract {

    private static final GridMembers MEMBERS = new GridMembers(3);
    private static HazelcastInstance one;
    private static HazelcastInstance two;
    private static Grid first;
    private static Grid second;

    @BeforeAll
    static void startTwoMembers() {
        one = MEMBERS.start(0);
        two = MEMBERS.start(1);
        first = new HazelcastGrid(one);
        second = new HazelcastGrid(two);
    }

    @AfterAll
    static void stopThem() {
        two.getLifecycleService().terminate();
        one.getLifecycleService().terminate();
    }

    @Override
    protected Grid first() {
        return first;
    }

    @Override
    protected Grid second() {
        return second;
    }

    @Test
    void eachMemberIsANodeOfItsOwnInOneCluster() {
        assertEquals(2, first.size());
        assertEquals(2, second.size());
        assertFalse(first.node().equals(second.node()));
    }

    /** What readiness reports: each member's share, read from its own statistics, and no token counted twice. */
    @Test
    void theTokensEachMemberStoresAddUpToTheClustersTokens() {
        for (HazelcastInstance member : new HazelcastInstance[] {one, two}) {
            assertTrue(member.getPartitionService().forceLocalMemberToBeSafe(20, java.util.concurrent.TimeUnit.SECONDS),
                    "no migration under way");
        }
        int before = first.tokens();
        for (int i = 0; i < 100; i++) {
            first.putToken("tStored" + i, "uStored" + i);
        }
        assertEquals(before + 100, first.tokens());
        assertTrue(first.tokensStoredHere() > 0 && second.tokensStoredHere() > 0,
                "each member stores a share: " + first.tokensStoredHere() + " and " + second.tokensStoredHere());
        assertEquals(first.tokens(), first.tokensStoredHere() + second.tokensStoredHere());
        for (int i = 0; i < 100; i++) {
            second.removeToken("tStored" + i, "uStored" + i);
        }
        assertEquals(before, first.tokensStoredHere() + second.tokensStoredHere());
    }

    @Test
    void whatADeadNodeHeldStaysWithTheSurvivorsWhoHearItIsGone() throws Exception {
        BlockingQueue<String> lost = new LinkedBlockingQueue<>();
        first.onNodeLost(lost::add);
        HazelcastInstance three = MEMBERS.start(2);
        Grid third = new HazelcastGrid(three);
        String dead = third.node();
        assertEquals(3, first.size());
        // A user on the third node, in a call with a user on the first; many entries, so that
        // some live in partitions the third member owned.
        for (int i = 0; i < 100; i++) {
            assertTrue(third.claimName("carol" + i, "uCarol" + i));
            third.putToken("tCarol" + i, "uCarol" + i);
            third.list(new Grid.Listing("uCarol" + i, "Carol" + i, true, true, dead));
            assertEquals(Grid.Slots.TAKEN, third.takeSlots("uCarol" + i, "uDan" + i, "cCarolDan" + i));
        }

        three.getLifecycleService().terminate(); // as kill -9: no goodbye to the others

        assertEquals(dead, poll(lost));
        assertEquals(2, first.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(Optional.of(new Grid.Listing("uCarol" + i, "Carol" + i, true, true, dead)), second.listing("uCarol" + i));
            assertFalse(first.claimName("carol" + i, "someone else"), "the dead node's user keeps its name for its grace");
            assertEquals(Optional.of("uCarol" + i), second.userOfToken("tCarol" + i), "and may resume here");
            assertEquals(Optional.of("cCarolDan" + i), first.slotOf("uDan" + i), "and its call, until it ends");
        }
        // Its grace over, a survivor lets it go: everything it held is free again.
        for (int i = 0; i < 100; i++) {
            first.releaseName("carol" + i, "uCarol" + i);
            first.removeToken("tCarol" + i, "uCarol" + i);
            first.freeSlot("uCarol" + i, "cCarolDan" + i);
            first.freeSlot("uDan" + i, "cCarolDan" + i);
            first.unlist("uCarol" + i);
            assertTrue(second.claimName("carol" + i, "uCarolAgain" + i));
            assertEquals(Grid.Slots.TAKEN, second.takeSlots("uDan" + i, "uErin" + i, "cDanErin" + i));
        }
    }
}
