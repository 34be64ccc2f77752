package dev.facecall.signaling.control;

import static dev.facecall.signaling.control.Harness.msg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many people on many threads log in, call, answer, hang up, talk, log out, lose their connection
 * and resume, all at once, while the ring timeouts, the graces and the presence ticks fire on a
 * thread of their own. Then everyone leaves. What must hold however the threads interleave: no
 * exception escapes, nothing deadlocks, no client ever has two live calls (except for the moment
 * an {@code ended} is on its way), each call ends exactly once for each member still there, and
 * the registries end empty.
 */
class StressTest {

    private static final int THREADS = 12;
    private static final int PEOPLE_PER_THREAD = 6;
    private static final int OPERATIONS_PER_THREAD = 1_500;
    private static final int OPERATIONS_PER_TICK = 25;
    /** How many ticks the timers may lag behind the people before the people wait for them. */
    private static final int TICKS_BEHIND = 8;
    /**
     * Short, as the timers go: a tick passes half a second on average and each person acts about
     * once in three ticks, so some calls time out and some graces run out.
     */
    private static final Duration RING_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RESUME_GRACE = Duration.ofSeconds(6);
    private static final Duration PRESENCE_COALESCE = Duration.ofMillis(100);
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** What the server may answer to people who act on what they know, which may be out of date by then. */
    private static final Set<String> EXPECTED_ERRORS = Set.of("busy", "no-such-call", "no-such-user");
    private static final Set<String> SERVER_TYPES = Set.of("welcome", "presence", "calling", "incoming", "accepted",
            "ended", "signal", "chat", "media", "peer", "error");

    private static final Logger RULES_LOG = Logger.getLogger("dev.facecall.signaling");
    private static Level loggedBefore;

    @BeforeAll
    static void quiet() {
        loggedBefore = RULES_LOG.getLevel();
        RULES_LOG.setLevel(Level.WARNING);
    }

    @AfterAll
    static void loud() {
        RULES_LOG.setLevel(loggedBefore);
    }

    private final long seed = System.nanoTime();
    private final Users users = new Users();
    private final Calls calls = new Calls();
    private final ManualTimers timers = new ManualTimers();
    private final AtomicLong nanos = new AtomicLong();
    /**
     * Each message a whole second after the one before, as the rate limit sees it: it never drops one.
     * The login deadline is a day: the ticker moves time on from its own thread, by more than 10 s
     * at once when a worker is slow, between a connection opening and its login.
     */
    private final Exchange exchange = new Exchange(users, calls, timers,
            new Settings(RING_TIMEOUT, RESUME_GRACE, JsonValue.EMPTY_JSON_ARRAY, PRESENCE_COALESCE, Duration.ofDays(1), "all"),
            Clock.systemUTC(), () -> nanos.addAndGet(TimeUnit.SECONDS.toNanos(1)));
    /** Who can be called: each person's current user id, as its welcome told it. */
    private final Map<String, String> directory = new ConcurrentHashMap<>();
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final Semaphore ticks = new Semaphore(0);
    private final Semaphore lag = new Semaphore(TICKS_BEHIND);
    private volatile boolean running = true;

    @Test
    void callsHoldUpUnderConcurrentUse() throws InterruptedException {
        List<List<Person>> crowds = new ArrayList<>();
        List<Person> everyone = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            List<Person> crowd = new ArrayList<>();
            for (int p = 0; p < PEOPLE_PER_THREAD; p++) {
                Person person = new Person("t" + t + "p" + p, new Random(seed * 31 + t * 100 + p));
                crowd.add(person);
                everyone.add(person);
            }
            crowds.add(crowd);
        }

        runConcurrently(crowds);
        assertNoFailures();

        Map<String, Membership> quiesced = quiesce(everyone);
        List<Departure> departures = everyoneLeaves(everyone);
        assertNoFailures();

