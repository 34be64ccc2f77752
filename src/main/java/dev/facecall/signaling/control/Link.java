package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.CloseCode;
import dev.facecall.signaling.entity.ServerMessage;

/**
 * One client connection as the rules see it. Nothing here blocks, throws, or calls back into the
 * rules on the caller's thread: a rule may send to anyone, or close anyone, from any thread and
 * under its own locks, and a dead peer harms no one else.
 */
public interface Link {

    void send(ServerMessage message);

    /** Closes the connection once the messages queued before have gone out. */
    void close(CloseCode code, String reason);

    /** Closes the connection at once: what is still queued for the client is dropped. */
    void closeNow(CloseCode code, String reason);
}
