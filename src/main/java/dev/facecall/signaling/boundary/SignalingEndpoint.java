package dev.facecall.signaling.boundary;

import dev.facecall.signaling.control.Connection;
import dev.facecall.signaling.control.MessageReader;
import dev.facecall.signaling.control.Settings;
import dev.facecall.signaling.entity.Envelope;
import jakarta.inject.Inject;
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
 * The signaling endpoint: one instance per connection, holding that connection and nothing else.
 * Frames larger than {@value Settings#MAX_MESSAGE_BYTES} bytes close the connection with 1009.
 */
@ServerEndpoint(value = "/signal", decoders = EnvelopeDecoder.class, encoders = ServerMessageEncoder.class)
public class SignalingEndpoint {

    private static final System.Logger LOG = System.getLogger(SignalingEndpoint.class.getName());

    @Inject
    Signaling signaling;

    private SessionLink link;
    private Connection connection;

    @OnOpen
    public void open(Session session) {
        // Keepalive is ours: the container's idle timer is off, and on Tyrus not even re-armed.
        TyrusIdleTimer.disable(session);
        session.setMaxIdleTimeout(0);
        link = new SessionLink(session, this::lost);
        connection = new Connection(link);
        signaling.keepalive().watch(link);
    }

    private void lost() {
        signaling.keepalive().forget(link);
        signaling.exchange().closed(connection);
    }

    @OnMessage(maxMessageSize = Settings.MAX_MESSAGE_BYTES)
    public void text(Envelope envelope) {
        link.heard();
        signaling.exchange().receive(connection, envelope);
    }

    @OnMessage(maxMessageSize = Settings.MAX_MESSAGE_BYTES)
    public void binary(ByteBuffer ignored) {
        link.heard();
        signaling.exchange().receive(connection, MessageReader.binary());
    }

    @OnMessage
    public void pong(PongMessage pong) {
        link.heard();
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        link.lost();
        LOG.log(Level.DEBUG, "session {0} of {1} closed: {2}", session.getId(), connection, reason);
    }

    @OnError
    public void error(Session session, Throwable error) {
        LOG.log(Level.DEBUG, "session {0} of {1} failed: {2}", session.getId(), connection, error.toString());
    }
}