        assertEquals(0, users.count(), this::context);
        assertEquals(0, calls.count(), this::context);
        assertEquals(0, users.tokens(), this::context);
        assertEndedOnceForWhoeverWasLeft(everyone, quiesced, departures);
        Map<String, Integer> errors = new TreeMap<>();
        everyone.forEach(person -> person.errors.forEach((code, n) -> errors.merge(code, n, Integer::sum)));
        assertTrue(EXPECTED_ERRORS.containsAll(errors.keySet()), () -> "unexpected errors " + errors + context());
    }

    private void runConcurrently(List<List<Person>> crowds) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < crowds.size(); t++) {
            List<Person> crowd = crowds.get(t);
            Random random = new Random(seed + t);
            workers.add(thread("worker-" + t, () -> {
                start.await();
                for (int op = 1; op <= OPERATIONS_PER_THREAD; op++) {
                    crowd.get(random.nextInt(crowd.size())).act();
                    if (op % OPERATIONS_PER_TICK == 0) {
                        lag.acquire();
                        ticks.release();
                    }
                }
            }));
        }
        Random clockRandom = new Random(seed - 1);
        Thread clock = thread("timers", () -> {
            try {
                while (true) {
                    ticks.acquire();
                    if (!running) {
                        return;
                    }
                    timers.advance(Duration.ofMillis(clockRandom.nextInt(1_000)));
                    lag.release();
                }
            } finally {
                lag.release(OPERATIONS_PER_THREAD * THREADS); // no one waits for timers that stopped
            }
        });
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        start.countDown();
        for (Thread worker : workers) {
            awaitEnd(worker, deadline);
        }
        running = false;
        ticks.release();
        awaitEnd(clock, deadline);
    }

    private Thread thread(String name, Work work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (Throwable failure) {
                failures.add(new AssertionError(Thread.currentThread().getName() + " failed: " + failure, failure));
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @FunctionalInterface
    private interface Work {

        void run() throws Exception;
    }

    private void awaitEnd(Thread thread, long deadline) throws InterruptedException {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if (thread.isAlive()) {
            String dump = threadDump();
            System.err.println(dump);
            fail(thread.getName() + " still runs after " + DEADLINE.toSeconds() + " s: a deadlock or a livelock?"
                    + context() + "\n" + dump);
        }
    }

    private void assertNoFailures() {
        if (!failures.isEmpty()) {
            AssertionError first = new AssertionError(failures.size() + " failures" + context(), failures.peek());
            failures.stream().skip(1).limit(10).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** The threads are done: everyone reconnecting comes back, and each client's view must match the server. */
    private Map<String, Membership> quiesce(List<Person> everyone) {
        everyone.forEach(Person::absorb);
        for (Person person : everyone) {
            if (person.lost) {
                person.resume(false);
            }
        }
        Map<String, Membership> memberships = new HashMap<>();
        int present = 0;
        for (Person person : everyone) {
            if (person.connection == null) {
                continue;
            }
            present++;
            User user = users.byId(person.user).orElse(null);
            assertNotNull(user, () -> person + " is logged in but the server has no such user" + context());
            Call call = user.call();
            CallView view = person.views.get(person.user);
            Set<String> truth = call == null ? Set.of() : Set.of(call.id());
            assertEquals(truth, view.live(), () -> "what " + person + " believes live; " + view + context());
            assertEquals(Set.of(), view.overtaken(), () -> view + context());
            for (String opened : view.opened()) {
                if (!truth.contains(opened)) {
                    assertEquals(1, view.endings(opened), () -> person + " heard call " + opened + " end "
                            + view.endings(opened) + " times; " + view + context());
                }
            }
            if (call != null) {
                memberships.put(person.user, new Membership(call.id(), call.peerOf(user).id()));
            }
        }
        assertEquals(present, users.count(), () -> "users on the server" + context());
        return memberships;
    }

    /** The call a user was in once the threads were done, and the other member. */
    private record Membership(String call, String peer) {}

    /** How one user left, in the order they left. */
    private record Departure(String user, boolean loggedOut) {}

    private List<Departure> everyoneLeaves(List<Person> everyone) {
        Random random = new Random(seed + 7);
        List<Departure> departures = new ArrayList<>();
        for (Person person : everyone) {
            if (person.connection != null) {
                boolean logOut = random.nextBoolean();
                departures.add(new Departure(person.user, logOut));
                if (logOut) {
                    person.logOut();
                } else {
                    person.loseConnection();
                }
            }
        }
        timers.advance(RING_TIMEOUT.plus(RESUME_GRACE).multipliedBy(2));
        everyone.forEach(Person::absorb);
        return departures;
    }

    /**
     * Of the calls that were live when everyone left, a member hears its end only when the peer left
     * first by logging out: a leaving user hears nothing, and a peer that only lost its connection is
     * still reconnecting when the member leaves.
     */
    private void assertEndedOnceForWhoeverWasLeft(List<Person> everyone, Map<String, Membership> quiesced,
            List<Departure> departures) {
        Map<String, Integer> order = new HashMap<>();
        Map<String, Boolean> loggedOut = new HashMap<>();
        for (int i = 0; i < departures.size(); i++) {
            order.put(departures.get(i).user(), i);
            loggedOut.put(departures.get(i).user(), departures.get(i).loggedOut());
        }
        for (Person person : everyone) {
            for (Map.Entry<String, CallView> entry : person.views.entrySet()) {
                Membership membership = quiesced.get(entry.getKey());
                if (membership == null) {
                    continue;
                }
                boolean peerHungUpFirst = order.get(membership.peer()) < order.get(entry.getKey())
                        && loggedOut.get(membership.peer());
                CallView view = entry.getValue();
                assertEquals(peerHungUpFirst ? 1 : 0, view.endings(membership.call()),
                        () -> "the last call of " + view + ", " + membership + context());
            }
        }
    }

    private String context() {
        return " (seed " + seed + ", " + users.count() + " users, " + calls.count() + " calls, " + users.tokens()
                + " tokens)";
    }

    /** What a peer knows of one of its calls. */
    private record KnownCall(String peer, boolean callee, boolean accepted) {}

    /**
     * One person at a client, acting only on what its client has heard. A person belongs to one
     * worker thread while the threads run, and to the test's thread afterwards.
     */
    private final class Person {

        private final String label;
        private final Random random;
        private final Map<Client, String> userOf = new IdentityHashMap<>();
        private final Map<Client, List<JsonObject>> beforeWelcome = new IdentityHashMap<>();
        /** What each user this person has been heard, over all its connections. */
        final Map<String, CallView> views = new LinkedHashMap<>();
        final Map<String, Integer> errors = new TreeMap<>();
        private final Map<String, KnownCall> known = new LinkedHashMap<>();
        Client connection;
        String user;
        boolean lost;
        private String token;
        private int logins;

        Person(String label, Random random) {
            this.label = label;
            this.random = random;
        }

        void act() {
            if (connection == null) {
                logIn();
            } else if (lost) {
                if (random.nextInt(10) < 2) {
                    resume(false);
                }
            } else {
                int dice = random.nextInt(100);
                if (dice < 20) {
                    invite();
                } else if (dice < 35) {
                    answer("accept");
                } else if (dice < 39) {
                    answer("reject");
                } else if (dice < 47) {
                    hangUp();
                } else if (dice < 60) {
                    relay("signal");
                } else if (dice < 70) {
                    relay("chat");
                } else if (dice < 75) {
                    relay("media");
                } else if (dice < 77) {
                    logOut();
                } else if (dice < 82) {
                    loseConnection();
                } else if (dice < 84) {
                    resume(true);
                }
            }
            absorb();
        }

        private String freshName() {
            return label + "n" + logins++;
        }

        private void logIn() {
            connection = new Client(exchange, timers);
            connection.send(msg("type", "login", "name", freshName()));
            absorb();
        }

        /**
         * A new connection logs in with the latest token: after a lost connection, or as a network
         * switch while the old one still looks open, which the server then closes. If the grace ran
         * out meanwhile, this is a plain login under a fresh name.
         */
        void resume(boolean switching) {
            Client old = connection;
            absorb();
            connection = new Client(exchange, timers);
            connection.send(msg("type", "login", "resume", token, "name", freshName()));
            if (switching) {
                absorb(old);
                assertEquals(4001, old.closeCode(), () -> this + ": the connection taken over must be closed with 4001");
                old.disconnect();
            }
            lost = false;
            absorb();
        }

        private void invite() {
            List<String> others = directory.values().stream().filter(id -> !id.equals(user)).toList();
            if (!others.isEmpty()) {
                connection.send(msg("type", "invite", "to", others.get(random.nextInt(others.size()))));
            }
        }

        private void answer(String how) {
            known.entrySet().stream().filter(e -> e.getValue().callee() && !e.getValue().accepted()).findFirst()
                    .ifPresent(e -> connection.send(msg("type", how, "call", e.getKey())));
        }

        private void hangUp() {
            known.keySet().stream().findFirst().ifPresent(call -> connection.send(msg("type", "hangup", "call", call)));
        }

        private void relay(String type) {
            known.entrySet().stream().filter(e -> e.getValue().accepted()).findFirst().ifPresent(e -> connection.send(
                    switch (type) {
                        case "signal" -> msg("type", type, "call", e.getKey(), "to", e.getValue().peer(),
                                "data", Harness.json("{\"candidate\":{\"candidate\":\"\"}}"));
                        case "chat" -> msg("type", type, "call", e.getKey(), "text", "hi from " + label);
                        default -> msg("type", type, "call", e.getKey(), "audio", random.nextBoolean(),
                                "video", true, "screen", false);
                    }));
        }

        void logOut() {
            connection.send(msg("type", "logout"));
            absorb();
            assertEquals(1000, connection.closeCode(), () -> this + ": a logout closes with 1000");
            connection.disconnect();
            directory.remove(label, user);
            connection = null;
            user = null;
            known.clear();
        }

        /** The connection closes under the client: the server learns it at once. */
        void loseConnection() {
            connection.disconnect();
            absorb();
            lost = true;
        }

        void absorb() {
            if (connection != null) {
                absorb(connection);
            }
        }

        private void absorb(Client client) {
            for (JsonObject message : client.drain()) {
                take(client, message);
            }
        }

        private void take(Client client, JsonObject message) {
            String type = message.getString("type", null);
            assertTrue(SERVER_TYPES.contains(type), () -> this + " got " + message);
            String heard = userOf.get(client);
            if (type.equals("welcome")) {
                welcomed(client, message);
                beforeWelcome.getOrDefault(client, List.of()).forEach(early -> take(client, early));
                beforeWelcome.remove(client);
                return;
            }
            if (heard == null) {
                // A user is listed to others a moment before its own welcome goes out; whatever
                // reaches it in that moment belongs to it all the same.
                beforeWelcome.computeIfAbsent(client, c -> new ArrayList<>()).add(message);
                return;
            }
            switch (type) {
                case "presence" -> checkPresence(heard, message);
                case "error" -> errors.merge(message.getString("code"), 1, Integer::sum);
                default -> { }
            }
            views.get(heard).apply(message);
            if (heard.equals(user)) {
                learn(type, message);
            }
        }

        private void welcomed(Client client, JsonObject welcome) {
            String id = welcome.getJsonObject("self").getString("id");
            userOf.put(client, id);
            views.computeIfAbsent(id, CallView::new);
            if (!id.equals(user)) {
                known.clear();
            }
            user = id;
            token = welcome.getString("resume");
            directory.put(label, id);
        }

        private void learn(String type, JsonObject message) {
            String call = message.getString("call", null);
            switch (type) {
                case "calling" -> known.put(call, new KnownCall(message.getJsonObject("to").getString("id"), false, false));
                case "incoming" -> known.put(call, new KnownCall(message.getJsonObject("from").getString("id"), true, false));
                case "accepted" -> known.put(call, new KnownCall(message.getJsonObject("peer").getString("id"),
                        message.getBoolean("polite"), true));
                case "ended" -> known.remove(call);
                default -> { }
            }
        }

        /**
         * No presence about oneself. (That no message names a user twice does not hold yet under
         * concurrency; RacesTest shows it deterministically, so that this test does not flake on it.)
         */
        private void checkPresence(String self, JsonObject presence) {
            for (JsonValue value : presence.getJsonArray("users")) {
                String id = value.asJsonObject().getString("id");
                assertNotEquals(self, id, () -> this + " heard presence about itself: " + presence);
            }
        }

        @Override
        public String toString() {
            return label + " (" + user + ")";
        }
    }

    private static String threadDump() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        StringBuilder dump = new StringBuilder("Thread dump\n");
        long[] deadlocked = threads.findDeadlockedThreads();
        if (deadlocked != null) {
            dump.append("DEADLOCKED thread ids: ").append(java.util.Arrays.toString(deadlocked)).append('\n');
        }
        for (ThreadInfo info : threads.dumpAllThreads(true, true)) {
            dump.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                dump.append(" on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                dump.append(" owned by \"").append(info.getLockOwnerName()).append('"');
            }
            dump.append('\n');
            StackTraceElement[] stack = info.getStackTrace();
            for (int i = 0; i < stack.length; i++) {
                dump.append("\tat ").append(stack[i]).append('\n');
                for (MonitorInfo monitor : info.getLockedMonitors()) {
                    if (monitor.getLockedStackDepth() == i) {
                        dump.append("\t- locked ").append(monitor).append('\n');
                    }
                }
            }
            for (LockInfo lock : info.getLockedSynchronizers()) {
                dump.append("\t- holds ").append(lock).append('\n');
            }
            dump.append('\n');
        }
        return dump.toString();
    }
}
