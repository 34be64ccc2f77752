package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ClientMessage;
import dev.facecall.signaling.entity.EndReason;
import dev.facecall.signaling.entity.ErrorCode;
import dev.facecall.signaling.entity.Refusal;
import dev.facecall.signaling.entity.ServerMessage;
import dev.facecall.signaling.entity.UserView;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Who may call whom, and what a call relays between its two members. A call takes both users'
 * slots at once, under both users' locks taken in id order, so two invites racing for the same
 * callee, or two users inviting each other, never leave anyone in two calls and never deadlock.
 * Locks are always taken call first, then user; two users' locks are only ever held together
 * by an invite, in id order.
 *
 * <p>In a cluster the grid's slots decide first ({@link Grid#takeSlots}, before the call's lock,
 * since other nodes invite too), and the users' own slots follow them. A callee of another node
 * is a stand-in {@link User} here, whose link sends to its home; the caller is always of this
 * node. The end of a call frees the grid's slots under the call's lock: a round trip, so that a
 * member that hears {@code ended} is free on every node.
 */
final class Switchboard {

    private static final System.Logger LOG = System.getLogger(Switchboard.class.getName());

    private final Users users;
    private final Grid grid;
    private final Calls calls;
    private final Presence presence;
    private final Timers timers;
    private final Duration ringTimeout;
    private final Clock clock;
    private final Consumer<User> tooMuchHeld;

    /** @param tooMuchHeld told of a reconnecting user that could not be held its {@code ended}; it must go */
    Switchboard(Users users, Calls calls, Presence presence, Timers timers, Duration ringTimeout, Clock clock,
            Consumer<User> tooMuchHeld) {
        this.users = users;
        this.grid = users.grid();
        this.calls = calls;
        this.presence = presence;
        this.timers = timers;
        this.ringTimeout = ringTimeout;
        this.clock = clock;
        this.tooMuchHeld = tooMuchHeld;
    }

    /**
     * Rings the callee: a user of this node, or, in a cluster, one listed by another node, who is
     * then present here as a stand-in whose sends go to its home ({@link RemoteLink}). In a cluster
     * every call first takes both users' slots in the grid, outside the call's lock (a round trip),
     * since another node may be inviting the same callee; a node alone keeps slots in its users.
     */
    void invite(User caller, ClientMessage.Invite invite) {
        if (invite.to().equals(caller.id())) {
            throw new Refusal(ErrorCode.INVALID, "you cannot call yourself");
        }
        String id = Ids.call();
        Call call = users.byId(invite.to())
                .map(callee -> new Call(id, caller, callee))
                .orElseGet(() -> withRemoteCallee(id, caller, invite.to()));
        User callee = call.callee();
        if (grid.shared() && !takeSlots(call, invite.ref())) {
            return;
        }
        // The call's lock first, as everywhere: a member leaving meanwhile waits for the call to
        // be registered and announced, then ends it.
        synchronized (call) {
            boolean joined;
            try {
                joined = lockBothAndJoin(call);
            } catch (Refusal refused) {
                // The call is not registered: nobody waits for its lock while its slots free.
                freeSlots(call);
                throw refused;
            }
            if (!joined) {
                freeSlots(call);
                caller.send(new ServerMessage.Calling(call.id(), callee.view(), invite.ref()));
                sendEnded(caller, new ServerMessage.Ended(call.id(), EndReason.BUSY, invite.ref()));
                LOG.log(Level.INFO, "{0} called {1}, who is busy", caller, callee);
                return;
            }
            calls.add(call);
            call.ringUntil(timers.after(ringTimeout, () -> timeout(call)));
            caller.send(new ServerMessage.Calling(call.id(), callee.view(), invite.ref()));
            callee.send(new ServerMessage.Incoming(call.id(), caller.view()));
        }
        LOG.log(Level.INFO, "call {0} rings", call);
        announce(call);
    }

