package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ServerMessage;

/** Which messages are held for a reconnecting user: those of a call that the next welcome does not restate. */
final class Held {

    private Held() {
    }

    /** The call a holdable message belongs to, or null when the message is not held. */
    static String callOf(ServerMessage message) {
        if (message instanceof ServerMessage.SignalRelay signal) {
            return signal.call();
        }
        if (message instanceof ServerMessage.ChatRelay chat) {
            return chat.call();
        }
        if (message instanceof ServerMessage.MediaRelay media) {
            return media.call();
        }
        if (message instanceof ServerMessage.PeerState peer) {
            return peer.call();
        }
        if (message instanceof ServerMessage.Crossed crossed) {
            return crossed.call();
        }
        if (message instanceof ServerMessage.Ended ended) {
            return ended.call();
        }
        return null;
    }
}
