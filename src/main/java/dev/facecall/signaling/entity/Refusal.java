package dev.facecall.signaling.entity;

/**
 * A client message that cannot be carried out: it becomes an {@code error} for the sender, and
 * the connection stays open. Thrown on purpose, so it carries no stack trace.
 */
public final class Refusal extends RuntimeException {

    private final ErrorCode code;

    public Refusal(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
