package dev.facecall.signaling.entity;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The {@code type}s a client may send. */
public enum MessageType {
    LOGIN, LOGOUT, INVITE, ACCEPT, REJECT, HANGUP, SIGNAL, CHAT, MEDIA;

    private static final Map<String, MessageType> BY_WIRE_NAME = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(MessageType::wireName, Function.identity()));

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<MessageType> byWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }
}
