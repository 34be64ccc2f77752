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

    /**
     * @param text the frame as the client sent it, for a node that forwards the message to another
     *             as it came (read again there), rather than writing its body anew
     */
    record Typed(MessageType type, JsonObject body, String ref, String text) implements Envelope {

        /** A message made from its body, as a test makes one: its text is the body written out. */
        public Typed(MessageType type, JsonObject body, String ref) {
            this(type, body, ref, body.toString());
        }
    }
}
