package dev.facecall.signaling.control;

import static dev.facecall.signaling.control.Harness.assertRef;
import static dev.facecall.signaling.control.Harness.msg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.facecall.signaling.control.RateLimit.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The protocol's limit: a bucket of 200 messages refilled at 50 a second, {@code rate-limited} at
 * most once a second, and 1008 for a client still being dropped 10 s into a run of drops.
 */
class RateLimitTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    @Nested
    class Bucket {

        private final RateLimit limit = new RateLimit();

        /** Takes {@code count} messages at {@code now}; all of them must pass. */
        private void pass(int count, long now) {
            for (int i = 0; i < count; i++) {
                assertEquals(Verdict.PASS, limit.take(now), "message " + (i + 1) + " of " + count);
            }
        }

        /** Takes messages at {@code now} until one does not pass: how many passed, and that verdict. */
        private Flood flood(long now) {
            int passed = 0;
            for (Verdict verdict = limit.take(now); ; verdict = limit.take(now)) {
                if (verdict != Verdict.PASS) {
                    return new Flood(passed, verdict);
                }
                passed++;
            }
        }

        private record Flood(int passed, Verdict verdict) {}

        /** Floods every 100 ms from {@code from} up to and including {@code to}: the verdicts of the drops. */
        private Verdict floodUntil(long from, long to) {
            Verdict last = null;
            for (long now = from; now - to <= 0; now += 100 * MS) {
                last = flood(now).verdict();
                if (last == Verdict.CLOSE) {
                    throw new AssertionError("closed after " + (now - from) / MS + " ms of flooding");
                }
            }
            return last;
        }

        @ParameterizedTest
        @ValueSource(longs = {0, -4_611_686_018_427_387_904L, Long.MAX_VALUE - 3 * SECOND})
        void aBurstOf200PassesAndThe201stIsDroppedAndTold(long origin) {
            pass(200, origin);

            assertEquals(Verdict.DROP_AND_TELL, limit.take(origin));
        }

        @Test
        void theDropsAfterTheTellAreSilentForASecond() {
            pass(200, 0);
            assertEquals(Verdict.DROP_AND_TELL, limit.take(0));

            for (int i = 0; i < 100; i++) {
                assertEquals(Verdict.DROP, limit.take(0));
            }
            assertEquals(new Flood(25, Verdict.DROP), flood(500 * MS));
            assertEquals(Verdict.DROP, flood(999 * MS).verdict());
            assertEquals(Verdict.DROP_AND_TELL, flood(1000 * MS).verdict());
            assertEquals(Verdict.DROP, flood(1999 * MS).verdict());
            assertEquals(Verdict.DROP_AND_TELL, flood(2000 * MS).verdict());
        }

        @ParameterizedTest
        @ValueSource(longs = {0, -4_611_686_018_427_387_904L, Long.MAX_VALUE - 50 * MS})
        void oneMessageComesBackEvery20Milliseconds(long origin) {
            pass(200, origin);
            assertEquals(Verdict.DROP_AND_TELL, limit.take(origin));

            assertEquals(new Flood(0, Verdict.DROP), flood(origin + 19 * MS));
            assertEquals(new Flood(1, Verdict.DROP), flood(origin + 20 * MS));
            assertEquals(new Flood(0, Verdict.DROP), flood(origin + 39 * MS));
            assertEquals(new Flood(1, Verdict.DROP), flood(origin + 40 * MS));
            assertEquals(new Flood(3, Verdict.DROP), flood(origin + 100 * MS));
        }

        @Test
        void fiftyComeBackEachSecond() {
            pass(200, 0);

            assertEquals(new Flood(50, Verdict.DROP_AND_TELL), flood(SECOND));
            assertEquals(new Flood(150, Verdict.DROP_AND_TELL), flood(4 * SECOND));
        }

        @Test
        void whatIsLeftIsKeptAndTopsUp() {
            pass(100, 0);

            assertEquals(new Flood(150, Verdict.DROP_AND_TELL), flood(SECOND));
        }

        @Test
        void theBucketHoldsNoMoreThan200HoweverLongTheClientWasQuiet() {
            pass(1, 0);

            assertEquals(new Flood(200, Verdict.DROP_AND_TELL), flood(3_600 * SECOND));
        }

        @Test
        void fiftyMessagesASecondPassForever() {
            for (long now = 0; now < 120 * SECOND; now += 20 * MS) {
                assertEquals(Verdict.PASS, limit.take(now), "at " + now / MS + " ms");
            }
        }

        @Test
        void aBurstOf200EveryFourSecondsPassesForever() {
            for (long now = 0; now < 120 * SECOND; now += 4 * SECOND) {
                pass(200, now);
            }
        }

        @ParameterizedTest
        @ValueSource(longs = {0, -4_611_686_018_427_387_904L, Long.MAX_VALUE - 3 * SECOND})
        void aClientStillDroppedTenSecondsAfterTheFirstDropOfARunIsClosed(long origin) {
            pass(200, origin);
            assertEquals(Verdict.DROP_AND_TELL, limit.take(origin));

            floodUntil(origin + 100 * MS, origin + 9_900 * MS);
            assertEquals(Verdict.DROP, flood(origin + 9_999 * MS).verdict());
            assertEquals(Verdict.CLOSE, flood(origin + 10 * SECOND).verdict());
        }

        @Test
        void aRunGoesOnThroughGapsShorterThanASecond() {
            pass(200, 0);
            assertEquals(Verdict.DROP_AND_TELL, limit.take(0));
            floodUntil(100 * MS, 4 * SECOND);

            // 999 ms without a drop: the bucket refills meanwhile, the next drop still belongs to the run.
            assertNotEquals(Verdict.CLOSE, flood(4_999 * MS).verdict());
            floodUntil(5_099 * MS, 9_999 * MS);
            assertEquals(Verdict.CLOSE, flood(10 * SECOND).verdict());
        }

        @Test
        void aRunEndsAfterASecondWithoutDrops() {
            pass(200, 0);
            assertEquals(Verdict.DROP_AND_TELL, limit.take(0));
            floodUntil(100 * MS, 4 * SECOND);

            // A whole second without a drop: the next drop starts a new run, and is told.
            assertEquals(Verdict.DROP_AND_TELL, flood(5 * SECOND).verdict());
            floodUntil(5_100 * MS, 14_900 * MS);
            assertEquals(Verdict.CLOSE, flood(15 * SECOND).verdict());
        }
    }

    /** The same limit as a client meets it, through the exchange, on the harness's hand-cranked clock. */
    @Nested
    class ThroughTheExchange {

        private final Harness server = new Harness();

        /** Sends {@code count} messages that pass and are answered {@code unknown-type}. */
        private void spend(Client client, int count) {
            for (int i = 0; i < count; i++) {
                client.send(msg("type", "dance"));
                client.error("unknown-type");
            }
        }

        @Test
        void theFirstDroppedMessageIsAnsweredRateLimitedWithItsRefAndTheOthersAreNot() {
            Client ann = server.login("Ann");
            spend(ann, 199);

            ann.send(msg("type", "dance", "ref", "d201"));
            ann.send(msg("type", "dance", "ref", "d202"));

            assertRef("d201", ann.error("rate-limited"));
            ann.expectNothingButPresence();
            assertNull(ann.closeCode(), "an error never closes the connection");
        }

        @Test
        void aDroppedMessageIsNotCarriedOut() {
            Client ann = server.login("Ann");
            Client bob = server.login("Bob");
            spend(ann, 199);

            ann.send(msg("type", "invite", "to", bob.id(), "ref", "i1"));

            assertRef("i1", ann.error("rate-limited"));
            bob.expectNothingButPresence();
            server.timers.advance(Duration.ofSeconds(1));
            ann.send(msg("type", "invite", "to", bob.id()));
            ann.next("calling");
        }

        @Test
        void loginCountsToo() {
            Client ann = server.connect();
            for (int i = 0; i < 200; i++) {
                ann.send(msg("type", "login", "name", "<" + i + ">"));
                ann.error("invalid-name");
            }

            ann.send(msg("type", "login", "name", "Ann"));

            ann.error("rate-limited");
            ann.expectNothing();
            server.timers.advance(Duration.ofMillis(20));
            ann.login("Ann");
        }

        @Test
        void eachConnectionHasItsOwnBucket() {
            Client ann = server.login("Ann");
            Client bob = server.login("Bob");
            spend(ann, 199);
            ann.send(msg("type", "dance"));
            ann.error("rate-limited");

            bob.send(msg("type", "dance"));

            bob.error("unknown-type");
        }

        @Test
        void aClientFloodingForTenSecondsIsClosedWith1008() {
            Client ann = server.login("Ann");
            spend(ann, 199);

            for (int tenth = 0; tenth < 100; tenth++) {
                floodATenth(ann);
                assertNull(ann.closeCode(), "closed after " + tenth * 100 + " ms");
            }
            floodATenth(ann);

            assertEquals(1008, ann.closeCode());
        }

        @Test
        void aFloodingClientIsClosedOnceAndWhatItStillSendsIsDroppedWithoutAWord() {
            Client ann = server.login("Ann");
            spend(ann, 199);
            for (int tenth = 0; tenth <= 100; tenth++) {
                floodATenth(ann);
            }
            assertEquals(1008, ann.closeCode());

            for (int tenth = 0; tenth < 20; tenth++) {
                floodATenth(ann);
            }
            assertEquals(1, ann.closes(), "closed again for each message after the first close");
            assertEquals(List.of(), ann.afterClose(), "answered after the close");
        }

        @Test
        void aClientThatPausesForASecondStartsAFreshRun() {
            Client ann = server.login("Ann");
            spend(ann, 199);
            for (int tenth = 0; tenth < 60; tenth++) {
                floodATenth(ann);
            }

            // The last drop was at 5.9 s; the next comes a whole second later, at 6.9 s.
            server.timers.advance(Duration.ofMillis(900));
            for (int tenth = 0; tenth < 99; tenth++) {
                floodATenth(ann);
            }

            assertNull(ann.closeCode());
        }

        /** Sends twice what the bucket refills in 100 ms, so that some are dropped, then lets 100 ms pass. */
        private void floodATenth(Client client) {
            for (int sent = 0; sent < 10; sent++) {
                client.send(msg("type", "dance"));
            }
            client.drain();
            server.timers.advance(Duration.ofMillis(100));
        }
    }
}
