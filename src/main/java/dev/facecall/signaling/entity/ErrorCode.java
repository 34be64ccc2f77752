package dev.facecall.signaling.entity;

/** Every {@code error} code of the protocol, with its wire name. */
public enum ErrorCode {
    BAD_MESSAGE("bad-message"),
    UNKNOWN_TYPE("unknown-type"),
    NOT_LOGGED_IN("not-logged-in"),
    INVALID("invalid"),
    INVALID_NAME("invalid-name"),
    NAME_TAKEN("name-taken"),
    ALREADY_LOGGED_IN("already-logged-in"),
    NO_SUCH_USER("no-such-user"),
    NO_SUCH_CALL("no-such-call"),
    INVALID_STATE("invalid-state"),
    BUSY("busy"),
    RATE_LIMITED("rate-limited");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
