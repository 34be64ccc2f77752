package dev.facecall.signaling.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecall.signaling.entity.CloseCode;
import dev.facecall.signaling.entity.ServerMessage;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * The writer of one session: memory per client is bounded in bytes, and a close or a lost
 * connection never runs on the thread that learnt of it, which may hold the rules' locks or the
 * container's.
 */
class SessionLinkTest {

    private final FakeSession session = new FakeSession();
    private final Queue<Runnable> later = new ArrayDeque<>();
    private int lost;
    private final SessionLink link = new SessionLink(session.proxy(), () -> lost++, later::add, () -> 0);

    private static ServerMessage message(String text) {
        return new ServerMessage.Error("invalid", text, null);
    }

    private void runLater() {
        while (!later.isEmpty()) {
            later.poll().run();
        }
    }

    @Test
    void aClientThatDoesNotReadIsClosedWith1013OnceAboutAMebibyteWaitsForIt() {
        String large = "x".repeat(60_000);
        int sent = 0;
        while (!session.written.contains("close 1013") && sent < 100) {
            link.send(message(large));
            sent++;
            runLater();
        }
        assertTrue(session.written.contains("close 1013"), "never closed: " + session.written.size() + " frames");
        assertTrue(sent * 60_000L > SessionLink.MAX_QUEUED_CHARS && (sent - 1) * 60_000L <= SessionLink.MAX_QUEUED_CHARS + 60_000,
                "closed after " + sent + " messages of 60 000 characters");
        assertEquals(1, lost, "given up as lost once");
        link.send(message("more"));
        runLater();
        assertEquals("close 1013", session.written.get(session.written.size() - 1), "nothing queued after the close");
    }

    @Test
    void aClientThatReadsMayBeSentAnyAmount() {
        String large = "x".repeat(60_000);
        for (int i = 0; i < 100; i++) {
            link.send(message(large));
            session.completeAll();
        }
        runLater();
        assertEquals(100, session.written.size());
        assertEquals(0, lost);
    }

    @Test
    void aFailedSendClosesAndIsLostOnAnotherThreadNeverInsideTheSend() {
        link.send(message("1"));
        session.failOne();
        assertEquals(List.of("text 1"), session.written, "closed on the thread of the failed send");
        assertEquals(0, lost, "lost on the thread of the failed send");
        runLater();
        assertEquals(List.of("text 1", "close 1001"), session.written);
        assertEquals(1, lost);
    }

    @Test
    void theContainersCloseCallbackInsideCloseDoesNotRunTheLostPathThere() {
        int[] lostInsideClose = {-1};
        session.onClose = () -> {
            link.lost(); // the endpoint's @OnClose, run by the container inside session.close
            lostInsideClose[0] = lost;
        };
        link.close(CloseCode.NORMAL, "logout");
        runLater();
        assertEquals(0, lostInsideClose[0], "the lost-connection path ran inside the container's close");
        assertEquals(1, lost);
    }

    @Test
    void closingNowGoesAheadOfEverythingQueued() {
        link.send(message("1"));
        link.send(message("2"));
        link.send(message("3"));
        link.closeNow(CloseCode.GOING_AWAY, "server shutting down");
        session.completeAll();
        runLater();
        assertEquals(List.of("text 1", "close 1001"), session.written);
        assertEquals(1, lost);
    }

    @Test
    void anOrdinaryCloseWaitsForWhatWasQueuedBefore() {
        link.send(message("1"));
        link.send(message("2"));
        link.close(CloseCode.NORMAL, "logout");
        session.completeAll();
        runLater();
        assertEquals(List.of("text 1", "text 2", "close 1000"), session.written);
    }
}
