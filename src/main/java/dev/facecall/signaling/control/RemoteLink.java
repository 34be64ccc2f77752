package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.CloseCode;
import dev.facecall.signaling.entity.ServerMessage;

/**
 * The link of a call's member whose connection is on another node, its home, as the node that
 * runs the call holds it: what the rules send it becomes a parcel to that home, which sends it, or
 * holds it while the member is reconnecting, as its own. Parcels from one node to another arrive in
 * the order sent, and a call's messages are sent under its lock: the member hears them in order.
 *
 * <p>Publishing a parcel hands it to the grid without waiting for the other node, as a connection's
 * send queues a frame; it runs under the call's and the member's locks, as every send does.
 */
final class RemoteLink implements Link {

    private final Grid grid;
    private final String home;
    private final String member;
    private final String call;

    RemoteLink(Grid grid, String home, String member, String call) {
        this.grid = grid;
        this.home = home;
        this.member = member;
        this.call = call;
    }

    @Override
    public void send(ServerMessage message) {
        grid.send(home, CallParcel.deliver(member, call, grid.node(), message));
    }

    /** The member's connection is its home's to close, never the call's node's. */
    @Override
    public void close(CloseCode code, String reason) {
    }

    @Override
    public void closeNow(CloseCode code, String reason) {
    }
}
