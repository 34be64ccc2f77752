package dev.facecall.signaling.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecall.signaling.entity.ServerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Keepalive judges a client by what it could have heard: a ping waiting behind the server's own
 * backlog does not start the client's time to answer, but a connection whose sends stop completing
 * is dropped like a silent one. Time here is a number the test moves by hand.
 */
class KeepaliveTest {

    private static final long PING_AFTER = Duration.ofSeconds(20).toNanos();
    private static final long CLOSE_AFTER = Duration.ofSeconds(45).toNanos();
    private static final long ANSWER_WITHIN = CLOSE_AFTER - PING_AFTER;

    private long now = 1_000;
    /** Every share drawn is 0: pinged after exactly 20 s. */
    private final Keepalive keepalive = new Keepalive(Duration.ofNanos(PING_AFTER), Duration.ofNanos(CLOSE_AFTER), bound -> 0);
    private final FakeSession session = new FakeSession();
    private int lost;
    private final SessionLink link = new SessionLink(session.proxy(), () -> lost++, Runnable::run, () -> now);

    KeepaliveTest() {
        keepalive.watch(link);
    }

    @Test
    void anIdleClientThatNeverAnswersIsPingedThenClosedWith1001() {
        sweepAt(PING_AFTER - 1);
        assertEquals(List.of(), session.written);
        sweepAt(PING_AFTER);
        assertEquals(List.of("ping"), session.written);
        sweepAt(CLOSE_AFTER - 1);
        assertEquals(0, lost);
        sweepAt(CLOSE_AFTER);
        assertEquals(List.of("ping", "close 1001"), session.written);
        assertEquals(1, lost);
    }

    @Test
    void aPongKeepsTheClientConnected() {
        sweepAt(PING_AFTER);
        at(PING_AFTER + 5);
        link.heard();
        sweepAt(2 * PING_AFTER);
        assertEquals(List.of("ping"), session.written, "no second ping before 20 s of new silence");
        sweepAt(CLOSE_AFTER);
        assertEquals(List.of("ping", "ping"), session.written, "pinged again, not closed");
        assertEquals(0, lost);
    }

    @Test
    void thePingJumpsAheadOfQueuedMessages() {
        link.send(message(1));
        link.send(message(2));
        link.send(message(3));
        sweepAt(PING_AFTER);
        session.completeAll();
        assertEquals(List.of("text 1", "ping", "text 2", "text 3"), session.written);
    }

    @Test
    void aClientBehindASlowSendGetsItsFullTimeToAnswerFromWhenThePingLeft() {
        link.send(message(1));
        sweepAt(PING_AFTER);
        assertEquals(List.of("text 1"), session.written, "the ping waits for the send in flight");
        long pingLeft = CLOSE_AFTER - 1;
        at(pingLeft);
        session.completeOne();
        assertEquals(List.of("text 1", "ping"), session.written);
        sweepAt(CLOSE_AFTER + 1);
        sweepAt(pingLeft + ANSWER_WITHIN - 1);
        assertEquals(List.of("text 1", "ping"), session.written, "silent over 45 s, but pinged only lately");
        assertEquals(0, lost);
        sweepAt(pingLeft + ANSWER_WITHIN);
        assertEquals(List.of("text 1", "ping", "close 1001"), session.written, "no answer in the 25 s it had");
        assertEquals(1, lost);
    }

    @Test
    void aConnectionWhoseSendNeverCompletesIsDroppedAtTheSameLimit() {
        link.send(message(1)); // in flight forever: the peer's TCP window stays shut
        sweepAt(PING_AFTER);
        sweepAt(CLOSE_AFTER - 1);
        assertEquals(0, lost);
        sweepAt(CLOSE_AFTER);
        assertEquals(List.of("text 1", "close 1001"), session.written);
        assertEquals(1, lost);
    }

    @Test
    void usersWhoCameTogetherArePingedSpreadOverTheNextQuarterOfTheSilence() {
        int users = 1000;
        long spread = Duration.ofSeconds(5).toNanos();
        SplittableRandom random = new SplittableRandom(1);
        Keepalive spreading = new Keepalive(Duration.ofNanos(PING_AFTER), Duration.ofNanos(CLOSE_AFTER), random::nextLong);
        long sweepEvery = spreading.sweepEvery().toNanos();
        List<FakeSession> sessions = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            FakeSession together = new FakeSession();
            sessions.add(together);
            spreading.watch(new SessionLink(together.proxy(), () -> lost++, Runnable::run, () -> now));
        }
        int pinged = 0;
        int mostInOneSweep = 0;
        for (long time = 0; time <= PING_AFTER + spread; time += sweepEvery) {
            at(time);
            spreading.sweep(now);
            int total = (int) sessions.stream().filter(one -> one.written.contains("ping")).count();
            if (time < PING_AFTER) {
                assertEquals(0, total, "pinged before 20 s of silence");
            }
            mostInOneSweep = Math.max(mostInOneSweep, total - pinged);
            pinged = total;
        }
        assertEquals(users, pinged, "every one pinged within 20 to 25 s");
        assertTrue(mostInOneSweep <= users / 10, mostInOneSweep + " of " + users + " pinged in one sweep");
        assertEquals(0, lost);
    }

    @Test
    void whatGoesWrongWithOneConnectionNeitherStopsTheSweepForTheOthersNorTheNextSweeps() {
        for (int i = 0; i < 20; i++) {
            FakeSession broken = new FakeSession();
            broken.idFails = new IllegalStateException("session recycled");
            keepalive.watch(new SessionLink(broken.proxy(), () -> { }, Runnable::run, () -> now));
        }
        sweepAt(CLOSE_AFTER);
        assertEquals(List.of("ping"), session.written, "the healthy connection was not pinged");
        sweepAt(CLOSE_AFTER + ANSWER_WITHIN);
        assertEquals(List.of("ping", "close 1001"), session.written, "later sweeps stopped");
    }

    private void sweepAt(long time) {
        at(time);
        keepalive.sweep(now);
    }

    /** Sets the clock {@code time} nanoseconds after the link was made. */
    private void at(long time) {
        now = 1_000 + time;
    }

    private static ServerMessage message(int n) {
        return new ServerMessage.Error("invalid", String.valueOf(n), null);
    }
}
