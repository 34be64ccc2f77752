package dev.facecall.signaling.control;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the nodes of a cluster share: the name space, the resume tokens, every user's call slot,
 * the list of users with the node that holds each one's connection, a way to hand a message to
 * another node, and who is still in the cluster. One node alone is {@link SingleNodeGrid}; several
 * share a data grid ({@code dev.facecall.signaling.grid.HazelcastGrid}). Every operation that
 * decides something is one atomic step of the grid and reports what happened, so that two nodes
 * racing for the same name or the same callee never both win.
 *
 * <p>Only plain strings cross it, so that nothing of this application's classes has to be known
 * to the grid's own class loader (on Payara the grid is the server's, not the application's).
 */
public interface Grid {

    /** This node's id in the grid. */
    String node();

    /**
     * Whether other nodes share this grid. A server alone lists nobody and watches nothing: its
     * rules find every user in its own registry, as they always did.
     */
    boolean shared();

    /** Takes the name whose key is {@code key} for {@code userId}; false if another user holds it. */
    boolean claimName(String key, String userId);

    /** Frees the name, if {@code userId} still holds it. */
    void releaseName(String key, String userId);

    /** {@code token} resumes {@code userId} from now on. */
    void putToken(String token, String userId);

    /** The user that {@code token} resumes, if it is still valid. */
    Optional<String> userOfToken(String token);

    /** {@code token} resumes nobody from now on, if it still resumed {@code userId}. */
    void removeToken(String token, String userId);

    /** The token that resumes {@code userId}, if it has one (a user has at most one valid token). */
    Optional<String> tokenOf(String userId);

    /** Every token that resumes {@code userId} resumes nobody from now on. */
    void removeTokensOf(String userId);

    /** How many valid resume tokens the grid holds, on every node. */
    int tokens();

    /**
     * How many of the grid's resume tokens this node stores, counted without asking any other node
     * (so that a health probe never waits on the grid): all of them on a node alone, this node's
     * share of them in a cluster.
     */
    int tokensStoredHere();

    /** What came of taking the slots of a call's two members. */
    enum Slots {
        /** Both members are in the call now. */
        TAKEN,
        /** The caller is in another call already: nothing changed. */
        CALLER_BUSY,
        /** The callee is in another call already: nothing changed. */
        CALLEE_BUSY
    }

    /**
     * Puts both members in call {@code callId}, or neither, in one step as everyone else sees it:
     * many callers racing for one callee, on whatever nodes, leave exactly one of them in a call
     * with it.
     */
    Slots takeSlots(String callerId, String calleeId, String callId);

    /** Frees the user's slot, if call {@code callId} still holds it. */
    void freeSlot(String userId, String callId);

    /** The call whose slot the user holds, if any. */
    Optional<String> slotOf(String userId);

    /** A user as every node lists it: who, how others see it, and the node holding its connection. */
    record Listing(String id, String name, boolean callable, boolean busy, String node) {}

    /** Lists the user, or lists it anew (another state, another node); watchers hear of it. */
    void list(Listing listing);

    /** The user is listed no more; watchers hear of it. */
    void unlist(String userId);

    /**
     * Replaces the user's listing with {@code listing} if it is still listed on {@code fromNode}, in
     * one step: of two nodes that take over the same user from the same node, only one does.
     * Watchers hear of it as of any new listing.
     */
    boolean move(String fromNode, Listing listing);

    Optional<Listing> listing(String userId);

    Collection<Listing> listings();

    /** The listings of the users whose connections are on other nodes than this one, read from the grid now. */
    Collection<Listing> listingsOfOtherNodes();

    /** {@code changed} hears the id of every user that is listed, listed anew or unlisted, on any node. */
    void watch(Consumer<String> changed);

    /** A message for the user {@code to}, handed to the node that holds its connection. */
    record Parcel(String to, String body) {}

    /**
     * Hands {@code parcel} to {@code node}, where the receiver gets it. Parcels sent one after the
     * other from this node to one node arrive in the order they were sent.
     */
    void send(String node, Parcel parcel);

    /** {@code receiver} gets the parcels sent to this node, one at a time. */
    void receive(Consumer<Parcel> receiver);

    /** How many nodes are in the cluster now, this one included. */
    int size();

    /**
     * This node is stopping: from now on the others take its users over when they resume, as from a
     * node that died, rather than relay them to it.
     */
    void leave();

    /** Whether {@code node} said it is stopping ({@link #leave}). */
    boolean isLeaving(String node);

    /** {@code lost} hears the id of every node that leaves the cluster, stopped or dead. */
    void onNodeLost(Consumer<String> lost);
}
