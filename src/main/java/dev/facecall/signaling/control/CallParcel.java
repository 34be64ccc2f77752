package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ServerMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Map;

/**
 * What crosses the grid about a call between a node that runs it and the home of its remote
 * member, as the body of a {@link Grid.Parcel} addressed to that member's id. Three kinds:
 * <ul>
 * <li>{@link Op#DELIVER}, from the call's node to the home: a server message for the member, in
 * its wire form;</li>
 * <li>{@link Op#MEMBER}, from the home to the call's node: a client message of the member about
 * the call, as the client sent it;</li>
 * <li>{@link Op#STATE}, from the home to the call's node: what became of the member's connection.</li>
 * </ul>
 * Every kind names the call and the node that sent it, so that an answer knows where to go.
 *
 * @param message the server or client message ({@code DELIVER}, {@code MEMBER}); null for {@code STATE}
 * @param state   the member's state ({@code STATE}); null for the others
 */
record CallParcel(Op op, String call, String node, JsonObject message, MemberState state) {

    enum Op { DELIVER, MEMBER, STATE }

    /** What the call's node hears of a remote member's connection from its home. */
    enum MemberState {
        /** Its connection was lost: the peer hears {@code peer} {@code reconnecting}. */
        RECONNECTING,
        /** It resumed: the peer hears {@code peer} {@code connected}. */
        CONNECTED,
        /** It logged out: the call ends as by a hangup. */
        LOGGED_OUT,
        /** Its grace ran out (or it could be held nothing more): the call ends {@code disconnected}. */
        LEFT,
        /** What was held for it about the call overflowed: the call ends {@code disconnected}, the member stays. */
        OVERFLOWED
    }

    private static final JsonReaderFactory JSON = Json.createReaderFactory(Map.of());
    private static final JsonProvider VALUES = JsonProvider.provider();

    /** A server message for {@code member}, sent by the call's node. */
    static Grid.Parcel deliver(String member, String call, String fromNode, ServerMessage message) {
        return new Grid.Parcel(member, head(Op.DELIVER, call, fromNode).append(",\"message\":")
                .append(MessageWriter.write(message)).append('}').toString());
    }

    /** A client message of {@code member}, as its text, forwarded by its home. */
    static Grid.Parcel member(String member, String call, String fromNode, String clientMessage) {
        return new Grid.Parcel(member, head(Op.MEMBER, call, fromNode).append(",\"message\":")
                .append(clientMessage).append('}').toString());
    }

    /** What became of {@code member}'s connection, told by its home. */
    static Grid.Parcel state(String member, String call, String fromNode, MemberState state) {
        return new Grid.Parcel(member, head(Op.STATE, call, fromNode).append(",\"state\":")
                .append(quoted(state.name())).append('}').toString());
    }

    static CallParcel read(Grid.Parcel parcel) {
        JsonObject body;
        try (JsonReader reader = JSON.createReader(new StringReader(parcel.body()))) {
            body = reader.readObject();
        }
        Op op = Op.valueOf(body.getString("op"));
        return new CallParcel(op, body.getString("call"), body.getString("node"),
                op == Op.STATE ? null : body.getJsonObject("message"),
                op == Op.STATE ? MemberState.valueOf(body.getString("state")) : null);
    }

    private static StringBuilder head(Op op, String call, String fromNode) {
        return new StringBuilder(256).append("{\"op\":").append(quoted(op.name()))
                .append(",\"call\":").append(quoted(call))
                .append(",\"node\":").append(quoted(fromNode));
    }

    private static String quoted(String text) {
        return VALUES.createValue(text).toString();
    }

    @Override
    public String toString() {
        // Never the message itself: a signal carries SDP.
        return op + " about call " + call + " from node " + node + (state == null ? "" : " (" + state + ")");
    }
}
