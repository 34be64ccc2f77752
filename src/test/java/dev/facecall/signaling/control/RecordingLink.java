package dev.facecall.signaling.control;

import dev.facecall.signaling.boundary.ServerMessageEncoder;
import dev.facecall.signaling.entity.ServerMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection as its client sees it: every message arrives as the JSON the real encoder writes,
 * in order. Like a closed WebSocket, it takes nothing more once it is closed or dropped.
 */
final class RecordingLink implements Link {

    private static final ServerMessageEncoder ENCODER = new ServerMessageEncoder();

    private final List<JsonObject> received = new ArrayList<>();
    private Integer closeCode;
    private boolean dropped;

    @Override
    public void send(ServerMessage message) {
        String json = ENCODER.encode(message);
        if (closeCode == null && !dropped) {
            received.add(parse(json));
        }
    }

    @Override
    public void close(int code, String reason) {
        if (closeCode == null && !dropped) {
            closeCode = code;
        }
    }

    /** The network is gone: nothing reaches the client any more. */
    void drop() {
        dropped = true;
    }

    List<JsonObject> received() {
        return received;
    }

    /** The close code the server chose, or null while the server has not closed the connection. */
    Integer closeCode() {
        return closeCode;
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
