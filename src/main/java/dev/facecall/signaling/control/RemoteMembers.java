package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ClientMessage;
import dev.facecall.signaling.entity.EndReason;
import dev.facecall.signaling.entity.Envelope;
import dev.facecall.signaling.entity.ErrorCode;
import dev.facecall.signaling.entity.Refusal;
import dev.facecall.signaling.entity.ServerMessage;
import dev.facecall.signaling.entity.UserView;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Calls whose two members are on different nodes, from both sides. A call is run by its caller's
 * node; the callee is present there as a stand-in whose sends become {@link CallParcel}s to the
 * callee's home ({@link RemoteLink}). This class is the rest of the crossing:
 * <ul>
 * <li>on the callee's home, it hands what the call's node sends to the real {@link User} (sent, or
 * held while reconnecting, by {@link User#send} as for a call of its own), learns from
 * {@code incoming} and {@code ended} that its user is in a call another node runs (so that it lists
 * the user busy: the home is the one writer of its users' listings), forwards the user's messages
 * about that call, and tells the call's node what becomes of the user's connection;</li>
 * <li>on the call's node, it runs the forwarded messages as from the stand-in, sends errors back
 * with their {@code ref}, and does for the stand-in what it does for a local member that is
 * reconnecting, back, logged out or gone.</li>
 * </ul>
 * Parcels from one node to another arrive in the order sent, one at a time, so a member's messages
 * run on the call's node in the order the member sent them. A node alone never sends a parcel.
 */
final class RemoteMembers {

    private static final System.Logger LOG = System.getLogger(RemoteMembers.class.getName());

    private final Grid grid;
    private final Users users;
    private final Calls calls;
    private final Switchboard switchboard;
    private final Presence presence;
    private final Timers timers;
    private final Duration grace;
    private final Consumer<User> tooMuchHeld;
    private final Consumer<User> expire;

    /**
     * @param grace       how long a member whose home died stays in its call, reconnecting, before the call ends
     * @param tooMuchHeld told of a reconnecting user that could not be held a call's {@code ended}; it must go
     * @param expire      told when the grace of a user taken in from a node that died runs out
     */
    RemoteMembers(Users users, Calls calls, Switchboard switchboard, Presence presence, Timers timers, Duration grace,
            Consumer<User> tooMuchHeld, Consumer<User> expire) {
        this.grid = users.grid();
        this.timers = timers;
        this.grace = grace;
        this.users = users;
        this.calls = calls;
        this.switchboard = switchboard;
        this.presence = presence;
        this.tooMuchHeld = tooMuchHeld;
        this.expire = expire;
    }


    // ---- on the home of a call's remote member

    /**
     * Sends {@code message} of {@code user} to the node that runs the call it is about, if that is
     * the call another node runs with the user; false if the message is for this node's rules.
     */
    boolean forwarded(User user, ClientMessage message, Envelope.Typed envelope) {
        RemoteCall remote = user.remoteCall();
        if (remote == null || !(message instanceof ClientMessage.AboutCall about) || !remote.id().equals(about.call())) {
            return false;
        }
        grid.send(remote.node(), CallParcel.member(user.id(), remote.id(), grid.node(), envelope.text()));
        return true;
    }

    /** Tells the node that runs {@code remote}, if any, what became of {@code user}'s connection. */
    void tell(User user, RemoteCall remote, CallParcel.MemberState state) {
        if (remote != null) {
            LOG.log(Level.DEBUG, "telling the node of call {0} that {1} is {2}", remote.id(), user, state);
            grid.send(remote.node(), CallParcel.state(user.id(), remote.id(), grid.node(), state));
        }
    }

    private void deliver(String userId, CallParcel parcel) {
        ServerMessage message = parcel.serverMessage();
        User user = users.byId(userId).orElse(null);
        Call takenIn = user == null ? null : user.call();
        if (takenIn != null && takenIn.id().equals(parcel.call()) && message instanceof ServerMessage.Ended ended) {
            // This node took the call in from a node that is stopping, whose copy ended before its
            // member's connection closed there: the call ends here too, as it did there.
            LOG.log(Level.INFO, "call {0} ended on the node that handed it over; it ends here", takenIn);
            switchboard.endedOnStoppingNode(takenIn, takenIn.peerOf(user), EndReason.byWireName(ended.reason()));
            return;
        }
        boolean changed = false;
        boolean gone;
        User.Delivery delivery = User.Delivery.DONE;
        if (user == null) {
            gone = true;
        } else {
            synchronized (user) {
                gone = user.isGone();
                if (!gone) {
                    changed = learn(user, parcel, message);
                    delivery = user.send(message);
                }
            }
        }
        if (gone) {
            if (message instanceof ServerMessage.Incoming) {
                // It left before it heard of the call, and so told nobody: the call ends, disconnected.
                LOG.log(Level.DEBUG, "{0} is gone; call {1} rang for nobody", userId, parcel.call());
                grid.send(parcel.node(), CallParcel.state(userId, parcel.call(), grid.node(), CallParcel.MemberState.LEFT));
            }
            return;
        }
        if (changed) {
            presence.changed(user);
        }
        if (delivery == User.Delivery.CALL_OVERFLOW) {
            LOG.log(Level.INFO, "too much held for {0}; its call {1} ends", user, parcel.call());
            tell(user, user.remoteCall(), CallParcel.MemberState.OVERFLOWED);
        } else if (delivery == User.Delivery.USER_OVERFLOW) {
            LOG.log(Level.INFO, "nothing more can be held for {0}; it leaves", user);
            tooMuchHeld.accept(user);
        }
    }

    /**
     * What {@code message} tells the home of the call another node runs with {@code user}: it rings
     * ({@code incoming}), it was accepted, or it ended. True when the user's state as others see it
     * changed. The caller holds the user's lock, so a resume restates the call as last learnt.
     */
    private static boolean learn(User user, CallParcel parcel, ServerMessage message) {
        RemoteCall known = user.remoteCall();
        boolean current = known != null && known.id().equals(parcel.call());
        if (message instanceof ServerMessage.Incoming) {
            user.remoteCall(new RemoteCall(parcel.call(), parcel.node(), message));
            return known == null;
        }
        if (message instanceof ServerMessage.Accepted accepted && current) {
            user.remoteCall(known.restatedBy(new ServerMessage.Accepted(accepted.call(), accepted.peer(), accepted.polite(), null)));
        } else if (message instanceof ServerMessage.Ended && current) {
            user.remoteCall(null);
            return true;
        }
        return false;
    }

    // ---- on the node that runs the call

    /**
     * Runs a message that the member's home forwarded, as from the member: the call's remote
     * callee, or a member that its stopping home handed over and this node took in (that home still
     * forwards what the member sends until its connection closes there). A refusal goes back to
     * the home, which answers the member.
     */
    private void runForCallee(String memberId, CallParcel parcel) {
        Envelope envelope = MessageReader.open(parcel.message());
        try {
            Call call = calls.withMember(parcel.call(), memberId);
            if (call == null) {
                throw Calls.noSuchCall();
            }
            if (!(envelope instanceof Envelope.Typed typed)) {
                throw new Refusal(ErrorCode.BAD_MESSAGE, "not a message");
            }
            User member = call.callee().id().equals(memberId) ? call.callee() : call.caller();
            if (!switchboard.run(member, MessageReader.read(typed))) {
                throw new Refusal(ErrorCode.INVALID, "not a message about a call");
            }
        } catch (Refusal refusal) {
            grid.send(parcel.node(), CallParcel.deliver(memberId, parcel.call(), grid.node(),
                    ServerMessage.Error.of(refusal, envelope.ref())));
        }
    }

    private void calleeIs(String memberId, CallParcel parcel) {
        Call call = calls.ofRemoteCallee(parcel.call(), memberId);
        if (call == null) {
            return; // ended meanwhile
        }
        switch (parcel.state()) {
            case RECONNECTING -> switchboard.tellPeerOfRemoteCallee(call, "reconnecting");
            case CONNECTED -> switchboard.tellPeerOfRemoteCallee(call, "connected");
            case LOGGED_OUT -> switchboard.leave(call.callee(), call, true);
            case LEFT -> switchboard.leave(call.callee(), call, false);
            case OVERFLOWED -> switchboard.endDisconnected(call);
        }
    }

    // ---- when a node dies

    /**
     * {@code node} died. A call that crossed it goes on here when this node can take in its member
     * of that node (its listing moves here in one step with the grid; a resume on another node may
     * have taken it over first): that member is then a user of this node whose connection was lost,
     * and the call a call of this node, exactly as if both members had always been here. Its peer
     * hears {@code peer} {@code reconnecting}, what the call relays is held, and the member may
     * resume within the grace on any node (a page reaching another one is relayed here), or it
     * leaves when the grace runs out and the call ends {@code disconnected}. Two kinds of call cross
     * a node that dies:
     * <ul>
     * <li>one that this node runs with a callee whose home it was: the stand-in becomes the callee
     * itself;</li>
     * <li>one that it ran with a callee of this node: its caller becomes a user of this node, and
     * the call is run here from now on, accepted or ringing as the callee's home last learnt.</li>
     * </ul>
     * When another node took the member over first, the call ends as it did before calls moved:
     * after the grace for a call of this node (the member comes back in no call), at once for a call
     * the dead node ran.
     */
    void nodeLost(String node) {
        for (Call call : calls.withCalleeOn(node)) {
            if (takeInCallee(call, node) == TakenIn.ELSEWHERE) {
                LOG.log(Level.INFO, "the callee of call {0} was taken over elsewhere; the call ends after the grace", call);
                switchboard.tellPeerOfRemoteCallee(call, "reconnecting");
                timers.after(grace, () -> switchboard.leave(call.callee(), call, false));
            }
        }
        for (User user : users.all()) {
            RemoteCall remote = user.remoteCall();
            if (remote != null && remote.node().equals(node) && takeInCall(user, remote, node) == TakenIn.ELSEWHERE) {
                endLostCall(user, remote);
            }
        }
    }

    /** What came of taking in a member of another node. */
    private enum TakenIn {
        /** It is a user of this node now, reconnecting, in its call. */
        HERE,
        /** Its call ended meanwhile: nothing to keep. */
        NOTHING,
        /** It is no longer listed on its node: another node took it over first. */
        ELSEWHERE
    }

    /** The callee of {@code call}, whose home {@code node} died or is stopping, becomes a user of this node, reconnecting. */
    private TakenIn takeInCallee(Call call, String node) {
        User callee = call.callee();
        Optional<String> token = grid.tokenOf(callee.id());
        synchronized (call) {
            if (call.state() == Call.State.ENDED) {
                return TakenIn.NOTHING;
            }
            if (!users.moveHere(callee, node)) {
                return TakenIn.ELSEWHERE;
            }
            synchronized (callee) {
                callee.strand();
                reconnectingHere(callee, token);
            }
            call.calleeHere();
            admit(callee);
            switchboard.tellPeer(callee, call, "reconnecting");
        }
        LOG.log(Level.INFO, "the home of the callee of call {0} is gone; the callee is reconnecting here", call);
        presence.changed(callee);
        return TakenIn.HERE;
    }

    /**
     * {@code lost}, the call that {@code node} (dead or stopping) ran with {@code member} of this
     * node, is run here from now on, its caller a user of this node, reconnecting.
     */
    private TakenIn takeInCall(User member, RemoteCall lost, String node) {
        UserView peer = peerIn(lost.restated());
        Optional<String> token = grid.tokenOf(peer.id());
        User caller = new User(peer.id(), peer.name(), peer.callable(), null);
        Call call = new Call(lost.id(), caller, member);
        synchronized (call) {
            synchronized (member) {
                if (member.remoteCall() != lost || member.isGone()) {
                    return TakenIn.NOTHING; // it ended, or its member left, meanwhile
                }
                if (!users.moveHere(caller, node)) {
                    return TakenIn.ELSEWHERE;
                }
                member.remoteCall(null);
                member.join(call);
                synchronized (caller) { // nobody else knows it yet
                    caller.join(call);
                    reconnectingHere(caller, token);
                }
            }
            switchboard.adopted(call, lost.restated() instanceof ServerMessage.Accepted);
            admit(caller);
            switchboard.tellPeer(caller, call, "reconnecting");
        }
        LOG.log(Level.INFO, "the node of call {0} is gone; the call goes on here, its caller reconnecting", call);
        presence.changed(caller);
        return TakenIn.HERE;
    }

    /** {@code user}, taken in, resumes with {@code token} within the grace, or leaves; the caller holds its lock. */
    private void reconnectingHere(User user, Optional<String> token) {
        user.resumeToken(token.orElse(null));
        user.graceUntil(timers.after(grace, () -> expire.accept(user)));
    }

    /** A user taken in from a node that died joins this node's users; it has had its welcome, as a resumed user has. */
    private void admit(User user) {
        presence.mark(user);
        presence.welcomed(user);
        users.admit(user);
    }

    /** The other member of a call, as its member's home last learnt it ({@code incoming} or {@code accepted}). */
    private static UserView peerIn(ServerMessage restated) {
        if (restated instanceof ServerMessage.Accepted accepted) {
            return accepted.peer();
        }
        return ((ServerMessage.Incoming) restated).from();
    }

    private void endLostCall(User user, RemoteCall lost) {
        User.Delivery delivery;
        synchronized (user) {
            if (user.remoteCall() != lost) {
                return; // it ended, or another call began, meanwhile
            }
            user.remoteCall(null);
            delivery = user.send(new ServerMessage.Ended(lost.id(), EndReason.DISCONNECTED, null));
        }
        LOG.log(Level.INFO, "the node of call {0} died; the call ended for {1}", lost.id(), user);
        grid.freeSlot(user.id(), lost.id());
        presence.changed(user);
        if (delivery == User.Delivery.USER_OVERFLOW) {
            tooMuchHeld.accept(user);
        }
    }

    // ---- when this node stops

    /** A member of this node in a call with a user of {@code node}: {@code call} when this node runs it, else {@code remote}. */
    private record Crossing(User member, Call call, RemoteCall remote, String node) {

        String callId() {
            return call != null ? call.id() : remote.id();
        }
    }

    /** The answers to one hand-over: who was taken in. */
    private static final class Answers {

        final Set<String> taken = ConcurrentHashMap.newKeySet();
        final CountDownLatch pending;

        Answers(int count) {
            pending = new CountDownLatch(count);
        }
    }

    private volatile Answers handingOver;

    /**
     * This node is stopping: each of its users in a call with a user of another node is handed to
     * that node, which takes it in as it would if this node had died (its listing moves there; it
     * is a reconnecting user there, in its call, which that node runs from now on) while this node
     * still relays the call, so that the user's page, told 1001 afterwards, resumes into its call
     * on any node. The users taken in within {@code deadline} are forgotten here without a word,
     * with their calls, so that closing their connections tells nobody anything; the others leave
     * as before. A call whose two members are on this node is not handed over, nor is what this
     * node holds for a member that is reconnecting. Returns how many were taken in.
     */
    int handOver(Duration deadline) throws InterruptedException {
        List<Crossing> crossings = new ArrayList<>();
        for (Call call : calls.withRemoteCallee()) {
            crossings.add(new Crossing(call.caller(), call, null, call.calleeHome()));
        }
        for (User user : users.all()) {
            RemoteCall remote = user.remoteCall();
            if (remote != null) {
                crossings.add(new Crossing(user, null, remote, remote.node()));
            }
        }
        if (crossings.isEmpty()) {
            return 0;
        }
        Answers answers = new Answers(crossings.size());
        handingOver = answers;
        for (Crossing crossing : crossings) {
            grid.send(crossing.node(), CallParcel.handOver(crossing.member().id(), crossing.callId(), grid.node()));
        }
        if (!answers.pending.await(deadline.toNanos(), TimeUnit.NANOSECONDS)) {
            LOG.log(Level.WARNING, "{0} of {1} users in calls across nodes not answered for within {2} ms",
                    answers.pending.getCount(), crossings.size(), deadline.toMillis());
        }
        int forgotten = 0;
        for (Crossing crossing : crossings) {
            if (answers.taken.contains(crossing.member().id())) {
                forget(crossing);
                forgotten++;
            }
        }
        LOG.log(Level.INFO, "{0} users in calls across nodes handed over", forgotten);
        return forgotten;
    }

    /** {@code crossing}'s member was taken in by the other node: this node lets it and its call go, silently. */
    private void forget(Crossing crossing) {
        User member = crossing.member();
        Call call = crossing.call();
        if (call != null) {
            synchronized (call) {
                call.end(); // here only: the other node runs it now, and nobody is told
                calls.remove(call);
                member.release(call);
            }
        }
        synchronized (member) {
            if (crossing.remote() != null && member.remoteCall() == crossing.remote()) {
                member.remoteCall(null);
            }
            member.depart();
        }
        users.remove(member); // listed on the other node now: only forgotten here
    }

    /** On the other member's node: takes in {@code memberId} of the stopping node, and answers. */
    private void takeInHandedOver(String memberId, CallParcel parcel) {
        TakenIn taken = TakenIn.NOTHING;
        Call call = calls.ofRemoteCallee(parcel.call(), memberId);
        if (call != null) {
            taken = takeInCallee(call, parcel.node());
        } else {
            for (User user : users.all()) {
                RemoteCall remote = user.remoteCall();
                if (remote != null && remote.id().equals(parcel.call()) && remote.node().equals(parcel.node())) {
                    taken = takeInCall(user, remote, parcel.node());
                    break;
                }
            }
        }
        grid.send(parcel.node(), CallParcel.taken(memberId, parcel.call(), grid.node(), taken == TakenIn.HERE));
    }

    /** On the stopping node: the other node's answer. */
    private void answered(String memberId, CallParcel parcel) {
        Answers answers = handingOver;
        if (answers != null) {
            if (parcel.yes()) {
                answers.taken.add(memberId);
            }
            answers.pending.countDown();
        }
    }

    /** A parcel another node sent this one about a call. */
    void received(Grid.Parcel parcel) {
        CallParcel call;
        try {
            call = CallParcel.read(parcel);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a parcel for {0} that is no call parcel: dropped", parcel.to());
            return;
        }
        LOG.log(Level.TRACE, "parcel for {0}: {1}", parcel.to(), call);
        try {
            switch (call.op()) {
                case DELIVER -> deliver(parcel.to(), call);
                case MEMBER -> runForCallee(parcel.to(), call);
                case STATE -> calleeIs(parcel.to(), call);
                case HAND_OVER -> takeInHandedOver(parcel.to(), call);
                case TAKEN -> answered(parcel.to(), call);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "parcel for " + parcel.to() + " (" + call + ") failed", e);
        }
    }
}
