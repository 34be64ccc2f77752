package dev.facecall.signaling.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.core.HazelcastInstance;
import dev.facecall.signaling.grid.GridMembers;
import dev.facecall.signaling.grid.HazelcastGrid;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules on two nodes of one cluster (two Hazelcast members on 127.0.0.1, a fresh cluster for
 * each test): one name space and one user list. A client of one node hears of the other node's
 * users on the grid's threads, so these tests wait for what they expect, within {@link #WAIT}.
 */
class TwoNodesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private HazelcastInstance one;
    private HazelcastInstance two;
    private Harness first;
    private Harness second;

    @BeforeEach
    void startTwoNodes() {
        GridMembers members = new GridMembers(2);
        one = members.start(0);
        two = members.start(1);
        first = new Harness(new HazelcastGrid(one), Duration.ZERO);
        second = new Harness(new HazelcastGrid(two), Duration.ZERO);
    }

    @AfterEach
    void stopThem() {
        two.getLifecycleService().terminate();
        one.getLifecycleService().terminate();
    }

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
