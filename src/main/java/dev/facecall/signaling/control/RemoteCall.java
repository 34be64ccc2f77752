package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ServerMessage;

/**
 * A call that another node runs, as the home of its callee knows it: which call, which node runs
 * it (where the callee's messages about it go), and what tells a resuming callee the call again
 * ({@code incoming} while it rings, {@code accepted} once accepted), as {@link Switchboard#restate}
 * does for a call of this node.
 */
record RemoteCall(String id, String node, ServerMessage restated) {

    /** The same call, now restated by {@code message}. */
    RemoteCall restatedBy(ServerMessage message) {
        return new RemoteCall(id, node, message);
    }
}
