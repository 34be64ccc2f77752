package dev.facecall.signaling.entity;

import jakarta.json.JsonObject;

/**
 * A client message whose fields are valid (see {@code MessageReader}). {@code ref} is the
 * client's correlation string, echoed on the direct replies, or null.
 */
public sealed interface ClientMessage {

    String ref();

    /** A message about one call, which it names: for the call's members only. */
    sealed interface AboutCall extends ClientMessage {
        String call();
    }

    /**
     * {@code name} is null when absent or not a string; {@code resume} is null when absent;
     * {@code callable} is false when the client says it cannot take calls.
     */
    record Login(String name, String resume, boolean callable, String ref) implements ClientMessage {}

    record Logout(String ref) implements ClientMessage {}

    record Invite(String to, String ref) implements ClientMessage {}

    record Accept(String call, String ref) implements AboutCall {}

    /** {@code media}: the callee's camera and microphone cannot be used, rather than a refusal. */
    record Reject(String call, boolean media, String ref) implements AboutCall {}

    /** {@code media}: the member's camera and microphone cannot be used, rather than a choice. */
    record Hangup(String call, boolean media, String ref) implements AboutCall {}

    /** {@code data} is opaque: relayed unchanged. */
    record Signal(String call, String to, JsonObject data, String ref) implements AboutCall {}

    record Chat(String call, String text, String ref) implements AboutCall {}

    record Media(String call, boolean audio, boolean video, boolean screen, String ref) implements AboutCall {}
}
