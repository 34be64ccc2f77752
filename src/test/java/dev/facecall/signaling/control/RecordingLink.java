package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.CloseCode;
import dev.facecall.signaling.entity.ServerMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A connection as its client sees it: every message arrives as the JSON the real encoder writes,
 * in order. Like a closed WebSocket, it takes nothing more once it is closed or dropped. The rules
 * may send to it from any thread; {@link #drain} reads it from another.
 */
final class RecordingLink implements Link {

    /** One factory: {@code Json.createReader} looks the provider up anew each time, which is slow. */
    private static final JsonReaderFactory JSON = Json.createReaderFactory(Map.of());

    private final List<JsonObject> received = new ArrayList<>(); // guarded by this
    private final List<JsonObject> afterClose = new ArrayList<>(); // guarded by this
    private Integer closeCode; // guarded by this
    private int closes; // guarded by this
    private boolean dropped; // guarded by this

    @Override
    public synchronized void send(ServerMessage message) {
        JsonObject json = parse(MessageWriter.write(message));
        if (closeCode == null && !dropped) {
            received.add(json);
            notifyAll();
        } else if (!dropped) {
            afterClose.add(json);
        }
    }

    /**
     * Waits until what arrived and has not been read satisfies {@code seen}, for messages sent
     * from other threads (another node's); false if it still does not after {@code timeout}.
     */
    synchronized boolean await(Predicate<List<JsonObject>> seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!seen.test(received)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Takes out every message that {@code wanted} accepts, in order; safe while the rules are sending. */
    synchronized List<JsonObject> takeAll(Predicate<JsonObject> wanted) {
        List<JsonObject> taken = received.stream().filter(wanted).toList();
        received.removeIf(wanted);
        return taken;
    }

    /** What arrived and has not been read yet, as it is now; safe while the rules are sending. */
    synchronized List<JsonObject> unread() {
        return List.copyOf(received);
    }

    /** Takes out the first message that {@code wanted} accepts, if one has arrived; else null. */
    synchronized JsonObject take(Predicate<JsonObject> wanted) {
        for (int i = 0; i < received.size(); i++) {
            if (wanted.test(received.get(i))) {
                return received.remove(i);
            }
        }
        return null;
    }

    /**
     * Waits until a message that {@code wanted} accepts has arrived, at most {@code timeout}, and
     * takes the first such one out; null if none came. For messages sent from other threads.
     */
    synchronized JsonObject awaitTake(Predicate<JsonObject> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonObject taken = take(wanted);
            if (taken != null) {
                return taken;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    @Override
    public synchronized void close(CloseCode code, String reason) {
        closes++;
        if (closeCode == null && !dropped) {
            closeCode = code.code();
        }
        notifyAll();
    }

    /** The close code the server chose, waited for at most {@code timeout}: for closes another node asks for. Null if none. */
    synchronized Integer awaitCloseCode(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (closeCode == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return closeCode;
    }

    @Override
    public synchronized void closeNow(CloseCode code, String reason) {
        close(code, reason);
    }

    /** How many times the server asked to close this connection. */
    synchronized int closes() {
        return closes;
    }

    /** The network is gone: nothing reaches the client any more. */
    synchronized void drop() {
        dropped = true;
    }

    /** Everything that arrived since the last drain, in order; safe while the rules are sending. */
    synchronized List<JsonObject> drain() {
        List<JsonObject> all = List.copyOf(received);
        received.clear();
        return all;
    }

    /** What the server still sent after it had closed the connection: no client ever sees it. */
    synchronized List<JsonObject> afterClose() {
        return List.copyOf(afterClose);
    }

    /** The close code the server chose, or null while the server has not closed the connection. */
    synchronized Integer closeCode() {
        return closeCode;
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
