package dev.facecall.signaling.boundary;

import dev.facecall.signaling.entity.ServerMessage;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.websocket.Encoder;

/** Writes a server message as JSON, by its runtime type so that every field and the {@code type} appear. */
public class ServerMessageEncoder implements Encoder.Text<ServerMessage> {

    private static final Jsonb JSONB = JsonbBuilder.create();

    @Override
    public String encode(ServerMessage message) {
        return JSONB.toJson(message, message.getClass());
    }
}