    /** A call with a user of another node, present here as a stand-in; no such user if none is listed. */
    private Call withRemoteCallee(String id, User caller, String calleeId) {
        Grid.Listing listing = (grid.shared() ? users.listedElsewhere(calleeId) : Optional.<Grid.Listing>empty())
                .orElseThrow(() -> new Refusal(ErrorCode.NO_SUCH_USER, "no such user"));
        User standIn = new User(listing.id(), listing.name(), listing.callable(),
                new Connection(new RemoteLink(grid, listing.node(), listing.id(), id)));
        return new Call(id, caller, standIn, listing.node());
    }

    /**
     * Takes both users' slots in the grid: false, with the caller told {@code busy}, when the
     * callee is in another call, on whatever node.
     */
    private boolean takeSlots(Call call, String ref) {
        User caller = call.caller();
        User callee = call.callee();
        switch (grid.takeSlots(caller.id(), callee.id(), call.id())) {
            case TAKEN -> {
                return true;
            }
            case CALLER_BUSY -> throw new Refusal(ErrorCode.BUSY, "you are already in a call");
            default -> {
                UserView busy = new UserView(callee.id(), callee.name(), UserView.BUSY, callee.view().callable());
                caller.send(new ServerMessage.Calling(call.id(), busy, ref));
                sendEnded(caller, new ServerMessage.Ended(call.id(), EndReason.BUSY, ref));
                LOG.log(Level.INFO, "{0} called {1}, who is busy", caller, callee);
                return false;
            }
        }
    }

    /** Frees the call's slots in the grid, if they are still its own; a node alone has none. */
    private void freeSlots(Call call) {
        if (grid.shared()) {
            grid.freeSlot(call.caller().id(), call.id());
            grid.freeSlot(call.callee().id(), call.id());
        }
    }

    /**
     * Presence tells the change of the call's members of this node; a callee of another node is
     * listed by its home, which tells it when it hears of the call.
     */
    private void announce(Call call) {
        presence.changed(call.caller());
        if (call.calleeHome() == null) {
            presence.changed(call.callee());
        }
    }

    /** Puts both members in the call, or neither: false when the callee is busy or gone. */
    private boolean lockBothAndJoin(Call call) {
        User caller = call.caller();
        User callee = call.callee();
        boolean callerFirst = caller.id().compareTo(callee.id()) < 0;
        User first = callerFirst ? caller : callee;
        User second = callerFirst ? callee : caller;
        synchronized (first) {
            synchronized (second) {
                if (caller.call() != null) {
                    throw new Refusal(ErrorCode.BUSY, "you are already in a call");
                }
                if (callee.isGone()) {
                    throw new Refusal(ErrorCode.NO_SUCH_USER, "no such user");
                }
                if (!callee.join(call)) {
                    return false;
                }
                if (!caller.join(call)) {
                    callee.release(call);
                    throw new Refusal(ErrorCode.INVALID_STATE, "you are leaving");
                }
                return true;
            }
        }
    }

    /** Runs {@code member}'s message about a call; false for a message of another kind. */
    boolean run(User member, ClientMessage message) {
        if (message instanceof ClientMessage.Accept accept) {
            accept(member, accept);
        } else if (message instanceof ClientMessage.Reject reject) {
            reject(member, reject);
        } else if (message instanceof ClientMessage.Hangup hangup) {
            hangup(member, hangup);
        } else if (message instanceof ClientMessage.Signal signal) {
            signal(member, signal);
        } else if (message instanceof ClientMessage.Chat chat) {
            chat(member, chat);
        } else if (message instanceof ClientMessage.Media media) {
            media(member, media);
        } else {
            return false;
        }
        return true;
    }

    void accept(User callee, ClientMessage.Accept accept) {
        Call call = calls.of(accept.call(), callee);
        synchronized (call) {
            requireRingingCallee(call, callee, "accept");
            call.accept();
            User caller = call.caller();
            caller.send(new ServerMessage.Accepted(call.id(), callee.view(), false, null));
            callee.send(new ServerMessage.Accepted(call.id(), caller.view(), true, accept.ref()));
        }
        LOG.log(Level.INFO, "call {0} accepted", call);
    }

