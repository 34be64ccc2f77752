package dev.facecall.signaling.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.facecall.signaling.entity.Envelope;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One client of the exchange: it sends text frames and reads what the server sent it, as JSON.
 * {@link #next()} reads the call and error traffic and leaves presence aside; {@link #presence()}
 * reads the presence messages; both keep the order in which the server sent them.
 */
final class Client {

    private final Exchange exchange;
    private final ManualTimers timers;
    private final RecordingLink link = new RecordingLink();
    private final Connection connection = new Connection(link);
    private JsonObject welcome;

    /** {@code timers}: the exchange's, which handle a closed connection as soon as they run what is due. */
    Client(Exchange exchange, ManualTimers timers) {
        this.exchange = exchange;
        this.timers = timers;
        exchange.opened(connection);
    }

    void send(String text) {
        exchange.receive(connection, MessageReader.open(text));
    }

    void sendBinary() {
        exchange.receive(connection, MessageReader.binary());
    }

    /** Hands the rules a frame as the endpoint's decoder made it. */
    void send(Envelope envelope) {
        exchange.receive(connection, envelope);
    }

    /** The network drops the connection: the server only learns that it closed. */
    void drop() {
        link.drop();
        exchange.closed(connection);
        timers.advance(Duration.ZERO);
    }

    /**
     * The client closes its WebSocket: the server learns it at once, and nothing reaches the
     * client afterwards. What was sent before the server learnt it has arrived.
     */
    void disconnect() {
        exchange.closed(connection);
        timers.advance(Duration.ZERO);
        link.drop();
    }

    /** The connection as the rules hold it, for tests that look at what it keeps. */
    Connection connection() {
        return connection;
    }

    /** Logs in on this connection with a resume token and reads the welcome. */
    Client resume(String token) {
        send(Harness.msg("type", "login", "resume", token));
        welcome = next("welcome");
        return this;
    }

    /** Logs in as {@code name} and reads the welcome. */
    Client login(String name) {
        send(Harness.msg("type", "login", "name", name));
        welcome = next("welcome");
        return this;
    }

    /** The resume token of the latest welcome on this connection. */
    String token() {
        return welcome().getString("resume");
    }

    JsonObject welcome() {
        assertNotNull(welcome, "not logged in");
        return welcome;
    }

    String id() {
        return welcome().getJsonObject("self").getString("id");
    }

    String name() {
        return welcome().getJsonObject("self").getString("name");
    }

    /** The next message that is not presence; fails if there is none. */
    JsonObject next() {
        JsonObject message = link.take(m -> !isPresence(m));
        return message != null ? message : fail(this + " expected a message but got none");
    }

    /** The next message that is not presence, which must be of {@code type}. */
    JsonObject next(String type) {
        JsonObject message = next();
        assertEquals(type, message.getString("type"), () -> this + " got " + message);
        return message;
    }

    /**
     * The next message that is not presence, waiting for it at most {@code timeout}: for messages
     * that another node sends, on the grid's threads. Null if none came.
     */
    JsonObject poll(Duration timeout) throws InterruptedException {
        return link.awaitTake(message -> !isPresence(message), timeout);
    }

    /** The next message that is not presence, waited for at most {@code timeout}; it must be of {@code type}. */
    JsonObject await(String type, Duration timeout) throws InterruptedException {
        JsonObject message = poll(timeout);
        assertNotNull(message, () -> this + " expected " + type + " within " + timeout + " but got nothing");
        assertEquals(type, message.getString("type"), () -> this + " got " + message);
        return message;
    }

    /** The next message, which must be an error with {@code code}. */
    JsonObject error(String code) {
        JsonObject error = next("error");
        assertEquals(code, error.getString("code"), () -> this + " got " + error);
        assertFalse(error.getString("message").isBlank(), "an error says what went wrong");
        return error;
    }

    /** The presence messages received since the last call, in order. */
    List<JsonObject> presence() {
        return link.takeAll(Client::isPresence);
    }

    /** Presence received since the last call, merged in order: the latest state by user name. */
    Map<String, String> presenceByName() {
        Map<String, String> states = new LinkedHashMap<>();
        for (JsonObject message : presence()) {
            for (JsonValue user : message.getJsonArray("users")) {
                states.put(user.asJsonObject().getString("name"), user.asJsonObject().getString("state"));
            }
        }
        return states;
    }

    /**
     * Waits, at most {@code timeout}, until the welcome and the presence received since (and not
     * read) show {@code name} in {@code state}, {@code offline} meaning not listed; for changes
     * that come from another node, on another thread.
     */
    void awaitSeen(String name, String state, Duration timeout) throws InterruptedException {
        Map<String, String> seen = new LinkedHashMap<>();
        for (JsonValue user : welcome().getJsonArray("users")) {
            seen.put(user.asJsonObject().getString("name"), user.asJsonObject().getString("state"));
        }
        boolean shown = link.await(received -> {
            Map<String, String> now = new LinkedHashMap<>(seen);
            for (JsonObject message : received) {
                if (isPresence(message)) {
                    for (JsonValue user : message.getJsonArray("users")) {
                        now.put(user.asJsonObject().getString("name"), user.asJsonObject().getString("state"));
                    }
                }
            }
            return state.equals(now.getOrDefault(name, "offline"));
        }, timeout);
        assertTrue(shown, () -> this + " never saw " + name + " " + state + " within " + timeout);
    }

    /**
     * Everything received since the last read, presence included, in order; unlike the other
     * readers it may run while other threads make the server send to this client.
     */
    List<JsonObject> drain() {
        return link.drain();
    }

    void expectNothing() {
        List<JsonObject> unread = link.unread();
        assertTrue(unread.isEmpty(), () -> this + " expected nothing but got " + unread);
    }

    void expectNothingButPresence() {
        List<JsonObject> others = link.unread().stream().filter(m -> !isPresence(m)).toList();
        assertTrue(others.isEmpty(), () -> this + " expected nothing but presence, got " + others);
    }

    /** What the server sent after it had closed this connection, which a real client never sees. */
    List<JsonObject> afterClose() {
        return link.afterClose();
    }

    /** How many times the server asked to close the connection: once is enough. */
    int closes() {
        return link.closes();
    }

    /** The close code the server chose, or null while it keeps the connection open. */
    Integer closeCode() {
        return link.closeCode();
    }

    /** The next presence message, waited for at most {@code timeout}: for changes on another node. Null if none came. */
    JsonObject awaitPresence(Duration timeout) throws InterruptedException {
        return link.awaitTake(Client::isPresence, timeout);
    }

    /** The close code the server chose, waited for at most {@code timeout}; null if it keeps the connection open. */
    Integer awaitCloseCode(Duration timeout) throws InterruptedException {
        return link.awaitCloseCode(timeout);
    }

    private static boolean isPresence(JsonObject message) {
        return "presence".equals(message.getString("type", null));
    }

    @Override
    public String toString() {
        return welcome == null ? "anonymous client" : "client " + name();
    }
}
