package dev.facecall.signaling.control;

import com.hazelcast.core.HazelcastInstance;
import dev.facecall.signaling.grid.GridMembers;
import dev.facecall.signaling.grid.HazelcastGrid;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Two nodes of one cluster for each test: two Hazelcast members on 127.0.0.1, a fresh cluster each
 * time, and the rules wired on each as the application wires them. A third member may join
 * ({@link #thirdNode}). What a client hears from the other node comes on the grid's threads, so the
 * tests wait for it, within {@link #WAIT}.
 */
abstract class TwoNodes {

    static final Duration WAIT = Duration.ofSeconds(20);

    HazelcastInstance one;
    HazelcastInstance two;
    Harness first;
    Harness second;
    private GridMembers members;
    private HazelcastInstance three;

    @BeforeEach
    void startTwoNodes() {
        members = new GridMembers(3);
        one = members.start(0);
        two = members.start(1);
        first = new Harness(new HazelcastGrid(one), Duration.ZERO);
        second = new Harness(new HazelcastGrid(two), Duration.ZERO);
    }

    @AfterEach
    void stopThem() {
        if (three != null) {
            three.getLifecycleService().terminate(); // a test that let it live frees its port for the next
        }
        two.getLifecycleService().terminate();
        one.getLifecycleService().terminate();
    }

    /** A third member of the cluster, the rules wired on it: terminate it to see it die. */
    HazelcastInstance thirdMember() {
        three = members.start(2);
        return three;
    }

    static Harness thirdNode(HazelcastInstance three) {
        return new Harness(new HazelcastGrid(three), Duration.ZERO);
    }
}