    void reject(User callee, ClientMessage.Reject reject) {
        Call call = calls.of(reject.call(), callee);
        synchronized (call) {
            requireRingingCallee(call, callee, "reject");
            end(call, reject.media() ? EndReason.MEDIA : EndReason.REJECTED, callee, reject.ref());
        }
    }

    void hangup(User member, ClientMessage.Hangup hangup) {
        Call call = calls.of(hangup.call(), member);
        synchronized (call) {
            requireLive(call);
            end(call, hangup.media() ? EndReason.MEDIA : hangupReason(call), member, hangup.ref());
        }
    }

    void signal(User sender, ClientMessage.Signal signal) {
        Call call = calls.of(signal.call(), sender);
        synchronized (call) {
            requireAccepted(call, "signal");
            User peer = call.peerOf(sender);
            if (!peer.id().equals(signal.to())) {
                throw new Refusal(ErrorCode.INVALID, "to must be the other member of the call");
            }
            deliver(call, peer, new ServerMessage.SignalRelay(call.id(), sender.id(), signal.data()));
        }
    }

    void chat(User sender, ClientMessage.Chat chat) {
        Call call = calls.of(chat.call(), sender);
        synchronized (call) {
            requireAccepted(call, "chat");
            long at = clock.millis();
            deliver(call, sender, new ServerMessage.ChatRelay(call.id(), sender.id(), chat.text(), at, chat.ref()));
            deliver(call, call.peerOf(sender), new ServerMessage.ChatRelay(call.id(), sender.id(), chat.text(), at, null));
        }
    }

    void media(User sender, ClientMessage.Media media) {
        Call call = calls.of(media.call(), sender);
        synchronized (call) {
            requireAccepted(call, "media");
            deliver(call, call.peerOf(sender), new ServerMessage.MediaRelay(call.id(), sender.id(),
                    media.audio(), media.video(), media.screen()));
        }
    }

    /**
     * Ends the call of a user who is leaving, for its peer only: as a hangup when the user logged out,
     * as {@code disconnected} when its connection was lost.
     */
    void leave(User leaving, Call call, boolean loggedOut) {
        synchronized (call) {
            if (call.state() == Call.State.ENDED) {
                return;
            }
            end(call, loggedOut ? hangupReason(call) : EndReason.DISCONNECTED, leaving, null, false);
        }
    }

    /**
     * Runs {@code action} with {@code user}'s call (or null) locked, so that the call neither
     * changes state nor lets the user go while the action runs; the lock order is call, then user.
     */
    <T> T withCallOf(User user, Function<Call, T> action) {
        while (true) {
            Call call = user.call();
            Object lock = call == null ? user : call;
            synchronized (lock) {
                if (user.call() == call) {
                    return action.apply(call);
                }
            }
        }
    }

    /** Tells a resumed user its live call again, as it would have learnt it; the caller holds both locks. */
    void restate(User user, Call call) {
        if (call == null) {
            RemoteCall remote = user.remoteCall();
            if (remote != null) {
                user.send(remote.restated());
            }
            return;
        }
        User peer = call.peerOf(user);
        switch (call.state()) {
            case RINGING -> user.send(user == call.caller()
                    ? new ServerMessage.Calling(call.id(), peer.view(), null)
                    : new ServerMessage.Incoming(call.id(), peer.view()));
            case ACCEPTED -> user.send(new ServerMessage.Accepted(call.id(), peer.view(), user == call.callee(), null));
            case ENDED -> { } // its ended is among the held messages
        }
    }

    /**
     * Runs {@code call} from now on: a call that a node that died ran with a member of this node,
     * whose other member this node took in. It goes on as it was, accepted or ringing (a ringing
     * call rings for the whole ring time again: when it began died with the node). The caller
     * holds the call's lock and has put both members in it.
     */
    void adopted(Call call, boolean accepted) {
        assert Thread.holdsLock(call);
        if (accepted) {
            call.accept();
        } else {
            call.ringUntil(timers.after(ringTimeout, () -> timeout(call)));
        }
        calls.add(call);
    }

