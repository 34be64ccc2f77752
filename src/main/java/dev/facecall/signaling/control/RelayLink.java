package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.CloseCode;
import dev.facecall.signaling.entity.ServerMessage;

/**
 * The link of a connection that another node, the client's entry, relays to this one
 * ({@link Relays}): what the rules send it is written here and sent to the entry as a parcel,
 * which the entry sends on as it is; a close is the entry's to make. Parcels from one node to
 * another arrive in the order sent, so the client hears everything in the order the rules sent it.
 */
final class RelayLink implements Link {

    private final Grid grid;
    private final String entry;
    private final String relay;

    RelayLink(Grid grid, String entry, String relay) {
        this.grid = grid;
        this.entry = entry;
        this.relay = relay;
    }

    @Override
    public void send(ServerMessage message) {
        grid.send(entry, RelayParcel.send(relay, grid.node(), MessageWriter.write(message)));
    }

    @Override
    public void close(CloseCode code, String reason) {
        grid.send(entry, RelayParcel.close(relay, grid.node(), code.code(), reason));
    }

    /** The entry drops nothing it has already sent; the close follows them at once. */
    @Override
    public void closeNow(CloseCode code, String reason) {
        close(code, reason);
    }

    @Override
    public String toString() {
        return "relay " + relay + " through node " + entry;
    }
}
