package dev.facecall.signaling.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.facecall.signaling.boundary.SignalClient.message;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three real Payara Micro nodes of one cluster on 127.0.0.1, joined over TCP/IP on their data grid
 * as the README's cluster command joins them, with clients spread over them as a load balancer
 * would spread them: one name space, one user list, calls and resumes across nodes; a node killed
 * without a goodbye, whose users resume on the survivors within the grace (into the calls that
 * crossed it), or are gone after it; and a node stopped gracefully, whose users in calls across
 * nodes are handed over first. The nodes are killed and stopped last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    /** Short, so that the test of a dead node's users waits little. */
    private static final int RESUME_SECONDS = 6;

    private static final List<ClusterNode> NODES = new ArrayList<>();
    private final List<SignalClient> clients = new ArrayList<>();

    @BeforeAll
    static void startNodes() throws Exception {
        List<Integer> gridPorts = ClusterNode.gridPorts(3);
        for (int i = 0; i < 3; i++) {
            NODES.add(ClusterNode.start("node" + (i + 1), gridPorts, gridPorts.get(i),
                    "facecall.resume-seconds=" + RESUME_SECONDS));
        }
        for (ClusterNode node : NODES) {
            node.awaitReady(size -> size == 3, "three nodes");
        }
    }

    @AfterAll
    static void stopNodes() {
        NODES.forEach(ClusterNode::close);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SignalClient::close);
    }

    /** A client connected to node {@code node}, closed after the test. */
    private SignalClient connect(int node) {
        SignalClient client = SignalClient.connect(NODES.get(node).signal());
        clients.add(client);
        return client;
    }

    /** A client logged in on node {@code node} under a name made unique from {@code name}. */
    private SignalClient login(int node, String name) {
        SignalClient client = connect(node);
        client.loginAs(name + "-" + System.nanoTime() % 100_000);
        return client;
    }

    @Test
    @Order(1)
    void everyNodeIsReadyAndShowsTheCluster() {
        for (ClusterNode node : NODES) {
            JsonObject readiness = node.readiness().orElseThrow();
            assertEquals("UP", readiness.getString("status"), node + ": " + readiness);
            assertEquals(3, ClusterNode.clusterSize(readiness), node + ": " + readiness);
        }
    }

    @Test
    @Order(2)
    void usersOnEveryNodeSeeEachOtherComeAndGo() {
        SignalClient alice = login(0, "alice");
        SignalClient bob = login(1, "bob");
        SignalClient carol = login(2, "carol");
        for (SignalClient one : List.of(alice, bob, carol)) {
            for (SignalClient other : List.of(alice, bob, carol)) {
                if (one != other) {
                    one.awaitState(other, "online");
                }
            }
        }
        bob.send(SignalClient.message("logout"));
        alice.awaitView(view -> !view.containsKey(bob.id()), "bob offline");
        carol.awaitView(view -> !view.containsKey(bob.id()), "bob offline");
    }

    @Test
    @Order(3)
    void aNameIsTakenOnEveryNodeInAnyCaseOrLookAlikeForm() {
        SignalClient alice = login(0, "alice");
        String taken = alice.name();
        SignalClient second = connect(1);
        second.send(SignalClient.message("login", "name", taken.toUpperCase(java.util.Locale.ROOT)));
        second.nextError("name-taken");
        SignalClient third = connect(2);
        third.send(SignalClient.message("login", "name", taken.replace('a', 'а'))); // Cyrillic а
        third.nextError("name-taken");
    }

    @Test
    @Order(4)
    void aCallBetweenUsersOfTwoNodesGoesAsOnOne() {
        SignalClient alice = login(0, "alice");
        SignalClient bob = login(1, "bob");
        SignalClient carol = login(2, "carol");
        alice.awaitState(bob, "online");

        alice.send(message("invite", "to", bob.id(), "ref", "i1"));
        String call = alice.next("calling").getString("call");
        assertEquals(call, bob.next("incoming").getString("call"));
        carol.awaitState(alice, "busy");
        carol.awaitState(bob, "busy");
        bob.send(message("accept", "call", call, "ref", "a1"));
        assertEquals(call, alice.next("accepted").getString("call"));
        assertEquals("a1", bob.next("accepted").getString("ref"));

        for (int i = 0; i < 20; i++) {
            alice.send(message("signal", "call", call, "to", bob.id(), "data", Json.createObjectBuilder().add("n", i).build()));
        }
        bob.send(message("signal", "call", call, "to", alice.id(), "data", Json.createObjectBuilder().add("answer", true).build()));
        for (int i = 0; i < 20; i++) {
            JsonObject signal = bob.next("signal");
            assertEquals(alice.id(), signal.getString("from"));
            assertEquals(i, signal.getJsonObject("data").getInt("n"), "in the order sent");
        }
        assertTrue(alice.next("signal").getJsonObject("data").getBoolean("answer"));

        bob.send(message("hangup", "call", call, "ref", "h1"));
        assertEquals("hangup", alice.next("ended").getString("reason"));
        assertEquals("h1", bob.next("ended").getString("ref"));
        carol.awaitState(alice, "online");
        carol.awaitState(bob, "online");
    }

    @Test
    @Order(5)
    void ofFiftyCallersOnEveryNodeInvitingOneCalleeExactlyOneRings() throws Exception {
        SignalClient callee = login(1, "callee");
        List<SignalClient> callers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            callers.add(login(i % 3, "caller" + i));
        }
        for (SignalClient caller : callers) {
            caller.awaitState(callee, "online");
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers.size());
        try {
            for (SignalClient caller : callers) {
                pool.submit(() -> {
                    start.await();
                    caller.send(message("invite", "to", callee.id(), "ref", "race"));
                    return null;
                });
            }
            start.countDown();
        } finally {
            pool.shutdown();
        }
        String rung = callee.next("incoming").getString("call");
        int ringing = 0;
        int busy = 0;
        for (SignalClient caller : callers) {
            String call = caller.next("calling").getString("call");
            if (call.equals(rung)) {
                ringing++;
            } else {
                JsonObject ended = caller.next("ended");
                assertEquals("busy", ended.getString("reason"), caller.name() + ": " + ended);
                busy++;
            }
        }
        assertEquals(1, ringing, "exactly one caller rings the callee");
        assertEquals(49, busy);
        callee.expectNothing(Duration.ofSeconds(1)); // no second incoming
    }

    @Test
    @Order(6)
    void aPageResumesOnAnotherNodeWithItsCallWhatWasHeldAndItsPeerTold() {
        SignalClient alice = login(0, "alice");
        SignalClient bob = login(1, "bob");
        String call = talk(alice, bob);

        bob.close(); // the socket drops without a logout: bob is reconnecting
        JsonObject peer = alice.next("peer");
        assertEquals("reconnecting", peer.getString("state"));
        alice.send(message("signal", "call", call, "to", bob.id(), "data", Json.createObjectBuilder().add("held", 1).build()));

        SignalClient back = connect(2); // the load balancer picks another node
        back.resume(bob.resumeToken(), bob.name());
        assertEquals(bob.id(), back.id(), "bob as himself");
        assertEquals(call, back.next("accepted").getString("call"), "his call restated");
        assertEquals(1, back.next("signal").getJsonObject("data").getInt("held"), "what was held for him");
        assertEquals("connected", alice.next("peer").getString("state"));
        back.send(message("signal", "call", call, "to", alice.id(), "data", Json.createObjectBuilder().add("back", true).build()));
        assertTrue(alice.next("signal").getJsonObject("data").getBoolean("back"));
        back.send(message("hangup", "call", call));
        assertEquals("hangup", alice.next("ended").getString("reason"));
        back.next("ended");
    }

    @Test
    @Order(7)
    void aResumeOnAnotherNodeClosesTheUsersOpenSocketWith4001() {
        SignalClient carol = login(1, "carol");
        SignalClient elsewhere = connect(0);
        elsewhere.resume(carol.resumeToken(), carol.name());
        assertEquals(carol.id(), elsewhere.id());
        assertEquals(4001, carol.awaitClose());
        SignalClient dave = login(2, "dave");
        elsewhere.awaitState(dave, "online");
        dave.awaitState(elsewhere, "online");
    }

    @Test
    @Order(9)
    void theUsersOfAKilledNodeMayResumeOnASurvivorInTheGraceWithTheirCallsAndAreGoneAfterIt() {
        SignalClient dave = login(2, "dave");
        SignalClient gina = login(2, "gina");
        SignalClient erin = login(0, "erin");
        SignalClient frank = login(1, "frank");
        SignalClient helen = login(2, "helen");
        SignalClient ivan = login(0, "ivan");
        SignalClient jack = login(2, "jack");
        SignalClient kate = login(1, "kate");
        erin.awaitState(dave, "online");
        frank.awaitState(gina, "online");
        String ivansCall = talk(ivan, helen); // run by ivan's node, which survives
        String jacksCall = talk(jack, kate); // run by jack's node, which dies

        NODES.get(2).kill();
        JsonObject jackGone = kate.next("peer");
        assertEquals(jacksCall, jackGone.getString("call"));
        assertEquals("reconnecting", jackGone.getString("state"), "the node that ran kate's call is gone: kate's node runs it");
        JsonObject peer = ivan.next("peer");
        assertEquals(ivansCall, peer.getString("call"));
        assertEquals("reconnecting", peer.getString("state"), "helen's node is gone: she may come back elsewhere");
        for (ClusterNode survivor : NODES.subList(0, 2)) {
            survivor.awaitReady(size -> size == 2, "two nodes left");
        }
        assertTrue(erin.view().containsKey(gina.id()), "gina is still listed in the grace: " + erin.view());
        kate.send(message("signal", "call", jacksCall, "to", jack.id(), "data", Json.createObjectBuilder().add("held", 1).build()));

        SignalClient daveBack = connect(1);
        daveBack.resume(dave.resumeToken(), dave.name());
        assertEquals(dave.id(), daveBack.id(), "dave resumed as himself on a survivor");
        assertTrue(daveBack.view().containsKey(erin.id()), "erin in dave's welcome: " + daveBack.view());

        SignalClient jackBack = connect(0); // not where kate is: relayed there
        jackBack.resume(jack.resumeToken(), jack.name());
        assertEquals(jack.id(), jackBack.id(), "jack resumed as himself");
        assertEquals(jacksCall, jackBack.next("accepted").getString("call"), "his call restated");
        assertEquals(1, jackBack.next("signal").getJsonObject("data").getInt("held"), "what kate sent meanwhile");
        assertEquals("connected", kate.next("peer").getString("state"));
        jackBack.send(message("signal", "call", jacksCall, "to", kate.id(), "data", Json.createObjectBuilder().add("back", true).build()));
        assertTrue(kate.next("signal").getJsonObject("data").getBoolean("back"));

        erin.awaitView(view -> !view.containsKey(gina.id()), "gina offline after the grace");
        frank.awaitView(view -> !view.containsKey(gina.id()), "gina offline after the grace");
        assertEquals("online", erin.view().get(dave.id()), "dave stays: he came back in time");
        assertEquals("busy", erin.view().get(jack.id()), "jack stays, in his call: " + erin.view());
        JsonObject over = ivan.next("ended");
        assertEquals(ivansCall, over.getString("call"));
        assertEquals("disconnected", over.getString("reason"), "helen did not come back in time");
        kate.send(message("hangup", "call", jacksCall));
        assertEquals("hangup", jackBack.next("ended").getString("reason"));
        kate.next("ended");
        kate.awaitState(ivan, "online");

        SignalClient ginaAgain = connect(0);
        ginaAgain.loginAs(gina.name()); // her name is free again
        frank.awaitState(ginaAgain, "online");
    }

    @Test
    @Order(10)
    void aNodeStoppedGracefullyTellsItsClients1001AndTheyResumeOnAnotherWithTheirCalls() {
        SignalClient lena = login(1, "lena");
        SignalClient mike = login(0, "mike");
        SignalClient nina = login(1, "nina");
        SignalClient olga = login(0, "olga");
        mike.awaitState(lena, "online");
        String lenasCall = talk(lena, mike); // run by lena's node, which stops
        String olgasCall = talk(olga, nina); // run by olga's node; nina's home stops

        NODES.get(1).close(); // SIGTERM: Payara Micro stops its application, then itself
        assertEquals("reconnecting", mike.next("peer").getString("state"), "lena's node handed her over to mike's");
        assertEquals("reconnecting", olga.next("peer").getString("state"), "and nina to olga's");
        assertEquals(1001, lena.awaitClose());
        assertEquals(1001, nina.awaitClose());
        mike.send(message("signal", "call", lenasCall, "to", lena.id(), "data", Json.createObjectBuilder().add("held", 1).build()));

        SignalClient back = connect(0);
        back.resume(lena.resumeToken(), lena.name());
        assertEquals(lena.id(), back.id(), "lena as herself, on the node that is left");
        assertTrue(back.view().containsKey(mike.id()), "mike in her welcome: " + back.view());
        assertEquals(lenasCall, back.next("accepted").getString("call"), "her call restated");
        assertEquals(1, back.next("signal").getJsonObject("data").getInt("held"), "what mike sent meanwhile");
        assertEquals("connected", mike.next("peer").getString("state"));
        SignalClient ninaBack = connect(0);
        ninaBack.resume(nina.resumeToken(), nina.name());
        assertEquals(olgasCall, ninaBack.next("accepted").getString("call"));
        assertEquals("connected", olga.next("peer").getString("state"));

        NODES.get(0).awaitReady(size -> size == 1, "one node left");
        back.send(message("signal", "call", lenasCall, "to", mike.id(), "data", Json.createObjectBuilder().add("back", true).build()));
        assertTrue(mike.next("signal").getJsonObject("data").getBoolean("back"), "the call goes on where mike is");
        assertEquals("busy", mike.view().get(lena.id()), "she never left: " + mike.view());
        back.send(message("hangup", "call", lenasCall));
        assertEquals("hangup", mike.next("ended").getString("reason"));
        ninaBack.send(message("hangup", "call", olgasCall));
        assertEquals("hangup", olga.next("ended").getString("reason"));
    }

    /** {@code caller} invites {@code callee}, who accepts; returns the call's id. */
    private static String talk(SignalClient caller, SignalClient callee) {
        caller.awaitState(callee, "online");
        caller.send(message("invite", "to", callee.id()));
        String call = caller.next("calling").getString("call");
        assertEquals(call, callee.next("incoming").getString("call"));
        callee.send(message("accept", "call", call));
        caller.next("accepted");
        callee.next("accepted");
        return call;
    }
}
