package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ServerMessage;
import dev.facecall.signaling.entity.UserView;
import jakarta.json.JsonObject;

/**
 * Reads back the server messages that one node writes ({@link MessageWriter}) for a member whose
 * connection is on another: those of a call, which that member's home sends, or holds, as its own.
 * The twin of the writer for these types only; a caller is always on the node that runs its call,
 * so {@code calling} never crosses, nor do {@code welcome} and {@code presence}.
 */
final class ServerMessageReader {

    private ServerMessageReader() {
    }

    static ServerMessage read(JsonObject message) {
        String type = message.getString("type");
        return switch (type) {
            case "incoming" -> new ServerMessage.Incoming(message.getString("call"), user(message.getJsonObject("from")));
            case "accepted" -> new ServerMessage.Accepted(message.getString("call"), user(message.getJsonObject("peer")),
                    message.getBoolean("polite"), ref(message));
            case "ended" -> new ServerMessage.Ended(message.getString("call"), message.getString("reason"), ref(message));
            case "peer" -> new ServerMessage.PeerState(message.getString("call"), message.getString("state"));
            case "signal" -> new ServerMessage.SignalRelay(message.getString("call"), message.getString("from"),
                    message.getJsonObject("data"));
            case "chat" -> new ServerMessage.ChatRelay(message.getString("call"), message.getString("from"),
                    message.getString("text"), message.getJsonNumber("at").longValueExact(), ref(message));
            case "media" -> new ServerMessage.MediaRelay(message.getString("call"), message.getString("from"),
                    message.getBoolean("audio"), message.getBoolean("video"), message.getBoolean("screen"));
            case "error" -> new ServerMessage.Error(message.getString("code"), message.getString("message"), ref(message));
            default -> throw new IllegalArgumentException("no server message of type " + type + " crosses nodes");
        };
    }

    private static UserView user(JsonObject user) {
        return new UserView(user.getString("id"), user.getString("name"), user.getString("state"),
                user.getBoolean("callable", true));
    }

    private static String ref(JsonObject message) {
        return message.getString("ref", null);
    }
}
