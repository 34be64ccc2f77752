package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ServerMessage;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
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
 * <li>{@link Op#HAND_OVER}, from a node that is stopping to the node of the other member: take
 * in the member it addresses, whose call crosses the two;</li>
 * <li>{@link Op#TAKEN}, the answer: {@code kind} is {@code yes} when the member was taken in.</li>
 * </ul>
 * Every kind names the call and the node that sent it, so that an answer knows where to go.
 *
 * <p>The body is one line of four tab-separated fields, {@code op}, {@code call}, {@code node} and
 * {@code kind}, then the message's text as it is (ids, node names, states and kinds hold no tab
 * or line break). A message is never wrapped in another JSON text: the most frequent ones, a
 * call's relays, are written once on the call's node and sent by the home as they came
 * ({@link ServerMessage.Crossed}), without being read and written again.
 *
 * @param kind    {@code DELIVER}: {@link #AS_WRITTEN} for a relay the home sends as it is, or
 *                {@link #TO_READ} for a message whose meaning the home must learn;
 *                {@code STATE}: the member's state; {@code MEMBER}: empty
 * @param message the server or client message's text ({@code DELIVER}, {@code MEMBER}); empty for {@code STATE}
 */
record CallParcel(Op op, String call, String node, String kind, String message) {

    enum Op { DELIVER, MEMBER, STATE, HAND_OVER, TAKEN }

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

    /** A relay of the call ({@code signal}, {@code chat}, {@code media}, {@code peer}): sent as it is. */
    static final String AS_WRITTEN = "as-written";
    /** A message that tells the home something ({@code incoming}, {@code accepted}, {@code ended}, {@code error}). */
    static final String TO_READ = "to-read";

    private static final JsonReaderFactory JSON = Json.createReaderFactory(Map.of());

    /** A server message for {@code member}, sent by the call's node. */
    static Grid.Parcel deliver(String member, String call, String fromNode, ServerMessage message) {
        boolean asWritten = Held.callOf(message) != null && !(message instanceof ServerMessage.Ended);
        return new Grid.Parcel(member, body(Op.DELIVER, call, fromNode, asWritten ? AS_WRITTEN : TO_READ,
                MessageWriter.write(message)));
    }

    /** A client message of {@code member}, as its text, forwarded by its home. */
    static Grid.Parcel member(String member, String call, String fromNode, String clientMessage) {
        return new Grid.Parcel(member, body(Op.MEMBER, call, fromNode, "", clientMessage));
    }

    /** {@code member} of the stopping node {@code fromNode}, in call {@code call}: the other member's node may take it in. */
    static Grid.Parcel handOver(String member, String call, String fromNode) {
        return new Grid.Parcel(member, body(Op.HAND_OVER, call, fromNode, "", ""));
    }

    /** The answer to {@link #handOver}: whether {@code member} was taken in by {@code fromNode}. */
    static Grid.Parcel taken(String member, String call, String fromNode, boolean taken) {
        return new Grid.Parcel(member, body(Op.TAKEN, call, fromNode, taken ? "yes" : "no", ""));
    }

    /** For {@code TAKEN}: whether the member was taken in. */
    boolean yes() {
        return "yes".equals(kind);
    }

    /** What became of {@code member}'s connection, told by its home. */
    static Grid.Parcel state(String member, String call, String fromNode, MemberState state) {
        return new Grid.Parcel(member, body(Op.STATE, call, fromNode, state.name(), ""));
    }

    static CallParcel read(Grid.Parcel parcel) {
        String body = parcel.body();
        int end = body.indexOf('\n');
        String[] head = body.substring(0, end).split("\t", -1);
        if (head.length != 4) {
            throw new IllegalArgumentException("not a call parcel");
        }
        return new CallParcel(Op.valueOf(head[0]), head[1], head[2], head[3], body.substring(end + 1));
    }

    /** What became of the member, for {@code STATE}. */
    MemberState state() {
        return MemberState.valueOf(kind);
    }

    /**
     * The server message a {@code DELIVER} carries: a relay as its text, anything else read back
     * into its record, for the home to learn from.
     */
    ServerMessage serverMessage() {
        if (AS_WRITTEN.equals(kind)) {
            return new ServerMessage.Crossed(call, message);
        }
        try (JsonReader reader = JSON.createReader(new StringReader(message))) {
            return ServerMessageReader.read(reader.readObject());
        }
    }

    private static String body(Op op, String call, String fromNode, String kind, String message) {
        return new StringBuilder(op.name().length() + call.length() + fromNode.length() + kind.length()
                + message.length() + 4).append(op.name()).append('\t').append(call).append('\t').append(fromNode)
                .append('\t').append(kind).append('\n').append(message).toString();
    }

    @Override
    public String toString() {
        // Never the message itself: a signal carries SDP.
        return op + " about call " + call + " from node " + node + (op == Op.STATE ? " (" + kind + ")" : "");
    }
}
