package dev.facecall.signaling.boundary;

import dev.facecall.signaling.control.Connection;
import dev.facecall.signaling.control.Exchange;
import dev.facecall.signaling.control.MessageReader;
import dev.facecall.signaling.entity.CloseCode;
import dev.facecall.signaling.entity.Envelope;
import dev.facecall.signaling.entity.MessageType;
import jakarta.websocket.Session;
import java.util.concurrent.Executor;

/**
 * One client's connection, as the endpoint hands it on: its writer, its place in the rules, its
 * keepalive and its place at the door, let go of together when the connection is lost.
 */
final class Peer {

    private final SessionLink link;
    private final Connection connection;
    private final Exchange exchange;
    private final Keepalive keepalive;
    private final Admission admission;
    private final String address;

    /** @param address the client's address, holding a place at the door; null when it holds none */
    Peer(Session session, String address, Exchange exchange, Keepalive keepalive, Admission admission, Executor offThread) {
        this.address = address;
        this.exchange = exchange;
        this.keepalive = keepalive;
        this.admission = admission;
        this.link = new SessionLink(session, this::lost, offThread, System::nanoTime);
        this.connection = new Connection(link);
        keepalive.watch(link);
        exchange.opened(connection);
    }

    void text(Envelope envelope) {
        if (link.closing()) {
            return; // read while the connection waits for the client's answer to our close
        }
        link.heard();
        if (admission.isDraining() && envelope instanceof Envelope.Typed typed && typed.type() == MessageType.LOGIN) {
            link.closeNow(CloseCode.GOING_AWAY, "server shutting down");
            return;
        }
        exchange.receive(connection, envelope);
    }

    void binary() {
        if (link.closing()) {
            return;
        }
        link.heard();
        exchange.receive(connection, MessageReader.binary());
    }

    void pong() {
        link.heard();
    }

    /** The container reports the session closed. */
    void closed() {
        link.lost();
    }

    /** Refused at the handshake by the endpoint's own check: closed before it is heard. */
    void refuse(String reason) {
        link.closeNow(CloseCode.POLICY, reason);
    }

    private void lost() {
        keepalive.forget(link);
        exchange.closed(connection);
        if (address != null) {
            admission.release(address);
        }
    }

    @Override
    public String toString() {
        return connection.toString();
    }
}
