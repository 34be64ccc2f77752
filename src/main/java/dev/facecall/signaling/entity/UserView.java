package dev.facecall.signaling.entity;

/** The protocol's {@code User}: a user as others see it at one moment. */
public record UserView(String id, String name, String state) {

    public static final String ONLINE = "online";
    public static final String BUSY = "busy";
    public static final String OFFLINE = "offline";
}
