package dev.facecall.signaling.entity;

/**
 * The protocol's {@code User}: a user as others see it at one moment.
 *
 * @param callable false when the user's page cannot take calls (no camera or microphone access,
 *                 for example a page that is not a secure context): written only then
 */
public record UserView(String id, String name, String state, boolean callable) {

    public static final String ONLINE = "online";
    public static final String BUSY = "busy";
    public static final String OFFLINE = "offline";
}
