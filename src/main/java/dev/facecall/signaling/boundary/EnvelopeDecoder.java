package dev.facecall.signaling.boundary;

import dev.facecall.signaling.control.MessageReader;
import dev.facecall.signaling.entity.Envelope;
import jakarta.websocket.Decoder;

/** Decodes every text frame: a frame that is not a protocol message decodes to a malformed envelope, never to an exception. */
public class EnvelopeDecoder implements Decoder.Text<Envelope> {

    @Override
    public Envelope decode(String text) {
        return MessageReader.open(text);
    }

    @Override
    public boolean willDecode(String text) {
        return true;
    }
}
