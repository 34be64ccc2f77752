package dev.facecall.signaling.entity;

import jakarta.json.JsonObject;

/**
 * A text frame after the first two checks of the protocol: it is either malformed (not a JSON
 * object with a string {@code type}, or a type the protocol does not define) or it has a known
 * type whose fields are still to be checked. The fields are checked only after the login check,
 * because the protocol answers {@code not-logged-in} before {@code invalid}.
 *
 * @param ref the message's {@code ref} when it is a valid one, else null: only a valid ref is echoed
 */
public sealed interface Envelope {

    String ref();

    record Malformed(ErrorCode code, String message, String ref) implements Envelope {}

    record Typed(MessageType type, JsonObject body, String ref) implements Envelope {}
}
