package dev.facecall.signaling.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules on two nodes of one cluster (two Hazelcast members on 127.0.0.1, a fresh cluster for
 * each test): one name space and one user list. A client of one node hears of the other node's
 * users on the grid's threads, so these tests wait for what they expect, within {@link #WAIT}.
 */
class TwoNodesTest extends TwoNodes {

    @Test
    void usersOfEitherNodeSeeEachOtherJoinChangeAndLeave() throws Exception {
        Client alice = first.login("Alice");
        Client bob = second.login("Bob");
        alice.awaitSeen("Bob", "online", WAIT);
        bob.awaitSeen("Alice", "online", WAIT);

        Client carol = second.login("Carol");
        carol.awaitSeen("Alice", "online", WAIT);
        carol.awaitSeen("Bob", "online", WAIT);
        Harness.talk(bob, carol);
        alice.awaitSeen("Bob", "busy", WAIT);
        alice.awaitSeen("Carol", "busy", WAIT);

        bob.send(Harness.msg("type", "logout"));
        alice.awaitSeen("Bob", "offline", WAIT);
        alice.awaitSeen("Carol", "online", WAIT);
        first.login("bob"); // the name is free on every node again
    }

    /** A third node about to die, and who is on the three nodes. */
    private record Doomed(HazelcastInstance three, Client alice, Client bob, Client carol, Client dave) {}

    /** Carol and Dave talk on a third node; Alice on the first and Bob on the second see them busy. */
    private Doomed carolAndDaveTalkingOnAThirdNode() throws InterruptedException {
        HazelcastInstance three = thirdMember();
        Harness third = thirdNode(three);
        Client alice = first.login("Alice");
        Client bob = second.login("Bob");
        Client carol = third.login("Carol");
        Client dave = third.login("Dave");
        Harness.talk(carol, dave);
        for (Client survivor : List.of(alice, bob)) {
            survivor.awaitSeen("Carol", "busy", WAIT);
            survivor.awaitSeen("Dave", "busy", WAIT);
        }
        return new Doomed(three, alice, bob, carol, dave);
    }

    @Test
    void theUsersOfANodeThatDiesStayInTheirLastStateForTheGraceThenAreGone() throws Exception {
        Doomed doomed = carolAndDaveTalkingOnAThirdNode();
        HazelcastInstance three = doomed.three();
        Client alice = doomed.alice();
        Client bob = doomed.bob();
        long firstTimers = first.timers.scheduledSoFar();
        long secondTimers = second.timers.scheduledSoFar();

        three.getLifecycleService().terminate(); // as kill -9: no goodbye

        // Each survivor starts the grace when it hears of the loss; meanwhile nothing changes.
        assertTrue(first.timers.awaitScheduled(firstTimers + 1, WAIT), "the first survivor heard of the loss");
        assertTrue(second.timers.awaitScheduled(secondTimers + 1, WAIT), "the second survivor heard of the loss");
        Client late = first.connect();
        late.send(Harness.msg("type", "login", "name", "carol"));
        late.error("name-taken");
        alice.awaitSeen("Carol", "busy", WAIT);

        first.graceRunsOut();
        second.graceRunsOut();
        for (Client survivor : List.of(alice, bob)) {
            survivor.awaitSeen("Carol", "offline", WAIT);
            survivor.awaitSeen("Dave", "offline", WAIT);
        }
        first.login("Carol"); // on a fresh connection: the grace outlasted the login deadline of the one refused before
        bob.awaitSeen("Carol", "online", WAIT);
        assertEquals(2 + 1, first.users.tokens(), "the dead node's users hold no token: only the three users here and on the second");
    }

    @Test
    void aUserOfANodeThatDiesResumesOnASurvivorWithinTheGraceAndStays() throws Exception {
        Doomed doomed = carolAndDaveTalkingOnAThirdNode();
        HazelcastInstance three = doomed.three();
        Client alice = doomed.alice();
        Client bob = doomed.bob();
        Client carol = doomed.carol();
        long timers = first.timers.scheduledSoFar();

        three.getLifecycleService().terminate(); // as kill -9
        assertTrue(first.timers.awaitScheduled(timers + 1, WAIT), "the first survivor heard of the loss");

        Client back = first.connect().resume(carol.token());
        assertEquals(carol.id(), back.id(), "the same user, not a new one");
        assertEquals("Carol", back.name());
        assertTrue(back.welcome().getJsonArray("users").stream()
                .anyMatch(user -> user.asJsonObject().getString("name").equals("Bob")), "Bob in Carol's welcome");
        bob.awaitSeen("Carol", "online", WAIT); // back, in no call: the call died with its node
        back.awaitSeen("Bob", "online", WAIT);
        Client again = second.connect();
        again.send(Harness.msg("type", "login", "resume", carol.token(), "name", "Carol"));
        again.error("name-taken"); // the token resumes nobody once used, and the name is still Carol's

        first.graceRunsOut();
        second.graceRunsOut();
        bob.awaitSeen("Dave", "offline", WAIT);
        alice.awaitSeen("Dave", "offline", WAIT);
        assertEquals("online", bob.presenceByName().get("Carol"), "Carol stays: she is back");
        Harness.talk(first.login("Erin"), back); // and is called on her new node as its own
    }

    @Test
    void aWelcomeOnEitherNodeListsEveryoneWelcomedBeforeOnEither() {
        List<String> welcomed = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Client client = (i % 2 == 0 ? first : second).login("User" + i);
            List<String> listed = client.welcome().getJsonArray("users").stream()
                    .map(user -> user.asJsonObject().getString("name")).toList();
            assertTrue(listed.containsAll(welcomed), "User" + i + " is welcomed with " + listed + ", not all of " + welcomed);
            welcomed.add("User" + i);
        }
    }

    @Test
    void anInviteReachesAUserOfTheOtherNodeAsSoonAsItIsWelcomed() throws Exception {
        Client alice = first.login("Alice");
        for (int i = 0; i < 10; i++) {
            Client callee = second.login("Callee" + i);
            alice.send(Harness.msg("type", "invite", "to", callee.id()));
            String call = alice.await("calling", WAIT).getString("call");
            assertEquals(call, callee.await("incoming", WAIT).getString("call"));
            alice.send(Harness.msg("type", "hangup", "call", call));
            alice.await("ended", WAIT);
        }
    }

    @Test
    void aNameTakenOnOneNodeIsTakenOnTheOtherInAnyCaseOrLookAlike() {
        first.login("Alice");
        Client again = second.connect();
        again.send(Harness.msg("type", "login", "name", "ALICE"));
        again.error("name-taken");
        again.send(Harness.msg("type", "login", "name", "аlice")); // a Cyrillic а
        again.error("name-taken");
    }

    @Test
    void aNameRacedForOnBothNodesWelcomesExactlyOneOfTheClients() throws Exception {
        for (int round = 0; round < 10; round++) {
            String name = "Dave " + round;
            List<Client> clients = List.of(first.connect(), second.connect(), first.connect(), second.connect());
            GridContract.race(clients.size(), i -> {
                clients.get(i).send(Harness.msg("type", "login", "name", name));
                return null;
            });
            long welcomed = clients.stream().map(Client::next)
                    .filter(reply -> {
                        if ("welcome".equals(reply.getString("type"))) {
                            return true;
                        }
                        assertEquals("name-taken", reply.getString("code"), reply::toString);
                        return false;
                    })
                    .count();
            assertEquals(1, welcomed, name);
        }
    }
}
