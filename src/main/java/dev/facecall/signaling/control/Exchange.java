package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ClientMessage;
import dev.facecall.signaling.entity.CloseCode;
import dev.facecall.signaling.entity.Envelope;
import dev.facecall.signaling.entity.ErrorCode;
import dev.facecall.signaling.entity.MessageType;
import dev.facecall.signaling.entity.Refusal;
import dev.facecall.signaling.entity.ServerMessage;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Where every client message enters the rules: the protocol's order of checks, then the
 * lobby or the switchboard. A refused message becomes an {@code error} with the message's
 * {@code ref}; the connection stays open.
 *
 * <p>A connection that closed is handled on the timers' thread, never on the thread that learnt of
 * it: that thread may be sending under the rules' locks, or inside the container's, and the
 * lost-connection path takes a call's lock, then a user's.
 */
public final class Exchange {

    private static final System.Logger LOG = System.getLogger(Exchange.class.getName());

    private final Lobby lobby;
    private final Switchboard switchboard;
    private final RemoteMembers remoteMembers;
    private final Relays relays;
    private final Timers timers;
    private final Duration loginDeadline;
    private final LongSupplier nanoTime;

    public Exchange(Users users, Calls calls, Timers timers, Settings settings, Clock clock) {
        this(users, calls, timers, settings, clock, System::nanoTime);
    }

    /** With {@code nanoTime}, the monotonic clock of the rate limit. */
    Exchange(Users users, Calls calls, Timers timers, Settings settings, Clock clock, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.timers = timers;
        this.loginDeadline = settings.loginDeadline();
        Presence presence = new Presence(users, timers, settings.presenceCoalesce());
        users.watchOthers(presence::changed);
        this.switchboard = new Switchboard(users, calls, presence, timers, settings.ringTimeout(), clock,
                this::tooMuchHeldFor);
        this.remoteMembers = new RemoteMembers(users, calls, switchboard, presence, timers, settings.resumeGrace(),
                this::tooMuchHeldFor, this::graceOver);
        // The users of a node that died are reconnecting as survivors see them (still listed, in
        // their last state, their names taken) for the grace; then they are gone. Those in a call
        // with a user of this node are taken in here first, and their calls go on.
        this.relays = new Relays(users, this::receive, this::closed);
        users.whenNodeLost(remoteMembers::nodeLost, node -> {
            timers.after(settings.resumeGrace(), () -> users.forgetNode(node));
            relays.nodeLost(node);
        });
        this.lobby = new Lobby(users, presence, switchboard, remoteMembers, timers, settings, clock);
        Grid grid = users.grid();
        if (grid.shared()) {
            grid.receive(parcel -> {
                if (RelayParcel.is(parcel)) {
                    relays.received(parcel);
                } else {
                    remoteMembers.received(parcel);
                }
            });
        }
    }

    /** A new connection: it has {@link Settings#loginDeadline()} to log in, or it is closed with 1008. */
    public void opened(Connection connection) {
        timers.after(loginDeadline, () -> {
            if (!connection.hasLoggedIn()) {
                LOG.log(Level.DEBUG, "{0} did not log in within {1} s; closing it", connection, loginDeadline.toSeconds());
                connection.link().close(CloseCode.POLICY, "no login within " + loginDeadline.toSeconds() + " s");
            }
        });
    }

    public void receive(Connection connection, Envelope envelope) {
        switch (connection.rateLimit().take(nanoTime.getAsLong())) {
            case PASS -> { }
            case DROP_AND_TELL -> {
                connection.link().send(new ServerMessage.Error(ErrorCode.RATE_LIMITED.wireName(),
                        "more than " + RateLimit.PER_SECOND + " messages a second; this one was dropped", envelope.ref()));
                return;
            }
            case DROP -> {
                return;
            }
            case CLOSE -> {
                LOG.log(Level.WARNING, "{0} kept flooding; closing it", connection);
                connection.link().closeNow(CloseCode.POLICY, "rate limit");
                return;
            }
        }
        if (relays.forwarded(connection, envelope)) {
            return; // relayed to the node that holds its user, which answers
        }
        try {
            dispatch(connection, envelope);
        } catch (Refusal refusal) {
            connection.link().send(ServerMessage.Error.of(refusal, envelope.ref()));
        }
    }

    /** The connection is gone; the user it spoke for is reconnecting, on the timers' thread. */
    public void closed(Connection connection) {
        timers.after(Duration.ZERO, () -> {
            if (!relays.closedHere(connection)) {
                lobby.connectionLost(connection);
            }
        });
    }

    /**
     * This node is stopping (it has said so in the grid): its users in calls with users of other
     * nodes are handed to those nodes, which run the calls from now on, so that their pages, told
     * 1001 next, resume into their calls anywhere. Waits at most {@code deadline} for the answers;
     * returns how many were handed over. A server alone has nobody to hand over.
     */
    public int handOver(Duration deadline) throws InterruptedException {
        return remoteMembers.handOver(deadline);
    }

    /** The grace of {@code user}, reconnecting, ran out: it leaves, unless it resumed meanwhile. */
    private void graceOver(User user) {
        lobby.expire(user);
    }

    /** {@code user} could not be held one more message: it goes now, as when its grace runs out. */
    private void tooMuchHeldFor(User user) {
        timers.after(Duration.ZERO, () -> lobby.expire(user));
    }

    private void dispatch(Connection connection, Envelope envelope) {
        if (envelope instanceof Envelope.Malformed malformed) {
            throw new Refusal(malformed.code(), malformed.message());
        }
        Envelope.Typed typed = (Envelope.Typed) envelope;
        User user = connection.user();
        if (typed.type() != MessageType.LOGIN && user == null) {
            throw new Refusal(ErrorCode.NOT_LOGGED_IN, "log in first");
        }
        ClientMessage message = MessageReader.read(typed);
        if (message instanceof ClientMessage.Login login) {
            if (!relays.relayedLogin(connection, login, typed)) {
                lobby.login(connection, login);
            }
        } else if (message instanceof ClientMessage.Logout) {
            lobby.logout(connection);
        } else if (message instanceof ClientMessage.Invite invite) {
            switchboard.invite(user, invite);
        } else if (!remoteMembers.forwarded(user, message, typed)) { // else another node runs its call and answers
            switchboard.run(user, message);
        }
    }
}
