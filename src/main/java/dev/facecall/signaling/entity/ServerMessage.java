package dev.facecall.signaling.entity;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import java.util.List;

/**
 * Everything the server sends. JSON-B writes the {@code type} from the runtime class and leaves
 * out null fields, so a message without {@code ref} has no {@code ref} on the wire.
 */
@JsonbTypeInfo(key = "type", value = {
    @JsonbSubtype(alias = "welcome", type = ServerMessage.Welcome.class),
    @JsonbSubtype(alias = "presence", type = ServerMessage.Presence.class),
    @JsonbSubtype(alias = "calling", type = ServerMessage.Calling.class),
    @JsonbSubtype(alias = "incoming", type = ServerMessage.Incoming.class),
    @JsonbSubtype(alias = "accepted", type = ServerMessage.Accepted.class),
    @JsonbSubtype(alias = "ended", type = ServerMessage.Ended.class),
    @JsonbSubtype(alias = "signal", type = ServerMessage.SignalRelay.class),
    @JsonbSubtype(alias = "chat", type = ServerMessage.ChatRelay.class),
    @JsonbSubtype(alias = "media", type = ServerMessage.MediaRelay.class),
    @JsonbSubtype(alias = "peer", type = ServerMessage.PeerState.class),
    @JsonbSubtype(alias = "error", type = ServerMessage.Error.class)
})
public sealed interface ServerMessage {

    record Self(String id, String name) {}

    record Limits(int maxMessageBytes, int ringSeconds, int resumeSeconds) {}

    record Welcome(Self self, List<UserView> users, JsonArray iceServers, String resume, Limits limits,
            String ref) implements ServerMessage {}

    record Presence(List<UserView> users) implements ServerMessage {}

    record Calling(String call, UserView to, String ref) implements ServerMessage {}

    record Incoming(String call, UserView from) implements ServerMessage {}

    record Accepted(String call, UserView peer, boolean polite, String ref) implements ServerMessage {}

    record Ended(String call, String reason, String ref) implements ServerMessage {

        public Ended(String call, EndReason reason, String ref) {
            this(call, reason.wireName(), ref);
        }
    }

    record SignalRelay(String call, String from, JsonObject data) implements ServerMessage {}

    record ChatRelay(String call, String from, String text, long at, String ref) implements ServerMessage {}

    record MediaRelay(String call, String from, boolean audio, boolean video, boolean screen)
            implements ServerMessage {}

    record PeerState(String call, String state) implements ServerMessage {}

    record Error(String code, String message, String ref) implements ServerMessage {

        public static Error of(Refusal refusal, String ref) {
            return new Error(refusal.code().wireName(), refusal.getMessage(), ref);
        }
    }
}
