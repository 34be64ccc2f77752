package dev.facecall.signaling.entity;

/** Why a call ended, as the {@code reason} of {@code ended}. */
public enum EndReason {
    REJECTED, BUSY, CANCELLED, HANGUP, TIMEOUT, DISCONNECTED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
