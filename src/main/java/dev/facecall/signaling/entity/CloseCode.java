package dev.facecall.signaling.entity;

/** Every WebSocket close code the server closes a connection with, beside the error codes. */
public enum CloseCode {
    /** The user logged out. */
    NORMAL(1000),
    /** Silent too long, a send failed, or the server is going down: the client may resume elsewhere. */
    GOING_AWAY(1001),
    /** No login in time, or a client that kept flooding. */
    POLICY(1008),
    /** A frame over the protocol's limit. */
    TOO_BIG(1009),
    /** A client that does not read what is sent to it. */
    TRY_AGAIN_LATER(1013),
    /** Another connection resumed this connection's user. */
    TAKEN_OVER(4001);

    private final int code;

    CloseCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
