package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ClientMessage;
import dev.facecall.signaling.entity.ErrorCode;
import dev.facecall.signaling.entity.Refusal;
import dev.facecall.signaling.entity.ServerMessage;
import java.lang.System.Logger.Level;

/** Who comes in under which name, and what happens when a user leaves. */
final class Lobby {

    private static final System.Logger LOG = System.getLogger(Lobby.class.getName());
    static final int CLOSE_NORMAL = 1000;

    private final Users users;
    private final Presence presence;
    private final Switchboard switchboard;
    private final Settings settings;

    Lobby(Users users, Presence presence, Switchboard switchboard, Settings settings) {
        this.users = users;
        this.presence = presence;
        this.switchboard = switchboard;
        this.settings = settings;
    }

    void login(Connection connection, ClientMessage.Login login) {
        if (login.name() == null) {
            throw new Refusal(ErrorCode.INVALID, "name must be a string");
        }
        String name = Names.canonical(login.name());
        if (connection.isLoggedIn()) {
            throw new Refusal(ErrorCode.ALREADY_LOGGED_IN, "this connection is already logged in");
        }
        User user = users.register(name, connection.link())
                .orElseThrow(() -> new Refusal(ErrorCode.NAME_TAKEN, "the name " + name + " is taken"));
        connection.loggedIn(user);
        user.send(welcome(user, login.ref()));
        presence.welcomed(user);
        presence.changed(user);
        LOG.log(Level.INFO, "{0} logged in", user);
    }

    private ServerMessage.Welcome welcome(User user, String ref) {
        return new ServerMessage.Welcome(
                new ServerMessage.Self(user.id(), user.name()),
                users.viewsExcept(user),
                settings.iceServers(),
                user.renewResumeToken(),
                new ServerMessage.Limits(Settings.MAX_MESSAGE_BYTES,
                        (int) settings.ringTimeout().toSeconds(), (int) settings.resumeGrace().toSeconds()),
                ref);
    }

    void logout(Connection connection) {
        User user = connection.logOut();
        leave(user, true);
        LOG.log(Level.INFO, "{0} logged out", user);
        connection.link().close(CLOSE_NORMAL, "logout");
    }

    void disconnected(Connection connection) {
        User user = connection.logOut();
        if (user != null) {
            leave(user, false);
            LOG.log(Level.INFO, "{0} left: connection closed", user);
        }
    }

    /** The user leaves the registry before its call ends, so that it hears nothing of the ending. */
    private void leave(User user, boolean loggedOut) {
        Call call = user.depart();
        users.remove(user);
        if (call != null) {
            switchboard.leave(user, call, loggedOut);
        }
        presence.changed(user);
    }
}
