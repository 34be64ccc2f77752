package dev.facecall.signaling.control;

import static dev.facecall.signaling.control.Harness.msg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.facecall.signaling.entity.CloseCode;
import dev.facecall.signaling.entity.ServerMessage;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A link whose socket fails while the rules send to it learns of the failure on the sending
 * thread, under the locks the rules hold for that send: a presence round holds the recipient's
 * lock, a relay the call's and then the peer's. When the failure is reported from there (as the
 * container reports a close from inside a failed write), the lost-connection path must not take the
 * call's lock under the user's: it runs later, on the timers' thread. Here, many times over, a
 * presence round and a relay run into the same failing link at once: nothing deadlocks, and the
 * timers go on running.
 */
class LockOrderTest {

    private static final int ROUNDS = 300;
    private static final long WAIT_SECONDS = 10;

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final Timers timers = (delay, task) -> scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    private final Users users = new Users();
    private final Exchange exchange = new Exchange(users, new Calls(), timers,
            new Settings(Duration.ofSeconds(30), Duration.ofSeconds(15), JsonValue.EMPTY_JSON_ARRAY, Duration.ZERO,
                    Settings.LOGIN_DEADLINE, "all"),
            Clock.systemUTC(), System::nanoTime);
    private final AtomicReference<Throwable> escaped = new AtomicReference<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /**
     * A connection's link that, once armed, fails at its next send: it reports its connection
     * closed from inside that send, as a container does, and takes nothing more.
     */
    private final class FailingLink implements Link {

        private final RecordingLink recording = new RecordingLink();
        private volatile Connection connection;
        private volatile boolean armed;
        private volatile boolean failed;

        @Override
        public void send(ServerMessage message) {
            if (failed) {
                return;
            }
            if (armed) {
                failed = true;
                recording.drop();
                exchange.closed(connection);
                return;
            }
            recording.send(message);
        }

        @Override
        public void close(CloseCode code, String reason) {
            recording.close(code, reason);
        }

        @Override
        public void closeNow(CloseCode code, String reason) {
            recording.closeNow(code, reason);
        }

        JsonObject next(String type) {
            for (JsonObject message : recording.drain()) {
                if (type.equals(message.getString("type"))) {
                    return message;
                }
            }
            return fail("no " + type);
        }
    }

    private FailingLink login(String name) {
        FailingLink link = new FailingLink();
        link.connection = new Connection(link);
        exchange.opened(link.connection);
        exchange.receive(link.connection, MessageReader.open(msg("type", "login", "name", name)));
        link.next("welcome");
        return link;
    }

    private void send(FailingLink link, String text) {
        exchange.receive(link.connection, MessageReader.open(text));
    }

    @Test
    void aLinkFailingInsideAPresenceRoundAndARelayAtOnceDeadlocksNothing() throws InterruptedException {
        for (int round = 0; round < ROUNDS; round++) {
            FailingLink ann = login("Ann " + round);
            String bobName = "Bob " + round;
            FailingLink bob = login(bobName);
            String bobId = users.all().stream().filter(u -> u.name().equals(bobName)).findFirst().orElseThrow().id();
            send(ann, msg("type", "invite", "to", bobId));
            String call = ann.next("calling").getString("call");
            send(bob, msg("type", "accept", "call", call));
            bob.next("accepted");
            bob.armed = true;

            CountDownLatch go = new CountDownLatch(1);
            String signal = msg("type", "signal", "call", call, "to", bobId, "data", JsonValue.EMPTY_JSON_OBJECT);
            int n = round;
            Thread relaying = start(go, () -> {
                for (int i = 0; i < 20; i++) {
                    send(ann, signal);
                }
            });
            Thread comingAndGoing = start(go, () -> {
                FailingLink carol = login("Carol " + n);
                send(carol, msg("type", "logout"));
            });
            go.countDown();
            join(relaying, comingAndGoing);
            send(ann, msg("type", "logout"));
        }
        assertNull(escaped.get(), () -> "escaped the rules: " + escaped.get());
        CountDownLatch ran = new CountDownLatch(1);
        timers.after(Duration.ofMillis(10), ran::countDown);
        assertTrue(ran.await(WAIT_SECONDS, TimeUnit.SECONDS), "the timers stopped running");
    }

    private Thread start(CountDownLatch go, Runnable action) {
        Thread thread = new Thread(() -> {
            try {
                go.await();
                action.run();
            } catch (Throwable e) {
                escaped.compareAndSet(null, e);
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread... threads) throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        }
        long[] deadlocked = ManagementFactory.getThreadMXBean().findMonitorDeadlockedThreads();
        assertNull(deadlocked, () -> "deadlocked: " + describe(deadlocked));
        List<Thread> running = new ArrayList<>(Arrays.stream(threads).filter(Thread::isAlive).toList());
        assertEquals(List.of(), running, "still running");
    }

    private static String describe(long[] ids) {
        StringBuilder text = new StringBuilder();
        for (var info : ManagementFactory.getThreadMXBean().getThreadInfo(ids, true, true)) {
            text.append(info);
        }
        return text.toString();
    }
}
