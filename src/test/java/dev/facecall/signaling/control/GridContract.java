package dev.facecall.signaling.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Grid} promises, seen from two nodes: {@link #first()} and {@link #second()} are
 * the same grid for a server alone, two members of one cluster otherwise. Races start together on
 * both nodes, from a latch.
 */
public abstract class GridContract {

    protected static final Duration WAIT = Duration.ofSeconds(20);

    protected abstract Grid first();

    protected abstract Grid second();

    private Grid on(int i) {
        return i % 2 == 0 ? first() : second();
    }

    @Test
    public void aNameRacedForOnBothNodesGoesToExactlyOneUser() throws Exception {
        for (int round = 0; round < 10; round++) {
            String key = "alice" + round;
            List<Boolean> claims = race(20, i -> on(i).claimName(key, "u" + i));
            assertEquals(1, claims.stream().filter(won -> won).count(), "winners of " + key);
            int winner = claims.indexOf(true);
            assertFalse(second().claimName(key, "late"), "a taken name, asked for on the other node");
            first().releaseName(key, "u" + (winner + 1)); // not its holder: nothing changes
            assertFalse(second().claimName(key, "late"));
            on(winner + 1).releaseName(key, "u" + winner);
            assertTrue(second().claimName(key, "late"), "a freed name is free on every node");
        }
    }

    @Test
    public void aTokenPutOnOneNodeResumesOnTheOtherUntilRemoved() {
        int before = first().tokens();
        first().putToken("t1", "u1");
        assertEquals(Optional.of("u1"), second().userOfToken("t1"));
        assertEquals(before + 1, second().tokens());
        second().removeToken("t1", "u2"); // another user's: nothing changes
        assertEquals(Optional.of("u1"), first().userOfToken("t1"));
        second().removeToken("t1", "u1");
        assertEquals(Optional.empty(), first().userOfToken("t1"));
        assertEquals(before, first().tokens());
    }

    @Test
    public void aUsersTokenIsFoundFromEitherNodeByTheUserUntilRemoved() {
        first().putToken("tFound", "uFound");
        first().putToken("tOther", "uOther");
        assertEquals(Optional.of("tFound"), second().tokenOf("uFound"));
        assertEquals(Optional.empty(), second().tokenOf("uNobody"));
        second().removeToken("tFound", "uFound");
        assertEquals(Optional.empty(), first().tokenOf("uFound"));
        assertEquals(Optional.of("tOther"), first().tokenOf("uOther"));
    }

    @Test
    public void everyTokenOfAUserIsRemovedAtOnceFromEitherNode() {
        first().putToken("tGone1", "uGone");
        second().putToken("tGone2", "uGone");
        first().putToken("tStays", "uStays");
        second().removeTokensOf("uGone");
        assertEquals(Optional.empty(), first().userOfToken("tGone1"));
        assertEquals(Optional.empty(), first().userOfToken("tGone2"));
        assertEquals(Optional.of("uStays"), second().userOfToken("tStays"));
        first().removeToken("tStays", "uStays");
    }

    @Test
    public void fiftyCallersOnBothNodesInvitingOneCalleeLeaveExactlyOneInACallWithIt() throws Exception {
        for (int r = 0; r < 5; r++) {
            int round = r;
            String callee = "callee" + round;
            List<Grid.Slots> outcomes = race(50, i -> on(i).takeSlots("caller" + round + "-" + i, callee, "c" + round + "-" + i));
            assertEquals(1, outcomes.stream().filter(outcome -> outcome == Grid.Slots.TAKEN).count(), outcomes::toString);
            assertEquals(49, outcomes.stream().filter(outcome -> outcome == Grid.Slots.CALLEE_BUSY).count(), outcomes::toString);
            int winner = outcomes.indexOf(Grid.Slots.TAKEN);
            String call = "c" + round + "-" + winner;
            assertEquals(Optional.of(call), first().slotOf(callee));
            assertEquals(Optional.of(call), second().slotOf("caller" + round + "-" + winner));
            for (int i = 0; i < 50; i++) {
                if (i != winner) {
                    assertEquals(Optional.empty(), second().slotOf("caller" + round + "-" + i), "a caller that lost the race");
                }
            }
        }
    }

    @Test
    public void twoUsersInvitingEachOtherOnTwoNodesEndInOneCallAndNeverDeadlock() throws Exception {
        for (int r = 0; r < 20; r++) {
            String a = "a" + r;
            String b = "b" + r;
            String ab = "ab" + r;
            String ba = "ba" + r;
            List<Grid.Slots> outcomes = race(2, i -> i == 0
                    ? first().takeSlots(a, b, ab)
                    : second().takeSlots(b, a, ba));
            assertEquals(1, outcomes.stream().filter(outcome -> outcome == Grid.Slots.TAKEN).count(), outcomes::toString);
            assertEquals(first().slotOf(a), second().slotOf(b), "both in the same call");
        }
    }

    @Test
    public void aBusyCallerTakesNoSlotOfItsCallee() {
        assertEquals(Grid.Slots.TAKEN, first().takeSlots("x", "y", "cxy"));
        assertEquals(Grid.Slots.CALLER_BUSY, second().takeSlots("x", "z", "cxz"));
        assertEquals(Optional.empty(), first().slotOf("z"));
        second().freeSlot("x", "other call"); // not the call it is in: nothing changes
        assertEquals(Optional.of("cxy"), second().slotOf("x"));
        second().freeSlot("x", "cxy");
        first().freeSlot("y", "cxy");
        assertEquals(Grid.Slots.TAKEN, second().takeSlots("z", "x", "czx"));
        assertEquals(Grid.Slots.CALLEE_BUSY, first().takeSlots("y", "x", "cyx"));
        assertEquals(Optional.empty(), second().slotOf("y"));
    }

    @Test
    public void aListingMovedFromADeadNodeMovesOnceOfManyTries() throws Exception {
        Grid.Listing there = new Grid.Listing("uDave", "Dave", true, true, "dead-node");
        first().list(there);
        List<Boolean> tries = race(20, i -> on(i).move("dead-node", new Grid.Listing("uDave", "Dave", true, false, on(i).node())));
        assertEquals(1, tries.stream().filter(Boolean::booleanValue).count(), "exactly one node takes Dave over");
        String home = second().listing("uDave").orElseThrow().node();
        assertTrue(home.equals(first().node()) || home.equals(second().node()), home);
        assertFalse(first().move("dead-node", new Grid.Listing("uDave", "Dave", true, false, first().node())),
                "moved already");
        assertFalse(first().move("dead-node", new Grid.Listing("uNobody", "Nobody", true, false, first().node())),
                "nobody listed");
    }

    @Test
    public void aNodeThatLeavesIsSeenLeavingByTheOthersAndAServerAloneNeverLeaves() {
        assertFalse(second().isLeaving(first().node()));
        first().leave();
        assertEquals(first().shared(), second().isLeaving(first().node()), "seen leaving where others share the grid");
        assertFalse(first().isLeaving("some-other-node"));
    }

    @Test
    public void eachNodeReadsTheListingsOfTheOthersWithoutItsOwn() {
        first().list(new Grid.Listing("uAnn", "Ann", true, false, first().node()));
        second().list(new Grid.Listing("uBen", "Ben", true, true, second().node()));
        first().list(new Grid.Listing("uCid", "Cid_%", false, false, "a-node-that-died"));
        List<String> seenBySecond = second().listingsOfOtherNodes().stream().map(Grid.Listing::id).sorted().toList();
        assertEquals(first().shared() ? List.of("uAnn", "uCid") : List.of("uCid"), seenBySecond);
        List<String> seenByFirst = first().listingsOfOtherNodes().stream().map(Grid.Listing::id).sorted().toList();
        assertEquals(first().shared() ? List.of("uBen", "uCid") : List.of("uCid"), seenByFirst);
    }

    @Test
    public void aListingOnOneNodeIsSeenAndHeardOnTheOther() throws Exception {
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        second().watch(heard::add);
        Grid.Listing bob = new Grid.Listing("uBob", "Bob the 2.", true, false, first().node());
        first().list(bob);
        assertEquals("uBob", poll(heard));
        assertEquals(Optional.of(bob), second().listing("uBob"));
        assertTrue(second().listings().contains(bob));

        Grid.Listing busy = new Grid.Listing("uBob", "Bob the 2.", true, true, first().node());
        first().list(busy);
        assertEquals("uBob", poll(heard));
        assertEquals(Optional.of(busy), second().listing("uBob"));

        first().unlist("uBob");
        assertEquals("uBob", poll(heard));
        assertEquals(Optional.empty(), second().listing("uBob"));
        assertFalse(second().listings().stream().anyMatch(listing -> listing.id().equals("uBob")));
    }

    @Test
    public void parcelsFromOneNodeReachTheOtherInTheOrderSent() throws Exception {
        BlockingQueue<Grid.Parcel> received = new LinkedBlockingQueue<>();
        second().receive(received::add);
        int count = 2000;
        for (int i = 0; i < count; i++) {
            first().send(second().node(), new Grid.Parcel("uBob", "{\"n\":" + i + "}"));
        }
        for (int i = 0; i < count; i++) {
            Grid.Parcel parcel = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(new Grid.Parcel("uBob", "{\"n\":" + i + "}"), parcel, "parcel " + i);
        }
    }

    /**
     * Eight threads send 500 parcels each at once, as many connections relaying to one node: every
     * parcel arrives once, each thread's in the order it sent them (parcels sent while another
     * is being published travel together on Hazelcast: none may be left behind or overtaken).
     */
    @Test
    public void parcelsSentFromManyThreadsAtOnceAllArriveEachThreadsInOrder() throws Exception {
        BlockingQueue<Grid.Parcel> received = new LinkedBlockingQueue<>();
        second().receive(received::add);
        int threads = 8;
        int each = 500;
        race(threads, thread -> {
            for (int i = 0; i < each; i++) {
                first().send(second().node(), new Grid.Parcel("u" + thread, Integer.toString(i)));
            }
            return null;
        });
        int[] next = new int[threads];
        for (int i = 0; i < threads * each; i++) {
            Grid.Parcel parcel = poll(received);
            int thread = Integer.parseInt(parcel.to().substring(1));
            assertEquals(Integer.toString(next[thread]), parcel.body(), "the next parcel of thread " + thread);
            next[thread]++;
        }
        assertEquals(null, received.poll(100, TimeUnit.MILLISECONDS), "nothing more than was sent");
    }

    protected static <T> T poll(BlockingQueue<T> queue) throws InterruptedException {
        T next = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new AssertionError("nothing within " + WAIT);
        }
        return next;
    }

    /** What each of {@code count} tasks returned, the tasks let go together. */
    protected static <T> List<T> race(int count, Task<T> task) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch ready = new CountDownLatch(count);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<T> racer = () -> {
                    ready.countDown();
                    go.await();
                    return task.run(index);
                };
                results.add(threads.submit(racer));
            }
            assertTrue(ready.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            go.countDown();
            List<T> outcomes = new ArrayList<>();
            for (Future<T> result : results) {
                outcomes.add(result.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    @FunctionalInterface
    protected interface Task<T> {
        T run(int index) throws Exception;
    }
}
