package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ServerMessage;

/**
 * One client connection as the rules see it. {@link #send} only queues: it never blocks and never
 * throws, so a rule may send to anyone from any thread, and a dead peer harms no one else.
 */
public interface Link {

    void send(ServerMessage message);

    /** Closes the connection with a WebSocket close code; queued messages go out first. */
    void close(int code, String reason);
}
