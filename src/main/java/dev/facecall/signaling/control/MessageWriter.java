package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ServerMessage;
import dev.facecall.signaling.entity.UserView;
import jakarta.json.Json;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes every server message as the JSON text of its frame, field by field: the wire form of each
 * message is spelt out here once, the twin of {@link MessageReader}, and no reflection runs on the
 * relay path. A null {@code ref} is left out.
 */
public final class MessageWriter {

    private static final JsonGeneratorFactory JSON = Json.createGeneratorFactory(Map.of());
    /** Found once: each static {@code Json} call looks the provider up again, scanning the class path. */
    private static final JsonProvider VALUES = JsonProvider.provider();

    /**
     * The last presence written: a presence round sends one message object to every user who
     * heard the same changes, and it is written once for all of them.
     */
    private static volatile Written lastPresence;

    private record Written(ServerMessage message, String text) {}

    private static final Map<UserView, String> USER_JSON = new ConcurrentHashMap<>();
    private static final int USER_JSON_MAX = 100_000;

    private MessageWriter() {
    }

    public static String write(ServerMessage message) {
        if (message instanceof ServerMessage.Presence presence) {
            Written last = lastPresence;
            if (last != null && last.message() == message) {
                return last.text();
            }
            String text = presence(presence);
            lastPresence = new Written(message, text);
            return text;
        }
        if (message instanceof ServerMessage.SignalRelay signal) {
            return signal(signal);
        }
        if (message instanceof ServerMessage.Verbatim verbatim) {
            return verbatim.text();
        }
        if (message instanceof ServerMessage.Crossed crossed) {
            return crossed.text();
        }
        if (message instanceof ServerMessage.Welcome welcome) {
            return welcome(welcome);
        }
        return generated(message);
    }

    private static String presence(ServerMessage.Presence presence) {
        StringBuilder json = new StringBuilder(64 * presence.users().size() + 32).append("{\"type\":\"presence\",\"users\":");
        return users(presence.users(), json).append('}').toString();
    }

    /** A welcome lists every user online: each one's JSON is written once and reused ({@link #userJson}). */
    private static String welcome(ServerMessage.Welcome welcome) {
        StringBuilder json = new StringBuilder(64 * welcome.users().size() + 512)
                .append("{\"type\":\"welcome\",\"self\":{\"id\":").append(quoted(welcome.self().id()))
                .append(",\"name\":").append(quoted(welcome.self().name())).append("},\"users\":");
        users(welcome.users(), json)
                .append(",\"iceServers\":").append(welcome.iceServers())
                .append(",\"iceTransportPolicy\":").append(quoted(welcome.iceTransportPolicy()))
                .append(",\"resume\":").append(quoted(welcome.resume()))
                .append(",\"limits\":{\"maxMessageBytes\":").append(welcome.limits().maxMessageBytes())
                .append(",\"ringSeconds\":").append(welcome.limits().ringSeconds())
                .append(",\"resumeSeconds\":").append(welcome.limits().resumeSeconds()).append('}');
        if (welcome.ref() != null) {
            json.append(",\"ref\":").append(quoted(welcome.ref()));
        }
        return json.append('}').toString();
    }

    private static StringBuilder users(List<UserView> users, StringBuilder json) {
        json.append('[');
        for (int i = 0; i < users.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(userJson(users.get(i)));
        }
        return json.append(']');
    }

    /**
     * A user as JSON, written once for its id, name and state: in a join storm the same users are
     * listed in thousands of welcomes. Forgotten in bulk when the table grows large, as users who
     * left stay in it.
     */
    private static String userJson(UserView user) {
        String json = USER_JSON.get(user);
        if (json == null) {
            if (USER_JSON.size() >= USER_JSON_MAX) {
                USER_JSON.clear();
            }
            json = "{\"id\":" + quoted(user.id()) + ",\"name\":" + quoted(user.name())
                    + ",\"state\":" + quoted(user.state()) + (user.callable() ? "}" : ",\"callable\":false}");
            USER_JSON.put(user, json);
        }
        return json;
    }

    /** {@code text} as a JSON string, quoted and escaped. */
    private static String quoted(String text) {
        return VALUES.createValue(text).toString();
    }

    /**
     * A signal's {@code data} is written as the text it is: the text it arrived in, when it came
     * from a client ({@code toString()} of a JSON-P value is its JSON text).
     */
    private static String signal(ServerMessage.SignalRelay signal) {
        String data = signal.data().toString();
        return new StringBuilder(data.length() + 80)
                .append("{\"type\":\"signal\",\"call\":").append(quoted(signal.call()))
                .append(",\"from\":").append(quoted(signal.from()))
                .append(",\"data\":").append(data).append('}')
                .toString();
    }

    /** The messages without a hand-built form, through JSON-P's streaming generator. */
    private static String generated(ServerMessage message) {
        StringWriter text = new StringWriter(128);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            fields(message, json);
            json.writeEnd();
        }
        return text.toString();
    }

    private static void fields(ServerMessage message, JsonGenerator json) {
        if (message instanceof ServerMessage.ChatRelay chat) {
            json.write("type", "chat").write("call", chat.call()).write("from", chat.from())
                    .write("text", chat.text()).write("at", chat.at());
            ref(chat.ref(), json);
        } else if (message instanceof ServerMessage.MediaRelay media) {
            json.write("type", "media").write("call", media.call()).write("from", media.from())
                    .write("audio", media.audio()).write("video", media.video()).write("screen", media.screen());
        } else if (message instanceof ServerMessage.Error error) {
            json.write("type", "error").write("code", error.code()).write("message", error.message());
            ref(error.ref(), json);
        } else if (message instanceof ServerMessage.Calling calling) {
            json.write("type", "calling").write("call", calling.call());
            user("to", calling.to(), json);
            ref(calling.ref(), json);
        } else if (message instanceof ServerMessage.Incoming incoming) {
            json.write("type", "incoming").write("call", incoming.call());
            user("from", incoming.from(), json);
        } else if (message instanceof ServerMessage.Accepted accepted) {
            json.write("type", "accepted").write("call", accepted.call());
            user("peer", accepted.peer(), json);
            json.write("polite", accepted.polite());
            ref(accepted.ref(), json);
        } else if (message instanceof ServerMessage.Ended ended) {
            json.write("type", "ended").write("call", ended.call()).write("reason", ended.reason());
            ref(ended.ref(), json);
        } else if (message instanceof ServerMessage.PeerState peer) {
            json.write("type", "peer").write("call", peer.call()).write("state", peer.state());
        } else {
            throw new IllegalArgumentException("no wire form for " + message.getClass());
        }
    }

    private static void user(String key, UserView user, JsonGenerator json) {
        json.writeStartObject(key).write("id", user.id()).write("name", user.name()).write("state", user.state());
        if (!user.callable()) {
            json.write("callable", false);
        }
        json.writeEnd();
    }

    private static void ref(String ref, JsonGenerator json) {
        if (ref != null) {
            json.write("ref", ref);
        }
    }
}