    /**
     * The copy of {@code call} that a stopping node kept until its member's connection closed ended
     * there, for {@code reason}, after this node took the member ({@code endedBy}) in: this node's
     * call ends too, its other member told, the member that ended it not (it heard it there).
     */
    void endedOnStoppingNode(Call call, User endedBy, EndReason reason) {
        synchronized (call) {
            if (call.state() != Call.State.ENDED) {
                end(call, reason, endedBy, null, false);
            }
        }
    }

    /** Tells the peer of {@code user}'s live call how the user's connection is; the caller holds the call's lock. */
    void tellPeer(User user, Call call, String state) {
        if (call != null && call.state() != Call.State.ENDED) {
            deliver(call, call.peerOf(user), new ServerMessage.PeerState(call.id(), state));
        }
    }

    /** The home of the call's callee, on another node, says how its connection is: the caller hears it. */
    void tellPeerOfRemoteCallee(Call call, String state) {
        synchronized (call) {
            tellPeer(call.callee(), call, state);
        }
    }

    /** Ends the call {@code disconnected} for both members, if it has not ended: a member's hold overflowed. */
    void endDisconnected(Call call) {
        synchronized (call) {
            if (call.state() != Call.State.ENDED) {
                end(call, EndReason.DISCONNECTED, null, null);
            }
        }
    }

    /** Sends within a call; a reconnecting member whose hold overflows ends the call, disconnected. */
    private void deliver(Call call, User to, ServerMessage message) {
        if (to.send(message) == User.Delivery.CALL_OVERFLOW) {
            LOG.log(Level.INFO, "too much held for {0}; ending its call", to);
            end(call, EndReason.DISCONNECTED, null, null);
        }
    }

    /** Sends a call's {@code ended}; a reconnecting member that cannot even be held that must go. */
    private void sendEnded(User to, ServerMessage.Ended ended) {
        if (to.send(ended) != User.Delivery.DONE) {
            LOG.log(Level.INFO, "nothing more can be held for {0}; it leaves", to);
            tooMuchHeld.accept(to);
        }
    }

    private void timeout(Call call) {
        synchronized (call) {
            if (call.state() == Call.State.RINGING) {
                end(call, EndReason.TIMEOUT, null, null);
            }
        }
    }

    private void end(Call call, EndReason reason, User actor, String ref) {
        end(call, reason, actor, ref, true);
    }

    /**
     * The one way a call ends: each member (but a leaving actor) hears it once; the slots free. In
     * a cluster the grid's slots free under the call's lock, a round trip, so that a member that
     * hears {@code ended} finds itself free on every node.
     */
    private void end(Call call, EndReason reason, User actor, String ref, boolean tellActor) {
        assert Thread.holdsLock(call);
        call.end();
        calls.remove(call);
        User[] members = {call.caller(), call.callee()};
        for (User member : members) {
            member.release(call);
        }
        freeSlots(call);
        for (User member : members) {
            if (member != actor) {
                sendEnded(member, new ServerMessage.Ended(call.id(), reason, null));
            } else if (tellActor) {
                sendEnded(member, new ServerMessage.Ended(call.id(), reason, ref));
            }
        }
        LOG.log(Level.INFO, "call {0} ended: {1}", call, reason.wireName());
        announce(call);
    }

    private static EndReason hangupReason(Call call) {
        return call.state() == Call.State.RINGING ? EndReason.CANCELLED : EndReason.HANGUP;
    }

    private static void requireLive(Call call) {
        if (call.state() == Call.State.ENDED) {
            throw Calls.noSuchCall();
        }
    }

    private static void requireRingingCallee(Call call, User member, String action) {
        requireLive(call);
        if (call.state() != Call.State.RINGING || member != call.callee()) {
            throw new Refusal(ErrorCode.INVALID_STATE, "only the callee can " + action + " a ringing call");
        }
    }

    private static void requireAccepted(Call call, String action) {
        requireLive(call);
        if (call.state() != Call.State.ACCEPTED) {
            throw new Refusal(ErrorCode.INVALID_STATE, "no " + action + " before the call is accepted");
        }
    }
}
