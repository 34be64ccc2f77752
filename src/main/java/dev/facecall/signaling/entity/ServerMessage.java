package dev.facecall.signaling.entity;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * Everything the server sends, one record per {@code type}; {@code control.MessageWriter} spells
 * out the wire form of each. A {@code ref} is null when the message carries none.
 */
public sealed interface ServerMessage {

    record Self(String id, String name) {}

    record Limits(int maxMessageBytes, int ringSeconds, int resumeSeconds) {}

    record Welcome(Self self, List<UserView> users, JsonArray iceServers, String iceTransportPolicy, String resume,
            Limits limits, String ref) implements ServerMessage {}

    record Presence(List<UserView> users) implements ServerMessage {}

    /**
     * A message as another node wrote it, for a client whose connection this node relays to the
     * node that holds its user: sent as it is.
     */
    record Verbatim(String text) implements ServerMessage {}

    /**
     * A {@code signal}, {@code chat}, {@code media} or {@code peer} of call {@code call}, as the
     * node that runs the call wrote it, for a member whose connection is on this node: sent, or
     * held while the member is reconnecting, as it is.
     */
    record Crossed(String call, String text) implements ServerMessage {}

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
