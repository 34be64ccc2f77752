package dev.facecall.signaling.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.facecall.signaling.control.AlmostValidFrames.Frame;
import dev.facecall.signaling.entity.Refusal;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Sequences of almost valid frames, garbage, binary frames, lost connections, resumes and passing
 * time, from several connections at once: nothing may throw, every client hears only well-formed
 * messages it may hear, no call ends twice for anyone, no one is in two calls, and once everyone
 * has left and every timer has run, the registries are empty.
 *
 * <p>The number of tries comes from {@code jqwik.tries.default} (src/test/resources/junit-platform.properties);
 * for a long run: {@code ./mvnw test -Dtest=DispatchFuzzTest -Djqwik.tries.default=100000}.
 */
class DispatchFuzzTest {

    private static final Set<String> SERVER_TYPES = Set.of("welcome", "presence", "calling", "incoming", "accepted",
            "ended", "signal", "chat", "media", "peer", "error");
    private static final Set<String> ERROR_CODES = Set.of("bad-message", "unknown-type", "not-logged-in", "invalid",
            "invalid-name", "name-taken", "already-logged-in", "no-such-user", "no-such-call", "invalid-state", "busy",
            "rate-limited");
    private static final Set<String> REASONS = Set.of("rejected", "busy", "cancelled", "hangup", "timeout", "disconnected");
    private static final Duration RING_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RESUME_GRACE = Duration.ofSeconds(15);
    private static final Duration COALESCE = Duration.ofMillis(100);

    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());
    private static final Logger RULES_LOG = Logger.getLogger("dev.facecall.signaling");
    private static Level loggedBefore;

    /** Each try logs in and out dozens of users: the rules' INFO lines would drown the build output. */
    @BeforeContainer
    static void quiet() {
        loggedBefore = RULES_LOG.getLevel();
        RULES_LOG.setLevel(Level.WARNING);
    }

    @AfterContainer
    static void loud() {
        RULES_LOG.setLevel(loggedBefore);
    }

    sealed interface Step {}

    record Send(int connection, Frame frame) implements Step {}

    record Binary(int connection) implements Step {}

    /** The same frame, more often than the rate limit lets through at once. */
    record Flood(int connection, Frame frame, int times) implements Step {}

    /** A client that hears a call ring accepts it, or rejects it. */
    record Answer(int connection, boolean accept) implements Step {}

    /** A new connection, which may log in at once. */
    record Connect(String name) implements Step {}

    /** The network drops a connection: the server learns only that it closed. */
    record Lose(int connection) implements Step {}

    /**
     * A new connection logs in with a token the clients were given: the latest token of a user whose
     * connection was lost, or any token, the latest or an older one.
     */
    record Resume(int tokenBack, boolean ofALostConnection) implements Step {}

    record Pass(Duration time) implements Step {}

    @Provide
    Arbitrary<List<Step>> sessions() {
        Arbitrary<Integer> connection = Arbitraries.integers().between(0, 15);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(60, Combinators.combine(connection, AlmostValidFrames.frames()).as(Send::new)),
                Tuple.of(2, connection.map(Binary::new)),
                Tuple.of(6, Combinators.combine(connection, Arbitraries.of(true, true, true, false)).as(Answer::new)),
                Tuple.of(1, Combinators.combine(connection, AlmostValidFrames.frames(), Arbitraries.integers().between(150, 260))
                        .as(Flood::new)),
                Tuple.of(5, Arbitraries.of("Ann", "Bob", "Dee", "Eve", "").map(Connect::new)),
                Tuple.of(6, connection.map(Lose::new)),
                Tuple.of(7, Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.of(true, true, false))
                        .as(Resume::new)),
                Tuple.of(8, Arbitraries.of(10L, 100L, 1_000L, 5_000L, 14_999L, 15_000L, 20_000L, 30_000L, 31_000L)
                        .map(Duration::ofMillis).map(Pass::new)));
        return step.list().ofMinSize(1).ofMaxSize(80).withSizeDistribution(RandomDistribution.uniform());
    }

    @Property
    void decodingAndDispatchNeverThrowNorCorruptTheRegistries(
            @ForAll("sessions") List<Step> steps,
            @ForAll boolean coalescePresence,
            @ForAll List<Boolean> logOutAtTheEnd) {
        World world = new World(coalescePresence ? COALESCE : Duration.ZERO);
        for (String name : List.of("Ann", "Bob", "Cid")) {
            world.run(new Connect(name));
        }
        for (Step step : steps) {
            world.run(step);
        }
        world.everyoneLeaves(logOutAtTheEnd);

        assertEquals(0, world.users.count(), "users");
        assertEquals(0, world.calls.count(), "calls");
        assertEquals(0, world.users.tokens(), "tokens");
    }

    /** The rules, the connections the clients opened, and what the clients learnt from what they heard. */
    private static final class World implements AlmostValidFrames.Known {

        final Users users = new Users();
        final Calls calls = new Calls();
        final ManualTimers timers = new ManualTimers();
        final Exchange exchange;
        private final List<Client> open = new ArrayList<>();
        private final List<Client> all = new ArrayList<>();
        private final Map<Client, String> userOf = new IdentityHashMap<>();
        private final Map<Client, Duration> rateLimitedAt = new IdentityHashMap<>();
        private final Map<String, CallView> views = new HashMap<>();
        private final List<String> ids = new ArrayList<>();
        private final List<String> callIds = new ArrayList<>();
        private final List<String> tokens = new ArrayList<>();
        private final Map<String, String> callOf = new HashMap<>();
        private final Map<String, String> peerOf = new HashMap<>();
        private final Map<String, String> ringingFor = new HashMap<>();
        private final Map<String, String> latestToken = new HashMap<>();
        private final List<String> lostUsers = new ArrayList<>();
        private Client sender;

        World(Duration presenceCoalesce) {
            Settings settings = new Settings(RING_TIMEOUT, RESUME_GRACE, JsonValue.EMPTY_JSON_ARRAY, presenceCoalesce, Settings.LOGIN_DEADLINE, "all");
            exchange = new Exchange(users, calls, timers, settings,
                    Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC), () -> timers.now().toNanos());
        }

        void run(Step step) {
            sender = null;
            String frame = null;
            if (step instanceof Send send) {
                sender = connection(send.connection());
                frame = send.frame().render(this);
                sender.send(frame);
            } else if (step instanceof Binary binary) {
                sender = connection(binary.connection());
                sender.sendBinary();
            } else if (step instanceof Flood flood) {
                sender = connection(flood.connection());
                frame = flood.frame().render(this);
                for (int i = 0; i < flood.times(); i++) {
                    sender.send(frame);
                }
            } else if (step instanceof Answer answer) {
                List<Client> ringing = open.stream()
                        .filter(c -> c.closeCode() == null && ringingFor.containsKey(userOf.get(c))).toList();
                if (!ringing.isEmpty()) {
                    sender = ringing.get(Math.floorMod(answer.connection(), ringing.size()));
                    frame = "{\"type\":\"" + (answer.accept() ? "accept" : "reject") + "\",\"call\":"
                            + AlmostValidFrames.quote(ringingFor.get(userOf.get(sender))) + ",\"ref\":\"a\"}";
                    sender.send(frame);
                }
            } else if (step instanceof Connect connect) {
                sender = connect();
                if (!connect.name().isEmpty()) {
                    frame = AlmostValidFrames.login(connect.name()).render(this);
                    sender.send(frame);
                }
            } else if (step instanceof Lose lose) {
                if (!open.isEmpty()) {
                    Client lost = open.remove(Math.floorMod(lose.connection(), open.size()));
                    lost.drop();
                    if (userOf.containsKey(lost)) {
                        lostUsers.add(userOf.get(lost));
                    }
                }
            } else if (step instanceof Resume resume) {
                sender = connect();
                if (resume.ofALostConnection() && !lostUsers.isEmpty()) {
                    String user = recent(lostUsers, resume.tokenBack(), null);
                    frame = "{\"type\":\"login\",\"resume\":" + AlmostValidFrames.quote(latestToken.get(user)) + "}";
                } else {
                    frame = AlmostValidFrames.resume(resume.tokenBack()).render(this);
                }
                sender.send(frame);
            } else if (step instanceof Pass pass) {
                timers.advance(pass.time());
            }
            check(frame == null ? null : refOf(frame));
        }

        /** Every connection closes, some after a logout, and time runs out for every timer. */
        void everyoneLeaves(List<Boolean> logOut) {
            for (int i = 0; i < all.size(); i++) {
                Client client = all.get(i);
                if (!logOut.isEmpty() && logOut.get(i % logOut.size())) {
                    sender = client;
                    client.send("{\"type\":\"logout\"}");
                    check(null);
                }
                sender = null;
                client.drop();
                check(null);
            }
            timers.advance(RING_TIMEOUT.plus(RESUME_GRACE).multipliedBy(2));
            check(null);
        }

        /** An open connection; for most indexes one that is logged in, when there is one. */
        private Client connection(int index) {
            List<Client> loggedIn = open.stream().filter(c -> userOf.containsKey(c) && c.closeCode() == null).toList();
            List<Client> candidates = index < 12 && !loggedIn.isEmpty() ? loggedIn : open;
            return candidates.isEmpty() ? connect() : candidates.get(Math.floorMod(index, candidates.size()));
        }

        private Client connect() {
            Client client = new Client(exchange, timers);
            open.add(client);
            all.add(client);
            return client;
        }

        @Override
        public String userId(int back) {
            return recent(ids, back, "u-nobody");
        }

        @Override
        public String callId(int back) {
            return recent(callIds, back, "c-none");
        }

        @Override
        public String token(int back) {
            return recent(tokens, back, "no-token-yet");
        }

        @Override
        public String ownId() {
            return sender == null ? "u-nobody" : userOf.getOrDefault(sender, "u-nobody");
        }

        @Override
        public String myCall() {
            String call = sender == null ? null : callOf.get(userOf.get(sender));
            return call == null ? callId(0) : call;
        }

        @Override
        public String myPeer() {
            String peer = sender == null ? null : peerOf.get(userOf.get(sender));
            return peer == null ? userId(0) : peer;
        }

        private static String recent(List<String> known, int back, String none) {
            return known.isEmpty() ? none : known.get(known.size() - 1 - Math.floorMod(back, known.size()));
        }

        /** Reads what every client heard, and checks it and the registries. */
        private void check(String expectedRef) {
            for (Client client : all) {
                for (JsonObject message : client.drain()) {
                    read(client, message, expectedRef);
                }
            }
            for (CallView view : views.values()) {
                assertTrue(view.live().size() <= 1, () -> "in two calls: " + view);
                assertEquals(Set.of(), view.overtaken(), () -> "a call outlived the next one: " + view);
            }
            checkRegistries();
        }

        private void read(Client client, JsonObject message, String expectedRef) {
            assertTrue(message.get("type") instanceof JsonString, () -> "no string type: " + message);
            String type = message.getString("type");
            assertTrue(SERVER_TYPES.contains(type), () -> "not a server message: " + message);
            checkRef(client, message, expectedRef);
            String user = userOf.get(client);
            if (user == null) {
                assertTrue(type.equals("welcome") || type.equals("error"), () -> "before any welcome: " + message);
            }
            switch (type) {
                case "welcome" -> welcomed(client, message);
                case "error" -> error(client, message);
                case "presence" -> presence(user, message);
                case "calling" -> opened(user, message, "to");
                case "incoming" -> {
                    opened(user, message, "from");
                    ringingFor.put(user, message.getString("call"));
                }
                case "accepted" -> {
                    opened(user, message, "peer");
                    ringingFor.remove(user, message.getString("call"));
                }
                case "ended" -> {
                    assertTrue(REASONS.contains(message.getString("reason")), message::toString);
                    callOf.remove(user, message.getString("call"));
                    ringingFor.remove(user, message.getString("call"));
                }
                case "peer" -> assertTrue(Set.of("reconnecting", "connected").contains(message.getString("state")),
                        message::toString);
                default -> { }
            }
            if (user != null) {
                views.computeIfAbsent(user, CallView::new).apply(message);
            }
        }

        private void opened(String user, JsonObject message, String peerField) {
            String call = message.getString("call");
            callIds.add(call);
            callOf.put(user, call);
            peerOf.put(user, message.getJsonObject(peerField).getString("id"));
        }

        /** Only the sender's direct answers carry a ref, the one its message carried when that was valid. */
        private void checkRef(Client client, JsonObject message, String expectedRef) {
            if (client != sender || expectedRef == null) {
                assertFalse(message.containsKey("ref"), () -> "a ref that is not this client's: " + message);
            } else if (message.containsKey("ref") || message.getString("type").equals("error")) {
                assertEquals(expectedRef, message.getString("ref", null), () -> "the ref of " + message);
            }
        }

        private void welcomed(Client client, JsonObject welcome) {
            assertFalse(userOf.containsKey(client), () -> "a second welcome on one connection: " + welcome);
            String id = welcome.getJsonObject("self").getString("id");
            welcome.getJsonObject("self").getString("name");
            welcome.getJsonArray("users");
            userOf.put(client, id);
            if (!ids.contains(id)) {
                ids.add(id);
            }
            tokens.add(welcome.getString("resume"));
            latestToken.put(id, welcome.getString("resume"));
        }

        private void error(Client client, JsonObject error) {
            assertTrue(ERROR_CODES.contains(error.getString("code")), error::toString);
            assertFalse(error.getString("message").isBlank(), error::toString);
            if (error.getString("code").equals("rate-limited")) {
                Duration now = timers.now();
                Duration before = rateLimitedAt.put(client, now);
                assertTrue(before == null || now.minus(before).compareTo(Duration.ofSeconds(1)) >= 0,
                        () -> "rate-limited twice within a second, at " + before + " and " + now);
            }
        }

        private static void presence(String self, JsonObject presence) {
            Set<String> named = new HashSet<>();
            for (JsonValue value : presence.getJsonArray("users")) {
                JsonObject user = value.asJsonObject();
                assertNotEquals(self, user.getString("id"), () -> "presence about oneself: " + presence);
                assertTrue(named.add(user.getString("id")), () -> "a user named twice: " + presence);
                user.getString("name");
                assertTrue(Set.of("online", "busy", "offline").contains(user.getString("state")), presence::toString);
            }
        }

        /** Every user holds one token; every call in the registry holds two users here, each in no other call. */
        private void checkRegistries() {
            assertEquals(users.count(), users.tokens(), "each user holds one token");
            int inACall = 0;
            for (User user : users.all()) {
                Call call = user.call();
                if (call == null) {
                    continue;
                }
                inACall++;
                try {
                    assertSame(call, calls.of(call.id(), user), "the registry's call");
                } catch (Refusal refusal) {
                    fail(user + " is in " + call + ", which is not in the registry");
                }
                User peer = call.peerOf(user);
                assertSame(call, peer.call(), () -> peer + " is not in the call " + user + " is in");
                assertTrue(users.isHere(peer), () -> user + " is in a call with " + peer + ", who is gone");
            }
            assertEquals(2 * calls.count(), inACall, "two users in each call, each in one");
        }
    }

    /** The ref the server must echo for a frame: the string {@code ref} of 1 to 64 code points after NFC, if any. */
    static String refOf(String frame) {
        JsonObject body;
        try (JsonParser parser = PARSERS.createParser(new StringReader(frame))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                return null;
            }
            body = parser.getObject();
            if (parser.hasNext()) {
                return null;
            }
        } catch (RuntimeException notJson) {
            return null;
        }
        if (body.get("ref") instanceof JsonString ref) {
            String nfc = Normalizer.normalize(ref.getString(), Normalizer.Form.NFC);
            int codePoints = nfc.codePointCount(0, nfc.length());
            return codePoints >= 1 && codePoints <= 64 ? ref.getString() : null;
        }
        return null;
    }
}
