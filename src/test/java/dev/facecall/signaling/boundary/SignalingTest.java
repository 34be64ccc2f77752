package dev.facecall.signaling.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecall.signaling.control.Calls;
import dev.facecall.signaling.control.MessageReader;
import dev.facecall.signaling.control.SingleNodeGrid;
import dev.facecall.signaling.control.Users;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import org.junit.jupiter.api.Test;

/**
 * The signaling service from start to shutdown, wired by hand as the container wires it: readiness
 * says DOWN first, then nobody new comes in, then every client is told 1001 ahead of its backlog.
 */
class SignalingTest {

    private final Signaling signaling = new Signaling();

    SignalingTest() {
        signaling.grid = new SingleNodeGrid();
        signaling.users = new Users(signaling.grid);
        signaling.calls = new Calls();
        signaling.configuration = defaults();
        signaling.threadFactory = new ThreadsForTests();
    }

    static Configuration defaults() {
        Configuration configuration = new Configuration();
        configuration.ringSeconds = 30;
        configuration.resumeSeconds = 15;
        configuration.iceServers = "[]";
        configuration.presenceCoalesceMillis = 0;
        configuration.pingAfterMillis = 20_000;
        configuration.closeAfterMillis = 45_000;
        configuration.loginDeadlineSeconds = 10;
        configuration.allowedOrigins = " ";
        configuration.allowedHosts = " ";
        configuration.trustedProxies = " ";
        configuration.maxConnectionsPerAddress = 100;
        configuration.iceTransportPolicy = "all";
        configuration.turnSecret = " ";
        configuration.turnUrls = " ";
        configuration.turnTtlSeconds = 86_400;
        configuration.httpsPort = 0;
        return configuration;
    }

    /** What {@link SignalingHealth} reports as UP or DOWN. */
    @Test
    void readyIsFalseUntilStartedTrueWhileServingAndFalseOnceStopping() {
        assertFalse(signaling.isServing());
        signaling.start(null);
        assertTrue(signaling.isServing());
        signaling.stop();
        assertFalse(signaling.isServing());
    }

    @Test
    void onShutdownNobodyNewComesInAndEveryClientIsToldGoingAwayAheadOfItsBacklog() {
        signaling.start(null);
        FakeSession busy = new FakeSession();
        Peer peer = signaling.open(busy.proxy());
        for (int i = 0; i < 5; i++) {
            peer.text(MessageReader.open("{\"type\":\"nope\"}")); // answers queue up behind the one in flight
        }
        FakeSession idle = new FakeSession();
        signaling.open(idle.proxy());

        signaling.stop();

        assertEquals(Admission.Verdict.DRAINING, signaling.admission().admit("192.0.2.1"));
        awaitClosed(busy);
        List<String> written = snapshot(busy);
        assertEquals(List.of("close 1001"), written.subList(1, written.size()),
                "only the answer in flight went out before the close; the rest waited behind it");
        awaitClosed(idle);
        assertEquals(List.of("close 1001"), snapshot(idle));
    }

    @Test
    void aLoginOnAnOpenConnectionWhileStoppingClosesItInsteadOfWelcomingIt() {
        signaling.start(null);
        FakeSession late = new FakeSession();
        Peer peer = signaling.open(late.proxy());
        signaling.admission().drain();
        peer.text(MessageReader.open("{\"type\":\"login\",\"name\":\"Late\"}"));
        awaitClosed(late);
        assertEquals(List.of("close 1001"), snapshot(late), "welcomed while stopping");
        assertEquals(0, signaling.users.count());
    }

    /** Waits until the scheduler has run the close handed to it. */
    private static void awaitClosed(FakeSession session) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (snapshot(session).stream().noneMatch(frame -> frame.startsWith("close")) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private static List<String> snapshot(FakeSession session) {
        synchronized (session.written) {
            return List.copyOf(session.written);
        }
    }

    /** The container's thread factory, as plain threads. */
    static final class ThreadsForTests implements ManagedThreadFactory {

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task);
            thread.setDaemon(true);
            return thread;
        }

        @Override
        public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
            return ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        }
    }
}
