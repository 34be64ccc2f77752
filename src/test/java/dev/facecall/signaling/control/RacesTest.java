package dev.facecall.signaling.control;

import static dev.facecall.signaling.control.Harness.msg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.facecall.signaling.entity.Envelope;
import dev.facecall.signaling.entity.MessageType;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.lang.ref.WeakReference;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Two clients acting at the same moment, with the moment arranged: a test thread holds a lock the
 * rules take, or a message body that stops the reading thread, so that the other thread's action
 * lands exactly inside the window. What the clients then hear must be what one order or the other
 * would give them.
 */
class RacesTest {

    private static final long WAIT_SECONDS = 5;

    private final Harness server = new Harness();
    private final Client ann = server.login("Ann");
    private final Client bob = server.login("Bob");
    private final AtomicReference<Throwable> escaped = new AtomicReference<>();

    private Thread start(Runnable action) {
        Thread thread = new Thread(() -> {
            try {
                action.run();
            } catch (Throwable e) {
                escaped.set(e);
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread thread) throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertTrue(!thread.isAlive(), "still running: " + thread);
    }

    private static List<JsonObject> calls(List<JsonObject> messages) {
        return messages.stream().filter(m -> !"presence".equals(m.getString("type"))).toList();
    }

    /**
     * Ann invites Bob while Bob logs out. The invite holds the call's lock from before it puts both
     * users in the call until it has announced it, so a logout that ends the call comes after the
     * announcement: Ann is left no call that rang after it ended, and the registry no call.
     */
    @Test
    void aCalleeLeavingWhileTheInviteIsUnderWayLeavesNoCallBehind() throws InterruptedException {
        {
            Harness fresh = new Harness();
            Client caller = fresh.login("Ann");
            Client callee = fresh.login("Bob");
            User invited = fresh.users.byId(callee.id()).orElseThrow();
            // The invite waits for Bob behind another thread that waits for him too. The last to come is let in
            // first, so the invite joins Bob while the other still waits, and is slow to let Bob go: it must wake
            // the other. Meanwhile this thread takes the call's lock, before the invite can announce the call.
            Thread inviting;
            synchronized (invited) {
                awaitBlockedOn(invited, start(() -> {
                    synchronized (invited) {
                        Thread.onSpinWait();
                    }
                }));
                inviting = start(() -> caller.send(msg("type", "invite", "to", callee.id())));
                awaitBlockedOn(invited, inviting);
            }
            Call call = callOf(invited, inviting);
            List<JsonObject> heard = new ArrayList<>();
            synchronized (call) {
                // Bob is in the call: whoever takes its lock now must find it announced to Ann, and
                // Bob's logout, under that lock, ends it.
                heard.addAll(caller.drain());
                assertTrue(heard.stream().anyMatch(m -> "calling".equals(m.getString("type"))),
                        () -> "the call was joined but not yet announced: " + heard);
                callee.send(msg("type", "logout"));
            }
            join(inviting);
            fresh.timers.advance(Harness.RING_TIMEOUT.plusSeconds(1));
            heard.addAll(caller.drain());

            List<JsonObject> annHeard = calls(heard);
            CallView view = new CallView("Ann");
            annHeard.forEach(view::apply);
            assertNull(escaped.get());
            assertEquals(Set.of(), view.live(), () -> "Ann heard " + annHeard);
            assertEquals(0, fresh.calls.count(), "calls left in the registry");
        }
    }

    /**
     * Bob's connection is found closed just as his logout is read: the lost-connection path has
     * seen the connection closed but not yet made Bob reconnecting when the logout asks for Bob.
     * Both wait for Bob, and whichever goes first, Bob leaves at once: he is not left reconnecting,
     * with his name taken and a live token, for the grace period.
     */
    @Test
    void aLogoutReadWhileItsConnectionIsFoundClosedLogsOutAtOnce() throws InterruptedException {
        User leaving = server.users.byId(bob.id()).orElseThrow();
        String token = bob.token();
        Thread losing;
        Thread loggingOut;
        synchronized (leaving) {
            losing = start(bob::drop);
            awaitBlockedOn(leaving, losing);
            loggingOut = start(() -> bob.send(msg("type", "logout")));
            awaitBlockedOnOrDone(leaving, loggingOut);
        }
        join(losing);
        join(loggingOut);

        assertNull(escaped.get(), () -> "escaped the exchange: " + escaped.get());
        assertTrue(server.users.byId(bob.id()).isEmpty(), "Bob is still registered after his logout");
        assertEquals("offline", ann.presenceByName().get("Bob"));
        Client back = server.connect();
        back.send(msg("type", "login", "resume", token, "name", "Bob"));
        assertTrue(!back.next("welcome").getJsonObject("self").getString("id").equals(bob.id()),
                "the token of a user who logged out resumed him");
    }

    /**
     * A connection lets go of its user once the user has left or moved on: the container may hold a
     * closed session, and so its connection, long after, and it must keep no departed user alive.
     */
    @Test
    void aConnectionNamesNoUserOnceTheUserIsGoneOrElsewhere() {
        Client carol = server.login("Carol");
        WeakReference<User> carolUser = new WeakReference<>(server.users.byId(carol.id()).orElseThrow());
        carol.drop();
        server.graceRunsOut();
        assertNull(carol.connection().user(), "a user whose grace ran out is still named by its closed connection");
        assertTrue(collected(carolUser), "a user whose grace ran out is still reachable while its closed connection is");

        Client dan = server.login("Dan");
        dan.drop();
        Client danAgain = server.connect().resume(dan.token());
        assertNull(dan.connection().user(), "the connection a user was lost from still holds it after it resumed elsewhere");
        assertEquals(danAgain.id(), danAgain.connection().user().id());

        Client eve = server.login("Eve");
        eve.send(msg("type", "logout"));
        assertNull(eve.connection().user());
    }

    /** Whether the garbage collector clears {@code reference} within a few full collections. */
    private static boolean collected(WeakReference<?> reference) {
        for (int attempt = 0; attempt < 20 && reference.get() != null; attempt++) {
            System.gc();
            Thread.onSpinWait();
        }
        return reference.get() == null;
    }

    /** Spins until the invite has put the callee in a call: the window opens. */
    private static Call callOf(User callee, Thread inviting) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        for (Call call = callee.call(); ; call = callee.call()) {
            if (call != null) {
                return call;
            }
            if (!inviting.isAlive() && callee.call() == null || System.nanoTime() > deadline) {
                return fail("the invite put no one in a call");
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Two new connections resume Bob with the same token at the same moment. Whichever comes second
     * holds a token the first one voided, so it is a plain login, and its name is taken.
     */
    @Test
    void twoResumesWithOneTokenAtOnceResumeOnlyOnce() throws InterruptedException {
        String token = bob.token();
        bob.drop();
        User reconnecting = server.users.byId(bob.id()).orElseThrow();
        Client first = server.connect();
        Client second = server.connect();
        String resume = msg("type", "login", "resume", token, "name", "Bob");
        Thread one;
        Thread two;
        synchronized (reconnecting) {
            // As any thread sending to Bob at that moment would: both resumes have found the token valid
            // and wait for Bob.
            one = start(() -> first.send(resume));
            two = start(() -> second.send(resume));
            awaitBlockedOn(reconnecting, one);
            awaitBlockedOn(reconnecting, two);
        }
        join(one);
        join(two);

        List<JsonObject> welcomes = new ArrayList<>();
        for (Client client : List.of(first, second)) {
            client.drain().stream().filter(m -> "welcome".equals(m.getString("type"))).forEach(welcomes::add);
        }
        assertNull(escaped.get());
        // The token is looked up before the user's lock is taken, so resume() must check under the lock that
        // the token is still the user's latest; otherwise both get a welcome with Bob's id.
        assertEquals(1, welcomes.size(), () -> "welcomes: " + welcomes);
    }

    private static void awaitBlockedOn(Object monitor, Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!blockedOn(monitor, thread)) {
            if (System.nanoTime() > deadline || !thread.isAlive()) {
                fail(thread + " never waited for " + monitor);
            }
            Thread.onSpinWait();
        }
    }

    private static void awaitBlockedOnOrDone(Object monitor, Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (thread.isAlive() && !blockedOn(monitor, thread)) {
            if (System.nanoTime() > deadline) {
                fail(thread + " neither waited for " + monitor + " nor finished");
            }
            Thread.onSpinWait();
        }
    }

    private static boolean blockedOn(Object monitor, Thread thread) {
        var info = ManagementFactory.getThreadMXBean().getThreadInfo(thread.getId());
        LockInfo lock = info == null ? null : info.getLockInfo();
        return info != null && info.getThreadState() == Thread.State.BLOCKED && lock != null
                && lock.getIdentityHashCode() == System.identityHashCode(monitor);
    }

    /**
     * Bob's old connection sends logout just as a new connection takes Bob over. Either order is
     * fine by the protocol (Bob leaves, or the old connection is no longer logged in); an exception
     * out of the exchange is not.
     */
    @Test
    void aLogoutOnAConnectionThatIsTakenOverMeanwhileThrowsNothing() throws InterruptedException {
        PausingBody body = new PausingBody(Harness.json(msg("type", "logout")));
        Thread loggingOut = start(() -> bob.send(new Envelope.Typed(MessageType.LOGOUT, body, null)));
        body.awaitReading();

        Client second = server.connect().resume(bob.token());
        body.goOn();
        join(loggingOut);

        // Exchange.dispatch read the connection's user before the takeover, so Lobby.logout finds none left
        // on the connection; nothing may escape, and the takeover stands.
        assertNull(escaped.get(), () -> "escaped the exchange: " + escaped.get());
        assertEquals(4001, bob.closeCode());
        assertNull(second.closeCode());
        ann.send(msg("type", "invite", "to", bob.id()));
        ann.next("calling");
    }

    /**
     * A logout read just as its connection is found closed, as when a client sends logout and
     * drops the socket at once: the user still leaves at once, not after the resume grace, and its
     * peer hears a hangup.
     */
    @Test
    void aLogoutReadAsItsConnectionIsFoundClosedStillLogsOut() {
        Client ann = server.login("Stayer");
        Client bob = server.login("Leaver");
        String call = Harness.talk(ann, bob);
        bob.drop();
        assertEquals("reconnecting", ann.next("peer").getString("state"));

        bob.send(msg("type", "logout"));

        JsonObject ended = ann.next("ended");
        assertEquals(call, ended.getString("call"));
        assertEquals("hangup", ended.getString("reason"));
        assertFalse(PresenceTest.truth(server, ann).containsKey(bob.id()), "the leaver left at once");
        assertEquals("offline", ann.presenceByName().get("Leaver"));
    }

    /**
     * Users change while a presence round is reading their state, as they do when the round runs on
     * one thread and calls start and end on others. One message still names each user once, and the
     * second change comes in the next round.
     */
    @Test
    void aPresenceNamesEachUserOnceThoughTheyChangeAgainWhileTheRoundReadsThem() {
        RestlessUsers registry = new RestlessUsers();
        ManualTimers timers = new ManualTimers();
        Presence presence = new Presence(registry, timers, Duration.ofMillis(20));
        RecordingLink recipientsLink = new RecordingLink();
        User recipient = registry.register("Recipient", true, new Connection(recipientsLink)).orElseThrow();
        presence.mark(recipient);
        presence.welcomed(recipient);
        for (int i = 0; i < 40; i++) {
            presence.changed(registry.register("User" + i, true, new Connection(new RecordingLink())).orElseThrow());
        }
        registry.changingAgainIn = presence;

        timers.advance(Duration.ofMillis(20));
        List<JsonObject> first = recipientsLink.drain();
        timers.advance(Duration.ofSeconds(1));
        List<JsonObject> second = recipientsLink.drain();

        assertEquals(1, first.size());
        List<String> named = first.get(0).getJsonArray("users").stream()
                .map(user -> user.asJsonObject().getString("id")).toList();
        assertEquals(40, named.size(), () -> "every user once in " + first.get(0));
        assertEquals(Set.copyOf(named).size(), named.size(), () -> "named twice in " + first.get(0));
        assertEquals(1, second.size(), "the changes made during the first round, in the next");
        assertEquals(40, second.get(0).getJsonArray("users").size());
    }

    /** The registry, where each user changes once more, told to {@code changingAgainIn}, just as the presence asks about it. */
    private static final class RestlessUsers extends Users {

        private final Set<User> changedAgain = new java.util.HashSet<>();
        Presence changingAgainIn;

        @Override
        boolean isHere(User user) {
            if (changingAgainIn != null && changedAgain.add(user)) {
                changingAgainIn.changed(user);
            }
            return super.isHere(user);
        }
    }

    /** A message body that stops the thread that reads it, once, until the test lets it go on. */
    private static final class PausingBody extends AbstractMap<String, JsonValue> implements JsonObject {

        private final JsonObject body;
        private final CountDownLatch reading = new CountDownLatch(1);
        private final CountDownLatch goOn = new CountDownLatch(1);

        PausingBody(JsonObject body) {
            this.body = body;
        }

        void awaitReading() throws InterruptedException {
            assertTrue(reading.await(WAIT_SECONDS, TimeUnit.SECONDS), "the body was never read");
        }

        void goOn() {
            goOn.countDown();
        }

        @Override
        public boolean containsKey(Object key) {
            reading.countDown();
            try {
                goOn.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return body.containsKey(key);
        }

        @Override
        public Set<Entry<String, JsonValue>> entrySet() {
            return body.entrySet();
        }

        @Override
        public JsonArray getJsonArray(String name) {
            return body.getJsonArray(name);
        }

        @Override
        public JsonObject getJsonObject(String name) {
            return body.getJsonObject(name);
        }

        @Override
        public JsonNumber getJsonNumber(String name) {
            return body.getJsonNumber(name);
        }

        @Override
        public JsonString getJsonString(String name) {
            return body.getJsonString(name);
        }

        @Override
        public String getString(String name) {
            return body.getString(name);
        }

        @Override
        public String getString(String name, String defaultValue) {
            return body.getString(name, defaultValue);
        }

        @Override
        public int getInt(String name) {
            return body.getInt(name);
        }

        @Override
        public int getInt(String name, int defaultValue) {
            return body.getInt(name, defaultValue);
        }

        @Override
        public boolean getBoolean(String name) {
            return body.getBoolean(name);
        }

        @Override
        public boolean getBoolean(String name, boolean defaultValue) {
            return body.getBoolean(name, defaultValue);
        }

        @Override
        public boolean isNull(String name) {
            return body.isNull(name);
        }

        @Override
        public ValueType getValueType() {
            return ValueType.OBJECT;
        }

        @Override
        public String toString() {
            return body.toString();
        }
    }
}
