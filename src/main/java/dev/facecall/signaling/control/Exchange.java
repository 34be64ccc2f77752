package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ClientMessage;
import dev.facecall.signaling.entity.Envelope;
import dev.facecall.signaling.entity.ErrorCode;
import dev.facecall.signaling.entity.MessageType;
import dev.facecall.signaling.entity.Refusal;
import dev.facecall.signaling.entity.ServerMessage;
import java.time.Clock;

/**
 * Where every client message enters the rules: the protocol's order of checks, then the
 * lobby or the switchboard. A refused message becomes an {@code error} with the message's
 * {@code ref}; the connection stays open.
 */
public final class Exchange {

    private final Lobby lobby;
    private final Switchboard switchboard;

    public Exchange(Users users, Calls calls, Timers timers, Settings settings, Clock clock) {
        Presence presence = new Presence(users, timers, settings.presenceCoalesce());
        this.switchboard = new Switchboard(users, calls, presence, timers, settings.ringTimeout(), clock);
        this.lobby = new Lobby(users, presence, switchboard, settings);
    }

    public void receive(Connection connection, Envelope envelope) {
        try {
            dispatch(connection, envelope);
        } catch (Refusal refusal) {
            connection.link().send(ServerMessage.Error.of(refusal, envelope.ref()));
        }
    }

    public void closed(Connection connection) {
        lobby.disconnected(connection);
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
            lobby.login(connection, login);
        } else if (message instanceof ClientMessage.Logout) {
            lobby.logout(connection);
        } else if (message instanceof ClientMessage.Invite invite) {
            switchboard.invite(user, invite);
        } else if (message instanceof ClientMessage.Accept accept) {
            switchboard.accept(user, accept);
        } else if (message instanceof ClientMessage.Reject reject) {
            switchboard.reject(user, reject);
        } else if (message instanceof ClientMessage.Hangup hangup) {
            switchboard.hangup(user, hangup);
        } else if (message instanceof ClientMessage.Signal signal) {
            switchboard.signal(user, signal);
        } else if (message instanceof ClientMessage.Chat chat) {
            switchboard.chat(user, chat);
        } else if (message instanceof ClientMessage.Media media) {
            switchboard.media(user, media);
        }
    }
}
