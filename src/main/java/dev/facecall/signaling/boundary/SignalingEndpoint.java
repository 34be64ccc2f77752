package dev.facecall.signaling.boundary;

import dev.facecall.signaling.control.Settings;
import dev.facecall.signaling.entity.Envelope;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * The signaling endpoint: one instance per connection, made by {@link HandshakeConfigurator},
 * holding that connection's {@link Peer} and nothing else. Frames larger than {@value Settings#MAX_MESSAGE_BYTES} bytes close the connection
 * with 1009.
 */
@ServerEndpoint(value = "/signal", decoders = EnvelopeDecoder.class, configurator = HandshakeConfigurator.class)
public class SignalingEndpoint {

    private static final System.Logger LOG = System.getLogger(SignalingEndpoint.class.getName());

    private final Signaling signaling;
    private Peer peer;

    /** Made by {@link HandshakeConfigurator}, one per connection. */
    SignalingEndpoint(Signaling signaling) {
        this.signaling = signaling;
    }

    /** What the WebSocket specification asks of an endpoint class; connections are made with the other. */
    public SignalingEndpoint() {
        this(CDI.current().select(Signaling.class).get());
    }

    @OnOpen
    public void open(Session session) {
        peer = signaling.open(session);
    }

    @OnMessage(maxMessageSize = Settings.MAX_MESSAGE_BYTES)
    public void text(Envelope envelope) {
        peer.text(envelope);
    }

    @OnMessage(maxMessageSize = Settings.MAX_MESSAGE_BYTES)
    public void binary(ByteBuffer ignored) {
        peer.binary();
    }

    @OnMessage
    public void pong(PongMessage pong) {
        peer.pong();
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        peer.closed();
        LOG.log(Level.DEBUG, "session {0} of {1} closed: {2}", session.getId(), peer, reason);
    }

    @OnError
    public void error(Session session, Throwable error) {
        LOG.log(Level.DEBUG, "session {0} of {1} failed: {2}", session.getId(), peer, error.toString());
    }
}
