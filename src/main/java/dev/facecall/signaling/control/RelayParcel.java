package dev.facecall.signaling.control;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Map;

/**
 * What crosses the grid about a connection that one node, the client's entry, relays to the node
 * that holds its user, the home ({@link Relays}), as the body of a {@link Grid.Parcel} addressed to
 * the relay's id. From the entry to the home: {@link Op#OPEN} with the client's {@code login},
 * {@link Op#MESSAGE} with each later message as the client sent it, {@link Op#CLOSED} when the
 * connection is gone. From the home to the entry: {@link Op#SEND}, a server message as the home
 * wrote it, and {@link Op#CLOSE}, with its code and reason.
 *
 * @param node the node that sent it (the entry, for {@code OPEN}: where the home's answers go)
 * @param text the client's or the server's message ({@code OPEN}, {@code MESSAGE}, {@code SEND}),
 *             or the close's reason ({@code CLOSE}); null for {@code CLOSED}
 * @param code the close code ({@code CLOSE}); 0 for the others
 */
record RelayParcel(Op op, String relay, String node, String text, int code) {

    enum Op { OPEN, MESSAGE, CLOSED, SEND, CLOSE }

    private static final String KIND = "{\"relay\":";
    private static final JsonReaderFactory JSON = Json.createReaderFactory(Map.of());
    private static final JsonProvider VALUES = JsonProvider.provider();

    /** Whether {@code parcel} is about a relayed connection (the others are about calls). */
    static boolean is(Grid.Parcel parcel) {
        return parcel.body().startsWith(KIND);
    }

    static Grid.Parcel open(String relay, String entry, String login) {
        return new RelayParcel(Op.OPEN, relay, entry, login, 0).parcel();
    }

    static Grid.Parcel message(String relay, String entry, String text) {
        return new RelayParcel(Op.MESSAGE, relay, entry, text, 0).parcel();
    }

    static Grid.Parcel closed(String relay, String entry) {
        return new RelayParcel(Op.CLOSED, relay, entry, null, 0).parcel();
    }

    static Grid.Parcel send(String relay, String home, String message) {
        return new RelayParcel(Op.SEND, relay, home, message, 0).parcel();
    }

    static Grid.Parcel close(String relay, String home, int code, String reason) {
        return new RelayParcel(Op.CLOSE, relay, home, reason, code).parcel();
    }

    private Grid.Parcel parcel() {
        StringBuilder body = new StringBuilder(64 + (text == null ? 0 : text.length() + text.length() / 8))
                .append(KIND).append(quoted(op.name()))
                .append(",\"id\":").append(quoted(relay))
                .append(",\"node\":").append(quoted(node));
        if (text != null) {
            body.append(",\"text\":").append(quoted(text));
        }
        if (code != 0) {
            body.append(",\"code\":").append(code);
        }
        return new Grid.Parcel(relay, body.append('}').toString());
    }

    static RelayParcel read(Grid.Parcel parcel) {
        JsonObject body;
        try (JsonReader reader = JSON.createReader(new StringReader(parcel.body()))) {
            body = reader.readObject();
        }
        return new RelayParcel(Op.valueOf(body.getString("relay")), body.getString("id"), body.getString("node"),
                body.getString("text", null), body.getInt("code", 0));
    }

    private static String quoted(String text) {
        return VALUES.createValue(text).toString();
    }

    @Override
    public String toString() {
        // Never the text itself: a signal carries SDP.
        return op + " of relay " + relay + " from node " + node + (code == 0 ? "" : " (" + code + ")");
    }
}
