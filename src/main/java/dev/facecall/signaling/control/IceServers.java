package dev.facecall.signaling.control;

import jakarta.json.JsonArray;
import java.time.Instant;

/**
 * The RTCPeerConnection {@code iceServers} a user is handed in its {@code welcome}: the same for
 * everyone (STUN, or TURN with a static password), or with TURN credentials made for that user,
 * which expire ({@link TurnCredentials}).
 */
@FunctionalInterface
public interface IceServers {

    /** The servers for the user {@code userId}, welcomed at {@code now}. */
    JsonArray of(String userId, Instant now);

    /** The same servers for everyone, at any time. */
    static IceServers fixed(JsonArray servers) {
        return (userId, now) -> servers;
    }
}
