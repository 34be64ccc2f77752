package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ClientMessage;
import dev.facecall.signaling.entity.CloseCode;
import dev.facecall.signaling.entity.ErrorCode;
import dev.facecall.signaling.entity.Refusal;
import dev.facecall.signaling.entity.ServerMessage;
import java.lang.System.Logger.Level;
import java.time.Clock;

/**
 * Who comes in under which name, who comes back with a resume token, and what happens when a
 * user leaves: at once on logout, after the grace period when its connection was lost.
 */
final class Lobby {

    private static final System.Logger LOG = System.getLogger(Lobby.class.getName());
    private final Users users;
    private final Presence presence;
    private final Switchboard switchboard;
    private final RemoteMembers remoteMembers;
    private final Timers timers;
    private final Settings settings;
    private final Clock clock;

    Lobby(Users users, Presence presence, Switchboard switchboard, RemoteMembers remoteMembers, Timers timers,
            Settings settings, Clock clock) {
        this.users = users;
        this.presence = presence;
        this.switchboard = switchboard;
        this.remoteMembers = remoteMembers;
        this.timers = timers;
        this.settings = settings;
        this.clock = clock;
    }

    void login(Connection connection, ClientMessage.Login login) {
        User resumable = login.resume() == null ? null : users.byToken(login.resume()).orElse(null);
        if (connection.isLoggedIn()) {
            if (resumable == null) {
                canonicalName(login);
            }
            throw new Refusal(ErrorCode.ALREADY_LOGGED_IN, "this connection is already logged in");
        }
        if (resumable != null && resume(connection, resumable, login.resume(), login.ref())) {
            return;
        }
        if (resumable == null && login.resume() != null) {
            User orphan = users.takeOverFromLostNode(login.resume(), connection).orElse(null);
            if (orphan != null) {
                enter(orphan, connection, login.ref());
                LOG.log(Level.DEBUG, "{0} resumed here: the node that held it is gone", orphan);
                return;
            }
        }
        String name = canonicalName(login);
        User user = users.register(name, login.callable(), connection)
                .orElseThrow(() -> new Refusal(ErrorCode.NAME_TAKEN, "the name " + name + " is taken"));
        enter(user, connection, login.ref());
        LOG.log(Level.DEBUG, "{0} logged in", user);
    }

    /** A user new to this node comes in on {@code connection}: welcome, then presence. */
    private void enter(User user, Connection connection, String ref) {
        if (!connection.logIn(user)) {
            users.remove(user); // the connection closed while its login was under way: nobody came
            return;
        }
        presence.mark(user);
        users.publish(user); // in a cluster, listed before its welcome leaves: whoever logs in next on any node sees it
        user.send(welcome(user, ref));
        presence.welcomed(user);
        presence.changed(user);
    }

    private static String canonicalName(ClientMessage.Login login) {
        if (login.name() == null) {
            throw new Refusal(ErrorCode.INVALID, "name must be a string");
        }
        return Names.canonical(login.name());
    }

    /**
     * Moves {@code user} to {@code connection}: welcome with a fresh token, its call restated,
     * then what was held for it, before anything else can reach it. False if the user is gone or
     * {@code token} is no longer its token.
     */
    private boolean resume(Connection connection, User user, String token, String ref) {
        return switchboard.withCallOf(user, call -> {
            Connection previous;
            boolean wasReconnecting;
            RemoteCall remote;
            synchronized (user) {
                if (user.isGone() || !token.equals(user.resumeToken()) || !connection.logIn(user)) {
                    return false; // gone, resumed by another connection first, or this one closed
                }
                wasReconnecting = user.isReconnecting();
                remote = user.remoteCall();
                previous = user.attach(connection);
                user.send(welcome(user, ref));
                switchboard.restate(user, call);
                user.takeHeld().forEach(user::send);
            }
            if (previous != null) {
                previous.logOut();
                previous.link().close(CloseCode.TAKEN_OVER, "taken over by a new connection");
                LOG.log(Level.DEBUG, "{0} moved to a new connection", user);
            } else {
                LOG.log(Level.DEBUG, "{0} resumed", user);
            }
            if (wasReconnecting) {
                switchboard.tellPeer(user, call, "connected");
                remoteMembers.tell(user, remote, CallParcel.MemberState.CONNECTED);
            }
            return true;
        });
    }

    private ServerMessage.Welcome welcome(User user, String ref) {
        return new ServerMessage.Welcome(
                new ServerMessage.Self(user.id(), user.name()),
                users.viewsExcept(user),
                settings.iceServers().of(user.id(), clock.instant()),
                settings.iceTransportPolicy(),
                users.renewToken(user),
                new ServerMessage.Limits(Settings.MAX_MESSAGE_BYTES,
                        (int) settings.ringTimeout().toSeconds(), (int) settings.resumeGrace().toSeconds()),
                ref);
    }

    /**
     * The user of {@code connection} leaves at once, also when the connection was found closed just
     * before the logout was read (the user is then reconnecting from it); not when another
     * connection has taken the user over.
     */
    void logout(Connection connection) {
        User user = connection.logOut();
        if (user != null) {
            Call call = null;
            RemoteCall remote = null;
            boolean leaves;
            synchronized (user) {
                leaves = user.leavesFrom(connection);
                if (leaves) {
                    remote = user.remoteCall();
                    call = user.depart();
                }
            }
            if (leaves) {
                leave(user, call, remote, true);
                LOG.log(Level.DEBUG, "{0} logged out", user);
            }
        }
        connection.link().close(CloseCode.NORMAL, "logout");
    }

    /**
     * The connection closed without logout: its user is reconnecting, for the grace period. The
     * connection goes on naming the user until it is gone or resumed elsewhere, so that a logout
     * read meanwhile still finds it.
     */
    void connectionLost(Connection connection) {
        User user = connection.close();
        if (user == null) {
            return;
        }
        switchboard.withCallOf(user, call -> {
            RemoteCall remote;
            synchronized (user) {
                if (!user.lose(connection)) {
                    return null; // it logged out, or another connection took it over
                }
                user.graceUntil(timers.after(settings.resumeGrace(), () -> expire(user)));
                remote = user.remoteCall();
            }
            LOG.log(Level.DEBUG, "{0} lost its connection; reconnecting", user);
            switchboard.tellPeer(user, call, "reconnecting");
            remoteMembers.tell(user, remote, CallParcel.MemberState.RECONNECTING);
            return null;
        });
    }

    /** The user's grace is over (or it can be held nothing more): it leaves, if still reconnecting. */
    void expire(User user) {
        Call call;
        RemoteCall remote;
        synchronized (user) {
            if (!user.isReconnecting()) {
                return; // resumed or gone meanwhile
            }
            remote = user.remoteCall();
            call = user.depart();
        }
        leave(user, call, remote, false);
        LOG.log(Level.DEBUG, "{0} left: not back in time", user);
    }

    /**
     * The user leaves the registry before its call ends, so that it hears nothing of the ending; a
     * call that another node runs ({@code remote}) is ended there, told by a parcel.
     */
    private void leave(User user, Call call, RemoteCall remote, boolean loggedOut) {
        users.remove(user);
        if (call != null) {
            switchboard.leave(user, call, loggedOut);
        }
        remoteMembers.tell(user, remote,
                loggedOut ? CallParcel.MemberState.LOGGED_OUT : CallParcel.MemberState.LEFT);
        presence.changed(user);
    }
}
