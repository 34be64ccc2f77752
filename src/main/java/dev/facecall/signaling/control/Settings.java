package dev.facecall.signaling.control;

import jakarta.json.JsonArray;
import java.time.Duration;

/**
 * What an operator can tune.
 *
 * @param ringTimeout how long a call rings before it ends with {@code timeout}
 * @param resumeGrace how long a lost connection's user stays reconnecting
 * @param iceServers the RTCPeerConnection {@code iceServers} handed out in {@code welcome}, per user
 * @param presenceCoalesce how long presence changes gather before they are sent
 * @param loginDeadline how long a new connection may stay anonymous before it is closed (1008)
 * @param iceTransportPolicy the RTCPeerConnection {@code iceTransportPolicy} handed out in {@code welcome}:
 *                           {@code all}, or {@code relay} to send media through TURN only
 */
public record Settings(Duration ringTimeout, Duration resumeGrace, IceServers iceServers, Duration presenceCoalesce,
        Duration loginDeadline, String iceTransportPolicy) {

    /** With the same {@code iceServers} for everyone. */
    public Settings(Duration ringTimeout, Duration resumeGrace, JsonArray iceServers, Duration presenceCoalesce,
            Duration loginDeadline, String iceTransportPolicy) {
        this(ringTimeout, resumeGrace, IceServers.fixed(iceServers), presenceCoalesce, loginDeadline, iceTransportPolicy);
    }

    public static final int MAX_MESSAGE_BYTES = 65_536;
    public static final Duration LOGIN_DEADLINE = Duration.ofSeconds(10);
}
