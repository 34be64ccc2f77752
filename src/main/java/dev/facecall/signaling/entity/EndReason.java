package dev.facecall.signaling.entity;

/** Why a call ended, as the {@code reason} of {@code ended}. */
public enum EndReason {
    REJECTED, BUSY, CANCELLED, HANGUP, TIMEOUT, DISCONNECTED,
    /** A member's camera and microphone could not be used for the call. */
    MEDIA;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The reason whose {@link #wireName()} is {@code name}, as another node of the cluster wrote it. */
    public static EndReason byWireName(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
