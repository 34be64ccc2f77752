package dev.facecall.signaling.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The rules wired by hand as the application wires them, with a fixed clock and hand-cranked
 * timers, and the clients that talk to them.
 */
final class Harness {

    static final Duration RING_TIMEOUT = Duration.ofSeconds(30);
    static final Duration RESUME_GRACE = Duration.ofSeconds(15);
    static final Instant NOW = Instant.parse("2025-06-01T12:34:56.789Z");
    static final JsonArray ICE_SERVERS = Json.createArrayBuilder()
            .add(Json.createObjectBuilder().add("urls", "stun:stun.example.org:3478"))
            .add(Json.createObjectBuilder().add("urls", Json.createArrayBuilder().add("turn:turn.example.org:3478"))
                    .add("username", "1700000000:alice").add("credential", "s3cret"))
            .build();

    /** Factories made once: {@code Json.createObjectBuilder} and the like look the provider up anew each time, which is slow. */
    private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    final Users users;
    final Calls calls = new Calls();
    final ManualTimers timers = new ManualTimers();
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final Exchange exchange;

    /** Presence is sent at once, so that each change is its own message. */
    Harness() {
        this(Duration.ZERO);
    }

    /** The rate limit runs on the timers' hand-cranked clock too, so that only a test that floods meets it. */
    Harness(Duration presenceCoalesce) {
        this(new SingleNodeGrid(), presenceCoalesce);
    }

    /** One node of the cluster that {@code grid} is shared by. */
    Harness(Grid grid, Duration presenceCoalesce) {
        users = new Users(grid);
        Settings settings = new Settings(RING_TIMEOUT, RESUME_GRACE, ICE_SERVERS, presenceCoalesce, Settings.LOGIN_DEADLINE, "all");
        exchange = new Exchange(users, calls, timers, settings, clock, () -> timers.now().toNanos());
    }

    Client connect() {
        return new Client(exchange, timers);
    }

    Client login(String name) {
        return connect().login(name);
    }

    /** Lets a lost connection's grace run out, so that the user is gone for good. */
    void graceRunsOut() {
        timers.advance(RESUME_GRACE.plusSeconds(1));
    }

    /** {@code caller} invites {@code callee}, who hears it ring; returns the call id. */
    static String ring(Client caller, Client callee) {
        caller.send(msg("type", "invite", "to", callee.id()));
        String call = caller.next("calling").getString("call");
        assertEquals(call, callee.next("incoming").getString("call"));
        return call;
    }

    /** {@code caller} invites {@code callee}, who accepts; returns the call id. */
    static String talk(Client caller, Client callee) {
        String call = ring(caller, callee);
        callee.send(msg("type", "accept", "call", call));
        caller.next("accepted");
        callee.next("accepted");
        return call;
    }

    /** A JSON object of the given field names and values (String, Boolean, Number, JsonValue or null). */
    static String msg(Object... fieldsAndValues) {
        JsonObjectBuilder builder = BUILDERS.createObjectBuilder();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            String field = (String) fieldsAndValues[i];
            Object value = fieldsAndValues[i + 1];
            if (value == null) {
                builder.addNull(field);
            } else if (value instanceof String text) {
                builder.add(field, text);
            } else if (value instanceof Boolean flag) {
                builder.add(field, flag);
            } else if (value instanceof Integer number) {
                builder.add(field, number);
            } else if (value instanceof JsonValue json) {
                builder.add(field, json);
            } else {
                throw new IllegalArgumentException("cannot write " + value);
            }
        }
        return builder.build().toString();
    }

    static JsonObject json(String text) {
        try (var reader = READERS.createReader(new java.io.StringReader(text))) {
            return reader.readObject();
        }
    }

    static void assertRef(String expected, JsonObject message) {
        assertEquals(expected, message.getString("ref", null), () -> "ref of " + message);
    }

    static void assertNoRef(JsonObject message) {
        assertFalse(message.containsKey("ref"), () -> "a ref in " + message);
    }
}
