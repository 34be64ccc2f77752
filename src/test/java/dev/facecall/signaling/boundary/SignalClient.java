package dev.facecall.signaling.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A protocol client for black-box tests, on the JDK's WebSocket: it queues what the server sends
 * and lets a test wait for it with a timeout. Presence is kept apart, applied to a live view of
 * who is online, because the server may coalesce it.
 */
public final class SignalClient implements WebSocket.Listener, AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    private final Map<String, String> view = new ConcurrentHashMap<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final Semaphore pings = new Semaphore(0);
    private WebSocket socket;
    private String id;
    private String name;
    private String resumeToken;

    public static URI signalUri(URL base) {
        return URI.create(base.toString().replaceFirst("^http", "ws")).resolve("signal");
    }

    public static SignalClient connect(URI uri) {
        return connect(uri, HTTP);
    }

    /** Connects with {@code http}'s settings, for example a TLS context that trusts a test certificate. */
    public static SignalClient connect(URI uri, HttpClient http) {
        SignalClient client = new SignalClient();
        client.socket = http.newWebSocketBuilder().buildAsync(uri, client).join();
        return client;
    }

    /** Connects and logs in; fails unless welcomed. */
    public static SignalClient login(URI uri, String name) {
        SignalClient client = connect(uri);
        client.loginAs(name);
        return client;
    }

    public JsonObject loginAs(String requestedName) {
        send(Json.createObjectBuilder().add("type", "login").add("name", requestedName).build());
        return welcomed();
    }

    /** Logs in with a resume token (and a name, used only if the token is not valid); returns the welcome. */
    public JsonObject resume(String token, String fallbackName) {
        send(Json.createObjectBuilder().add("type", "login").add("resume", token).add("name", fallbackName).build());
        return welcomed();
    }

    private JsonObject welcomed() {
        JsonObject welcome = next("welcome");
        resumeToken = welcome.getString("resume");
        id = welcome.getJsonObject("self").getString("id");
        name = welcome.getJsonObject("self").getString("name");
        welcome.getJsonArray("users").forEach(user -> applyUser(user.asJsonObject()));
        return welcome;
    }

    public String id() {
        return id;
    }

    public String resumeToken() {
        return resumeToken;
    }

    public String name() {
        return name;
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void send(JsonObject message) {
        send(message.toString());
    }

    public void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** The next message that is not presence; fails after {@link #WAIT}. */
    public JsonObject next() {
        try {
            JsonObject message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                fail(name + ": no message within " + WAIT);
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next message that is not presence within {@code wait}, or null. */
    public JsonObject next(Duration wait) {
        try {
            return messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next message that is not presence, which must be of {@code type}. */
    public JsonObject next(String type) {
        JsonObject message = next();
        assertEquals(type, message.getString("type"), () -> name + " expected " + type + " but got " + message);
        return message;
    }

    /** The next message must be {@code error} with {@code code}. */
    public JsonObject nextError(String code) {
        JsonObject error = next("error");
        assertEquals(code, error.getString("code"), () -> name + " got " + error);
        return error;
    }

    /** Nothing but presence arrives within {@code quiet}. */
    public void expectNothing(Duration quiet) {
        try {
            JsonObject message = messages.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            assertNull(message, () -> name + " expected nothing but got " + message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until the presence view (id → state) satisfies {@code condition}. */
    public void awaitView(Predicate<Map<String, String>> condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (view) {
            while (!condition.test(view)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail(name + ": presence never showed " + what + "; view " + view);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(view, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    public void awaitState(SignalClient other, String state) {
        awaitView(view -> state.equals(view.get(other.id())), other.name() + " " + state);
    }

    public Map<String, String> view() {
        synchronized (view) {
            return Map.copyOf(view);
        }
    }

    /** Waits for the server to close the connection; returns the close code. */
    public int awaitClose() {
        return closed.orTimeout(WAIT.toSeconds() * 6, TimeUnit.SECONDS).join();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonObject message = Json.createReader(new StringReader(partial.toString())).readObject();
            partial.setLength(0);
            if ("presence".equals(message.getString("type"))) {
                message.getJsonArray("users").forEach(user -> applyUser(user.asJsonObject()));
            } else {
                messages.add(message);
            }
        }
        webSocket.request(1);
        return null;
    }

    private void applyUser(JsonObject user) {
        synchronized (view) {
            if ("offline".equals(user.getString("state"))) {
                view.remove(user.getString("id"));
            } else {
                view.put(user.getString("id"), user.getString("state"));
            }
            view.notifyAll();
        }
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        pings.release();
        webSocket.request(1);
        return null; // the JDK answers every ping with a pong by itself
    }

    /** Waits for {@code count} more pings from the server. */
    public void awaitPings(int count) {
        try {
            if (!pings.tryAcquire(count, WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                fail(name + ": fewer than " + count + " pings within " + WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    /** Closes with a close frame (1000) and waits for the server's, without logging out. */
    public void closeNormally() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        awaitClose();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.abort();
        }
    }

    /** {@code caller} invites {@code callee}, who accepts; both have had their {@code accepted}. The call's id. */
    public static String acceptedCall(SignalClient caller, SignalClient callee) {
        caller.send(message("invite", "to", callee.id()));
        String call = caller.next("calling").getString("call");
        callee.next("incoming");
        callee.send(message("accept", "call", call));
        caller.next("accepted");
        callee.next("accepted");
        return call;
    }

    /** A message built from alternating keys and values; values that are JsonValues are kept as they are. */
    public static JsonObject message(String type, Object... fields) {
        var builder = Json.createObjectBuilder().add("type", type);
        for (int i = 0; i < fields.length; i += 2) {
            String key = (String) fields[i];
            Object value = fields[i + 1];
            if (value instanceof JsonValue json) {
                builder.add(key, json);
            } else if (value instanceof Boolean flag) {
                builder.add(key, flag);
            } else if (value instanceof Number number) {
                builder.add(key, number.longValue());
            } else {
                builder.add(key, String.valueOf(value));
            }
        }
        return builder.build();
    }
}
