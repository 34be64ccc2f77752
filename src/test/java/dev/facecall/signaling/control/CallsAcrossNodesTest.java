package dev.facecall.signaling.control;

import static dev.facecall.signaling.control.Harness.assertNoRef;
import static dev.facecall.signaling.control.Harness.assertRef;
import static dev.facecall.signaling.control.Harness.json;
import static dev.facecall.signaling.control.Harness.msg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.facecall.signaling.entity.EndReason;
import dev.facecall.signaling.entity.ServerMessage;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Calls between users of two nodes of one cluster (two Hazelcast members on 127.0.0.1, a fresh
 * cluster for each test): the caller's node runs the call, the callee's home relays. What a client
 * hears from the other node comes on the grid's threads, so these tests wait for each message,
 * within {@link #WAIT}.
 */
class CallsAcrossNodesTest extends TwoNodes {

    /** Logs in on {@code node}, then waits until {@code others} see the new user online. */
    private static Client login(Harness node, String name, Client... others) throws InterruptedException {
        Client client = node.login(name);
        for (Client other : others) {
            other.awaitSeen(name, "online", WAIT);
        }
        return client;
    }

    /** {@code caller} invites {@code callee} of another node, who hears it ring; returns the call id. */
    private static String ring(Client caller, Client callee) throws InterruptedException {
        caller.send(msg("type", "invite", "to", callee.id(), "ref", "i1"));
        JsonObject calling = caller.await("calling", WAIT);
        assertRef("i1", calling);
        String call = calling.getString("call");
        JsonObject incoming = callee.await("incoming", WAIT);
        assertEquals(call, incoming.getString("call"));
        assertEquals(caller.id(), incoming.getJsonObject("from").getString("id"));
        return call;
    }

    private static String talk(Client caller, Client callee) throws InterruptedException {
        String call = ring(caller, callee);
        callee.send(msg("type", "accept", "call", call, "ref", "a1"));
        JsonObject calleeAccepted = callee.await("accepted", WAIT);
        assertTrue(calleeAccepted.getBoolean("polite"));
        assertRef("a1", calleeAccepted);
        assertEquals(caller.id(), calleeAccepted.getJsonObject("peer").getString("id"));
        JsonObject callerAccepted = caller.await("accepted", WAIT);
        assertFalse(callerAccepted.getBoolean("polite"));
        assertNoRef(callerAccepted);
        assertEquals(callee.id(), callerAccepted.getJsonObject("peer").getString("id"));
        return call;
    }

    private static void assertEnded(Client client, String call, String reason) throws InterruptedException {
        JsonObject ended = client.await("ended", WAIT);
        assertEquals(call, ended.getString("call"), ended::toString);
        assertEquals(reason, ended.getString("reason"), ended::toString);
    }

    private static void assertPeer(Client client, String call, String state) throws InterruptedException {
        JsonObject peer = client.await("peer", WAIT);
        assertEquals(call, peer.getString("call"));
        assertEquals(state, peer.getString("state"));
    }

    private static String signal(String call, Client to, int n) {
        return msg("type", "signal", "call", call, "to", to.id(), "data", json("{\"candidate\":{\"n\":" + n + "}}"));
    }

    @Test
    void aCallBetweenUsersOfTwoNodesRingsIsAcceptedRelaysBothWaysAndEndsForBoth() throws Exception {
        Client alice = login(first, "Alice");
        Client bob = login(second, "Bob", alice);
        Client carol = login(first, "Carol", alice, bob); // watches from the caller's node
        Client dave = login(second, "Dave", alice, bob, carol); // and from the callee's

        String call = talk(alice, bob);
        for (Client watcher : List.of(carol, dave)) {
            watcher.awaitSeen("Alice", "busy", WAIT);
            watcher.awaitSeen("Bob", "busy", WAIT);
        }

        alice.send(signal(call, bob, 1));
        JsonObject relayed = bob.await("signal", WAIT);
        assertEquals(alice.id(), relayed.getString("from"));
        assertEquals(1, relayed.getJsonObject("data").getJsonObject("candidate").getInt("n"));
        bob.send(signal(call, alice, 2));
        relayed = alice.await("signal", WAIT);
        assertEquals(bob.id(), relayed.getString("from"));
        assertEquals(2, relayed.getJsonObject("data").getJsonObject("candidate").getInt("n"));

        bob.send(msg("type", "chat", "call", call, "text", "hello from two", "ref", "c1"));
        JsonObject echo = bob.await("chat", WAIT);
        assertRef("c1", echo);
        JsonObject chat = alice.await("chat", WAIT);
        assertNoRef(chat);
        assertEquals("hello from two", chat.getString("text"));
        assertEquals(bob.id(), chat.getString("from"));
        assertEquals(echo.getJsonNumber("at"), chat.getJsonNumber("at"));

        bob.send(msg("type", "media", "call", call, "audio", true, "video", false, "screen", false));
        JsonObject media = alice.await("media", WAIT);
        assertFalse(media.getBoolean("video"));
        alice.send(msg("type", "media", "call", call, "audio", false, "video", true, "screen", true));
        assertTrue(bob.await("media", WAIT).getBoolean("screen"));

        // A refusal of the remote member's message comes back to it with its ref.
        bob.send(msg("type", "accept", "call", call, "ref", "x1"));
        assertRef("x1", bob.await("error", WAIT));
        bob.send(msg("type", "signal", "call", call, "to", bob.id(), "data", json("{}"), "ref", "x2"));
        JsonObject error = bob.await("error", WAIT);
        assertEquals("invalid", error.getString("code"));
        assertRef("x2", error);

        bob.send(msg("type", "hangup", "call", call, "ref", "h1"));
        JsonObject ended = bob.await("ended", WAIT);
        assertEquals("hangup", ended.getString("reason"));
        assertRef("h1", ended);
        assertEnded(alice, call, "hangup");
        for (Client watcher : List.of(carol, dave)) {
            watcher.awaitSeen("Alice", "online", WAIT);
            watcher.awaitSeen("Bob", "online", WAIT);
        }

        // Both are free on both nodes: the other way round, run by the second node this time.
        String back = ring(bob, alice);
        alice.send(msg("type", "hangup", "call", back));
        assertEnded(alice, back, "cancelled");
        assertEnded(bob, back, "cancelled");
        assertEquals(0, first.calls.count());
        assertEquals(0, second.calls.count());
    }

    @Test
    void manyCallersOnBothNodesInvitingOneCalleeAtOnceRingItOnceAndTheOthersHearBusy() throws Exception {
        Client bob = login(second, "Bob");
        List<Client> callers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Harness node = i % 2 == 0 ? first : second;
            Client caller = node.login("Caller " + i);
            callers.add(caller);
        }
        for (Client caller : callers) {
            bob.awaitSeen(caller.name(), "online", WAIT);
            if (caller.welcome().getJsonArray("users").stream().noneMatch(u -> "Bob".equals(u.asJsonObject().getString("name")))) {
                caller.awaitSeen("Bob", "online", WAIT);
            }
        }
        for (int round = 0; round < 5; round++) {
            String ref = "r" + round;
            GridContract.race(callers.size(), i -> {
                callers.get(i).send(msg("type", "invite", "to", bob.id(), "ref", ref));
                return null;
            });
            Client winner = null;
            String call = null;
            for (Client caller : callers) {
                JsonObject calling = caller.await("calling", WAIT);
                assertRef(ref, calling);
                JsonObject next = caller.poll(Duration.ZERO); // a busy answer comes at once, on the caller's node
                if (next == null) {
                    assertNull(winner, "two callers ring Bob");
                    winner = caller;
                    call = calling.getString("call");
                } else {
                    assertEquals("ended", next.getString("type"), next::toString);
                    assertEquals("busy", next.getString("reason"));
                    assertRef(ref, next);
                }
            }
            assertTrue(winner != null, "one caller rings Bob");
            assertEquals(call, bob.await("incoming", WAIT).getString("call"));
            winner.send(msg("type", "hangup", "call", call));
            assertEnded(winner, call, "cancelled");
            assertEnded(bob, call, "cancelled");
            // Parcels from one node arrive in order and a caller on Bob's node is answered at
            // once: any other ringing would have reached Bob before its ended.
            bob.expectNothingButPresence();
        }
    }

    @Test
    void twoHundredSignalsOfEachMemberArriveInOrderOnTheOtherNode() throws Exception {
        Client alice = login(first, "Alice");
        Client bob = login(second, "Bob", alice);
        String call = talk(alice, bob);
        for (int n = 0; n < 200; n++) {
            if (n % 100 == 0) { // stays within the rate limit
                first.timers.advance(Duration.ofSeconds(5));
                second.timers.advance(Duration.ofSeconds(5));
            }
            bob.send(signal(call, alice, n));
            alice.send(signal(call, bob, n));
        }
        for (int n = 0; n < 200; n++) {
            assertEquals(n, alice.await("signal", WAIT).getJsonObject("data").getJsonObject("candidate").getInt("n"));
            assertEquals(n, bob.await("signal", WAIT).getJsonObject("data").getJsonObject("candidate").getInt("n"));
        }
    }

    @Test
    void aCallToAnotherNodeTimesOutOnTheCallersNode() throws Exception {
        Client alice = login(first, "Alice");
        Client bob = login(second, "Bob", alice);
        String call = ring(alice, bob);
        bob.awaitSeen("Alice", "busy", WAIT);
        alice.awaitSeen("Bob", "busy", WAIT);
        second.timers.advance(Harness.RING_TIMEOUT); // the callee's node runs no ring timer
        first.timers.advance(Harness.RING_TIMEOUT);
        assertEnded(alice, call, "timeout");
        assertEnded(bob, call, "timeout");
        bob.awaitSeen("Alice", "online", WAIT);
        alice.awaitSeen("Bob", "online", WAIT);
    }

    @Test
    void aCalleeOnAnotherNodeRejectsOrCannotUseItsMedia() throws Exception {
        Client alice = login(first, "Alice");
        Client bob = login(second, "Bob", alice);
        String call = ring(alice, bob);
        bob.send(msg("type", "reject", "call", call, "ref", "r1"));
        JsonObject ended = bob.await("ended", WAIT);
        assertEquals("rejected", ended.getString("reason"));
        assertRef("r1", ended);
        assertEnded(alice, call, "rejected");

        call = ring(alice, bob);
        bob.send(msg("type", "reject", "call", call, "reason", "media"));
        assertEnded(bob, call, "media");
        assertEnded(alice, call, "media");
    }

    @Test
    void aCalleeOnAnotherNodeThatLosesItsConnectionIsReconnectingForItsPeerThenResumesOrIsGone() throws Exception {
        Client alice = login(first, "Alice");
        Client bob = login(second, "Bob", alice);
        String call = talk(alice, bob);

        bob.drop();
        assertPeer(alice, call, "reconnecting");
        alice.send(signal(call, bob, 7)); // held for Bob by its home
        Client back = second.connect();
        back.send(msg("type", "login", "resume", bob.token()));
        back.await("welcome", WAIT);
        JsonObject restated = back.await("accepted", WAIT);
        assertEquals(call, restated.getString("call"));
        assertTrue(restated.getBoolean("polite"));
        assertNoRef(restated);
        assertEquals(7, back.await("signal", WAIT).getJsonObject("data").getJsonObject("candidate").getInt("n"));
        assertPeer(alice, call, "connected");

        back.drop();
        assertPeer(alice, call, "reconnecting");
        second.graceRunsOut();
        assertEnded(alice, call, "disconnected");
        alice.awaitSeen("Bob", "offline", WAIT);
        assertEquals(0, first.calls.count());
    }

    @Test
    void aMemberWhoseSocketDroppedResumesThroughTheOtherNodeWithItsCallAndWhatWasHeld() throws Exception {
        Client alice = login(first, "Alice");
        Client bob = login(second, "Bob", alice);
        String call = talk(alice, bob);

        bob.drop();
        assertPeer(alice, call, "reconnecting");
        alice.send(signal(call, bob, 7)); // held for Bob by his home, the second node
        Client back = first.connect(); // the load balancer sends him to the first node this time
        back.send(msg("type", "login", "resume", bob.token(), "ref", "r1"));
        JsonObject welcome = back.await("welcome", WAIT);
        assertEquals(bob.id(), welcome.getJsonObject("self").getString("id"), "Bob as himself");
        assertRef("r1", welcome);
        assertEquals(call, back.await("accepted", WAIT).getString("call"), "his call restated");
        assertEquals(7, back.await("signal", WAIT).getJsonObject("data").getJsonObject("candidate").getInt("n"));
        assertPeer(alice, call, "connected");

        for (int n = 0; n < 50; n++) {
            back.send(signal(call, alice, n));
        }
        for (int n = 0; n < 50; n++) {
            JsonObject relayed = alice.await("signal", WAIT);
            assertEquals(bob.id(), relayed.getString("from"));
            assertEquals(n, relayed.getJsonObject("data").getJsonObject("candidate").getInt("n"), "in the order sent");
        }
        alice.send(signal(call, bob, 8));
        assertEquals(8, back.await("signal", WAIT).getJsonObject("data").getJsonObject("candidate").getInt("n"));
        back.send(msg("type", "invite", "to", alice.id(), "ref", "i2"));
        JsonObject refused = back.await("error", WAIT);
        assertEquals("busy", refused.getString("code"), "his home's rules answer through the relay");
        assertRef("i2", refused);

        long scheduled = second.timers.scheduledSoFar();
        back.drop(); // the relayed socket drops too: his home loses his connection again
        assertTrue(second.timers.awaitScheduled(scheduled + 1, WAIT), "his home heard of it");
        second.timers.advance(Duration.ZERO);
        assertPeer(alice, call, "reconnecting");
        Client home = second.connect();
        home.send(msg("type", "login", "resume", welcome.getString("resume")));
        home.await("welcome", WAIT);
        assertEquals(call, home.await("accepted", WAIT).getString("call"));
        assertPeer(alice, call, "connected");
    }

    @Test
    void aResumeThroughTheOtherNodeClosesTheUsersOpenConnectionWith4001AndAnswersLikeItsHome() throws Exception {
        Client carol = login(second, "Carol");
        Client elsewhere = first.connect();
        elsewhere.send(msg("type", "login", "resume", carol.token()));
        JsonObject welcome = elsewhere.await("welcome", WAIT);
        assertEquals(carol.id(), welcome.getJsonObject("self").getString("id"));
        assertEquals(4001, carol.awaitCloseCode(WAIT), "Carol's first connection is taken over");

        Client dave = login(second, "Dave");
        dave.awaitSeen("Carol", "online", WAIT);
        JsonObject news = elsewhere.awaitPresence(WAIT);
        assertEquals("Dave", news.getJsonArray("users").getJsonObject(0).getString("name"), "presence through the relay");
        elsewhere.send(msg("type", "logout"));
        dave.awaitSeen("Carol", "offline", WAIT);
        first.login("Carol"); // her name is free on every node
    }


    @Test
    void aRingingCalleeOnAnotherNodeThatResumesHearsItRingAgainAndCanAccept() throws Exception {
        Client alice = login(first, "Alice");
        Client bob = login(second, "Bob", alice);
        String call = ring(alice, bob);
        bob.drop();
        assertPeer(alice, call, "reconnecting");
        Client back = second.connect();
        back.send(msg("type", "login", "resume", bob.token()));
        back.await("welcome", WAIT);
        JsonObject restated = back.await("incoming", WAIT);
        assertEquals(call, restated.getString("call"));
        assertEquals(alice.id(), restated.getJsonObject("from").getString("id"));
        assertPeer(alice, call, "connected");
        back.send(msg("type", "accept", "call", call));
        back.await("accepted", WAIT);
        alice.await("accepted", WAIT);
    }

    @Test
    void the257thMessageHeldByTheCalleesHomeEndsTheCallAndTheResumedCalleeGetsOnlyItsEnded() throws Exception {
        Client alice = login(first, "Alice");
        Client bob = login(second, "Bob", alice);
        String call = talk(alice, bob);
        alice.awaitSeen("Bob", "busy", WAIT);
        bob.drop();
        assertPeer(alice, call, "reconnecting");
        for (int n = 0; n < User.MAX_HELD + 1; n++) {
            if (n % 100 == 0) { // stays within the rate limit
                first.timers.advance(Duration.ofSeconds(5));
            }
            alice.send(signal(call, bob, n));
        }
        assertEnded(alice, call, "disconnected");
        // Bob's home lists him free once it holds the ended: a resume before would restate the
        // call, then hand the ended over as it arrives.
        alice.awaitSeen("Bob", "online", WAIT);
        Client back = second.connect();
        back.send(msg("type", "login", "resume", bob.token()));
        back.await("welcome", WAIT);
        assertEnded(back, call, "disconnected");
        back.expectNothingButPresence();
        alice.send(signal(call, bob, 999));
        assertEquals("no-such-call", alice.await("error", WAIT).getString("code"));
    }

    @Test
    void aCallerWhoLosesItsConnectionIsReconnectingForItsPeerOnAnotherNodeThenTheCallEnds() throws Exception {
        Client alice = login(first, "Alice");
        Client bob = login(second, "Bob", alice);
        String call = talk(alice, bob);
        alice.drop();
        assertPeer(bob, call, "reconnecting");
        first.graceRunsOut();
        assertEnded(bob, call, "disconnected");
        bob.awaitSeen("Alice", "offline", WAIT);
        Client carol = login(first, "Carol", bob);
        ring(carol, bob); // Bob's slot is free again
    }

    @Test
    void anInviteToAUserWhoJustLoggedOutOnAnotherNodeIsRefusedAtOnceAsOnOneNode() throws Exception {
        Client alice = login(first, "Alice");
        for (int round = 0; round < 20; round++) {
            Client bob = login(second, "Bob" + round, alice);
            bob.send(msg("type", "logout"));
            // Not waiting for Alice to hear it: her node reads the grid, not its last news of Bob.
            alice.send(msg("type", "invite", "to", bob.id(), "ref", "i" + round));
            JsonObject refused = alice.await("error", WAIT);
            assertEquals("no-such-user", refused.getString("code"), refused::toString);
            assertRef("i" + round, refused);
        }
        assertEquals(0, first.calls.count());
    }

    @Test
    void aCalleeOnAnotherNodeThatLogsOutWhileItRingsCancelsTheCall() throws Exception {
        Client alice = login(first, "Alice");
        Client bob = login(second, "Bob", alice);
        String call = ring(alice, bob);
        bob.send(msg("type", "logout"));
        assertEnded(alice, call, "cancelled");
        alice.awaitSeen("Bob", "offline", WAIT);
        Client carol = login(second, "Carol", alice);
        ring(alice, carol); // Alice's slot is free again
    }

    @Test
    void whenANodeDiesItsCallsGoOnWithTheirMembersReconnectingUntilTheGraceRunsOut() throws Exception {
        ThirdNodesCalls calls = thirdNodesCalls();
        HazelcastInstance three = calls.three();
        Client alice = calls.alice();
        Client bob = calls.bob();
        String carolsCall = calls.carolsCall(); // run by the first node, Carol's home dies
        String davesCall = calls.davesCall(); // run by the dying node
        long firstTimers = first.timers.scheduledSoFar();
        long secondTimers = second.timers.scheduledSoFar();

        three.getLifecycleService().terminate(); // as kill -9: no goodbye

        // Each survivor takes in the member of the dead node that is in a call with one of its
        // users: that member is reconnecting, as if its connection were lost, for the grace.
        assertPeer(alice, carolsCall, "reconnecting");
        assertPeer(bob, davesCall, "reconnecting");
        alice.awaitSeen("Carol", "busy", WAIT);
        bob.awaitSeen("Dave", "busy", WAIT);
        assertTrue(first.timers.awaitScheduled(firstTimers + 2, WAIT), "Carol's grace, and the dead node's");
        assertTrue(second.timers.awaitScheduled(secondTimers + 2, WAIT), "Dave's grace, and the dead node's");
        first.graceRunsOut();
        second.graceRunsOut();
        assertEnded(alice, carolsCall, "disconnected");
        assertEnded(bob, davesCall, "disconnected");
        alice.awaitSeen("Carol", "offline", WAIT);
        alice.awaitSeen("Dave", "offline", WAIT);
        assertEquals(0, first.calls.count());
        assertEquals(0, second.calls.count());
        String again = ring(alice, bob); // both are free on every node
        bob.send(msg("type", "reject", "call", again));
        assertEnded(alice, again, "rejected");
        first.login("Carol"); // their names are free again
        second.login("Dave");
    }

    @Test
    void theCalleeOfACallWhoseHomeDiedResumesOnTheCallsNodeAndTheCallGoesOn() throws Exception {
        HazelcastInstance three = thirdMember();
        Harness third = thirdNode(three);
        Client alice = login(first, "Alice");
        Client carol = login(third, "Carol", alice);
        String call = talk(alice, carol);

        three.getLifecycleService().terminate();
        assertPeer(alice, call, "reconnecting");
        alice.send(signal(call, carol, 7)); // held for Carol

        Client back = first.connect();
        back.send(msg("type", "login", "resume", carol.token(), "ref", "r1"));
        JsonObject welcome = back.await("welcome", WAIT);
        assertEquals(carol.id(), welcome.getJsonObject("self").getString("id"), "Carol as herself");
        assertRef("r1", welcome);
        JsonObject restated = back.await("accepted", WAIT);
        assertEquals(call, restated.getString("call"));
        assertEquals(alice.id(), restated.getJsonObject("peer").getString("id"));
        assertTrue(restated.getBoolean("polite"), "the callee is the polite one, as before");
        assertEquals(7, back.await("signal", WAIT).getJsonObject("data").getJsonObject("candidate").getInt("n"));
        assertPeer(alice, call, "connected");
        talksBothWays(alice, back, carol, call);

        first.graceRunsOut(); // she is back: the dead node's grace takes nothing from her
        back.send(msg("type", "hangup", "call", call));
        assertEnded(alice, call, "hangup");
        alice.awaitSeen("Carol", "online", WAIT);
    }

    @Test
    void theCallerOfACallRunByANodeThatDiedResumesOnTheOtherSurvivorAndTheCallGoesOnWhereItsPeerIs()
            throws Exception {
        HazelcastInstance three = thirdMember();
        Harness third = thirdNode(three);
        Client bob = login(second, "Bob");
        Client dave = login(third, "Dave", bob);
        String call = talk(dave, bob); // run by the third node

        three.getLifecycleService().terminate();
        assertPeer(bob, call, "reconnecting"); // the call is the second node's now
        bob.send(signal(call, dave, 7)); // held for Dave there

        Client back = first.connect(); // the load balancer sends him to the first node: relayed to the second
        back.send(msg("type", "login", "resume", dave.token()));
        JsonObject welcome = back.await("welcome", WAIT);
        assertEquals(dave.id(), welcome.getJsonObject("self").getString("id"), "Dave as himself");
        JsonObject restated = back.await("accepted", WAIT);
        assertEquals(call, restated.getString("call"));
        assertEquals(bob.id(), restated.getJsonObject("peer").getString("id"));
        assertFalse(restated.getBoolean("polite"), "the caller is the impolite one, as before");
        assertEquals(7, back.await("signal", WAIT).getJsonObject("data").getJsonObject("candidate").getInt("n"));
        assertPeer(bob, call, "connected");
        talksBothWays(bob, back, dave, call);

        bob.send(msg("type", "hangup", "call", call));
        assertEnded(back, call, "hangup");
        assertEnded(bob, call, "hangup");
        bob.awaitSeen("Dave", "online", WAIT);
        bob.send(msg("type", "invite", "to", dave.id())); // free again, and callable where he now is
        String again = bob.await("calling", WAIT).getString("call");
        assertEquals(again, back.await("incoming", WAIT).getString("call"));
    }

    @Test
    void aCallRingingWhenItsNodeDiedRingsOnWhereTheCalleeIsAndCanBeAccepted() throws Exception {
        HazelcastInstance three = thirdMember();
        Harness third = thirdNode(three);
        Client bob = login(second, "Bob");
        Client dave = login(third, "Dave", bob);
        String call = ring(dave, bob);
        long timers = second.timers.scheduledSoFar();

        three.getLifecycleService().terminate();
        assertPeer(bob, call, "reconnecting");
        assertTrue(second.timers.awaitScheduled(timers + 3, WAIT), "a ring timer, Dave's grace and the dead node's");
        bob.send(msg("type", "accept", "call", call, "ref", "a1"));
        assertRef("a1", bob.await("accepted", WAIT));
        Client back = second.connect();
        back.send(msg("type", "login", "resume", dave.token()));
        back.await("welcome", WAIT);
        assertEquals(call, back.await("accepted", WAIT).getString("call"), "the call as it is now");
        assertPeer(bob, call, "connected");
        talksBothWays(bob, back, dave, call);
    }

    @Test
    void aNodeThatStopsHandsItsMembersOfCallsAcrossNodesOverAndTheyResumeIntoTheirCalls() throws Exception {
        ThirdNodesCalls calls = thirdNodesCalls();
        HazelcastInstance three = calls.three();
        Harness third = calls.third();
        Client alice = calls.alice();
        Client bob = calls.bob();
        Client carol = calls.carol();
        Client dave = calls.dave();
        String carolsCall = calls.carolsCall(); // run by the first node, Carol's home stops
        String davesCall = calls.davesCall(); // run by the stopping node

        third.users.grid().leave(); // as Signaling.stop: leaving, then the hand-over, then 1001 for every client
        assertEquals(2, third.exchange.handOver(WAIT), "both handed over");
        assertPeer(alice, carolsCall, "reconnecting");
        assertPeer(bob, davesCall, "reconnecting");
        assertEquals(0, third.calls.count(), "the stopping node let its call go");
        assertEquals(0, third.users.count(), "and its users");
        carol.drop(); // told 1001: nothing more comes of it on the stopping node
        dave.drop();
        bob.send(signal(davesCall, dave, 7)); // held for Dave where his call is now

        Client carolBack = second.connect(); // relayed to the first node, which took her in
        carolBack.send(msg("type", "login", "resume", carol.token()));
        assertEquals(carol.id(), carolBack.await("welcome", WAIT).getJsonObject("self").getString("id"));
        assertEquals(carolsCall, carolBack.await("accepted", WAIT).getString("call"));
        assertPeer(alice, carolsCall, "connected");
        talksBothWays(alice, carolBack, carol, carolsCall);

        Client daveBack = second.connect(); // the node that took him in
        daveBack.send(msg("type", "login", "resume", dave.token()));
        assertEquals(dave.id(), daveBack.await("welcome", WAIT).getJsonObject("self").getString("id"));
        assertEquals(davesCall, daveBack.await("accepted", WAIT).getString("call"));
        assertEquals(7, daveBack.await("signal", WAIT).getJsonObject("data").getJsonObject("candidate").getInt("n"));
        assertPeer(bob, davesCall, "connected");
        talksBothWays(bob, daveBack, dave, davesCall);

        three.getLifecycleService().shutdown(); // it leaves the cluster: the survivors have nothing of it left to take in
        daveBack.send(msg("type", "hangup", "call", davesCall));
        assertEnded(bob, davesCall, "hangup");
        alice.send(msg("type", "hangup", "call", carolsCall));
        assertEnded(carolBack, carolsCall, "hangup");
    }

    @Test
    void aCallThatTheStoppingNodeEndsAfterHandingItOverEndsWhereItWasTakenInToo() throws Exception {
        ThirdNodesCalls calls = thirdNodesCalls();
        Grid stopping = calls.third().users.grid();
        stopping.leave();
        assertEquals(2, calls.third().exchange.handOver(WAIT));
        assertPeer(calls.bob(), calls.davesCall(), "reconnecting");

        // Dave hangs up on the stopping node in the moment before his connection closes there: it
        // ended its copy of the call and tells Bob's node, which runs the call now.
        stopping.send(second.users.grid().node(), CallParcel.deliver(calls.bob().id(), calls.davesCall(), stopping.node(),
                new ServerMessage.Ended(calls.davesCall(), EndReason.HANGUP, null)));
        assertEnded(calls.bob(), calls.davesCall(), "hangup");
        assertEquals(0, second.calls.count(), "the call taken in ended too");
        Client back = second.connect();
        back.send(msg("type", "login", "resume", calls.dave().token()));
        back.await("welcome", WAIT);
        calls.bob().send(msg("type", "invite", "to", calls.dave().id())); // both free again
        assertEquals(calls.bob().await("calling", WAIT).getString("call"), back.await("incoming", WAIT).getString("call"));
    }

    /** Alice on the first node talks with Carol of a third node, Dave of the third node with Bob on the second. */
    private record ThirdNodesCalls(HazelcastInstance three, Harness third, Client alice, Client bob, Client carol,
            Client dave, String carolsCall, String davesCall) {}

    /** Two calls across a third node: one the first node runs (its callee on the third), one the third runs. */
    private ThirdNodesCalls thirdNodesCalls() throws InterruptedException {
        HazelcastInstance three = thirdMember();
        Harness third = thirdNode(three);
        Client alice = login(first, "Alice");
        Client bob = login(second, "Bob", alice);
        Client carol = login(third, "Carol", alice, bob);
        Client dave = login(third, "Dave", alice, bob, carol);
        return new ThirdNodesCalls(three, third, alice, bob, carol, dave, talk(alice, carol), talk(dave, bob));
    }

    /** {@code one} and {@code other} (resumed as {@code otherAsItWas}) relay signals to each other in call {@code call}. */
    private static void talksBothWays(Client one, Client other, Client otherAsItWas, String call) throws Exception {
        for (int n = 0; n < 20; n++) {
            other.send(signal(call, one, n));
            one.send(signal(call, otherAsItWas, 100 + n));
        }
        for (int n = 0; n < 20; n++) {
            assertEquals(n, one.await("signal", WAIT).getJsonObject("data").getJsonObject("candidate").getInt("n"));
            assertEquals(100 + n, other.await("signal", WAIT).getJsonObject("data").getJsonObject("candidate").getInt("n"));
        }
    }
}
