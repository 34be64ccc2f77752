package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ClientMessage;
import dev.facecall.signaling.entity.CloseCode;
import dev.facecall.signaling.entity.Envelope;
import dev.facecall.signaling.entity.ServerMessage;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Resume on any node: a client whose socket dropped may come back through the load balancer to a
 * node other than the one that holds its user, its home. The node it reaches, its entry, relays the
 * connection to the home instead of moving the user: the client's messages go there as parcels, in
 * order, and the home runs them on a {@link Connection} of its own whose link sends back to the
 * entry ({@link RelayLink}). So the home resumes the user exactly as when the client comes back to
 * it: the welcome with a fresh token, the call restated, what was held, {@code peer} {@code connected}
 * for the peer, and 4001 for a connection of the user still open (on the home, or relayed through
 * another entry).
 *
 * <p>A relay lasts as long as the client's socket: the entry tells the home when it closes, and the
 * home then handles it as any lost connection. If the home dies, the entry closes the relayed
 * sockets with 1001, and their clients resume anew, this time taking over the user on a survivor
 * ({@link Users#takeOverFromLostNode}); if the entry dies, the home loses those connections.
 */
final class Relays {

    private static final System.Logger LOG = System.getLogger(Relays.class.getName());

    /** Where this node, the entry, relays a client's connection: the relay's id and the home. */
    record Route(String id, String home) {}

    /** A connection relayed to this node, the home, and the entry it comes through. */
    private record Relayed(Connection connection, String entry) {}

    private final Grid grid;
    private final Users users;
    private final BiConsumer<Connection, Envelope> receive;
    private final Consumer<Connection> closed;
    private final ConcurrentHashMap<String, Connection> entering = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Relayed> homed = new ConcurrentHashMap<>();

    /**
     * @param receive how a client's message is handled here (the exchange's own entry)
     * @param closed  how a lost connection is handled here
     */
    Relays(Users users, BiConsumer<Connection, Envelope> receive, Consumer<Connection> closed) {
        this.grid = users.grid();
        this.users = users;
        this.receive = receive;
        this.closed = closed;
    }

    // ---- on the entry

    /**
     * Relays {@code connection} to the home of the user that {@code login}'s token resumes, when that
     * is another node and alive; false when the login is for this node's rules. A connection relayed
     * to this node is never relayed on.
     */
    boolean relayedLogin(Connection connection, ClientMessage.Login login, Envelope.Typed envelope) {
        if (!grid.shared() || login.resume() == null || connection.route() != null
                || connection.link() instanceof RelayLink || connection.isLoggedIn()) {
            return false;
        }
        Optional<String> home = users.liveHomeOf(login.resume());
        if (home.isEmpty()) {
            return false;
        }
        Route route = new Route(Ids.secret(), home.get());
        connection.relayTo(route);
        entering.put(route.id(), connection);
        grid.send(route.home(), RelayParcel.open(route.id(), grid.node(), envelope.text()));
        LOG.log(Level.DEBUG, "a connection resumes a user of node {0}: relayed there", route.home());
        return true;
    }

    /** Sends {@code envelope} to the home, if {@code connection} is relayed; false if it is not. */
    boolean forwarded(Connection connection, Envelope envelope) {
        Route route = connection.route();
        if (route == null || !(envelope instanceof Envelope.Typed typed)) {
            return false; // a malformed message is answered here, as anywhere
        }
        grid.send(route.home(), RelayParcel.message(route.id(), grid.node(), typed.text()));
        return true;
    }

    /** Tells the home that the relayed {@code connection} is gone; false if it is not relayed. */
    boolean closedHere(Connection connection) {
        Route route = connection.route();
        if (route == null) {
            return false;
        }
        if (entering.remove(route.id()) != null) {
            grid.send(route.home(), RelayParcel.closed(route.id(), grid.node()));
        }
        return true;
    }

    // ---- on both

    void received(Grid.Parcel parcel) {
        RelayParcel relay = RelayParcel.read(parcel);
        LOG.log(Level.TRACE, "parcel: {0}", relay);
        switch (relay.op()) {
            case OPEN -> {
                Connection connection = new Connection(new RelayLink(grid, relay.node(), relay.relay()));
                homed.put(relay.relay(), new Relayed(connection, relay.node()));
                receive.accept(connection, MessageReader.open(relay.text()));
            }
            case MESSAGE -> {
                Relayed relayed = homed.get(relay.relay());
                if (relayed != null) {
                    receive.accept(relayed.connection(), MessageReader.open(relay.text()));
                }
            }
            case CLOSED -> {
                Relayed relayed = homed.remove(relay.relay());
                if (relayed != null) {
                    closed.accept(relayed.connection());
                }
            }
            case SEND -> {
                Connection connection = entering.get(relay.relay());
                if (connection != null) {
                    connection.link().send(new ServerMessage.Verbatim(relay.text()));
                }
            }
            case CLOSE -> {
                Connection connection = entering.get(relay.relay());
                if (connection != null) {
                    connection.link().close(closeCode(relay.code()), relay.text());
                }
            }
        }
    }

    /**
     * {@code node} died: the connections relayed to it are closed with 1001, so that their clients
     * resume on a survivor; those relayed from it are lost.
     */
    void nodeLost(String node) {
        entering.forEach((id, connection) -> {
            Route route = connection.route();
            if (route != null && route.home().equals(node)) {
                connection.link().close(CloseCode.GOING_AWAY, "the server that held this user is gone");
            }
        });
        homed.forEach((id, relayed) -> {
            if (relayed.entry().equals(node) && homed.remove(id, relayed)) {
                closed.accept(relayed.connection());
            }
        });
    }

    /** How many connections this node relays to others, and others to it. */
    int count() {
        return entering.size() + homed.size();
    }

    private static CloseCode closeCode(int code) {
        return Arrays.stream(CloseCode.values()).filter(known -> known.code() == code).findFirst().orElse(CloseCode.GOING_AWAY);
    }
}
