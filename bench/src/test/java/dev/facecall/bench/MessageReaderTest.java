package dev.facecall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageReaderTest {

    private static final String WELCOME = "{\"type\":\"welcome\",\"self\":{\"id\":\"u1\",\"name\":\"j-0\",\"extra\":{\"a\":[1]}},"
            + "\"users\":[{\"id\":\"u2\",\"name\":\"j-1\",\"state\":\"online\"},{\"id\":\"u3\",\"name\":\"j-2\",\"state\":\"busy\","
            + "\"more\":[{}]}],\"iceServers\":[{\"urls\":[\"stun:x\"]}],\"resume\":\"r\",\"limits\":{\"maxMessageBytes\":65536}}";

    private final List<String> users = new ArrayList<>();
    private String self;

    @Test
    void readsTheTypeFromTheFirstFieldOrByParsing() {
        assertEquals("welcome", MessageReader.typeOf(WELCOME));
        assertEquals("error", MessageReader.typeOf("{\"code\":\"busy\",\"type\":\"error\"}"));
        assertEquals("", MessageReader.typeOf("not json"));
        assertEquals("", MessageReader.typeOf("{\"type\":3}"));
    }

    @Test
    void recognisesPresenceByItsFirstBytes() {
        assertTrue(MessageReader.isPresence("{\"type\":\"presence\",\"users\":[]}"));
        assertFalse(MessageReader.isPresence("{\"type\":\"chat\",\"text\":\"" + "x".repeat(40) + "\\\"type\\\":\\\"presence\\\"\"}"));
    }

    @Test
    void readsTheWelcomesIdAndUsers() {
        MessageReader.welcome(WELCOME, id -> self = id, (name, state) -> users.add(name + ":" + state));
        assertEquals("u1", self);
        assertEquals(List.of("j-1:online", "j-2:busy"), users);
    }

    @Test
    void withoutAVisitorTheUserListIsNotRead() {
        MessageReader.welcome(WELCOME.replace("\"users\":[", "\"users\":[oops"), id -> self = id, null);
        assertEquals("u1", self);
    }

    @Test
    void readsPresenceUsers() {
        MessageReader.presence("{\"type\":\"presence\",\"users\":[{\"id\":\"u2\",\"name\":\"j-1\",\"state\":\"offline\"},"
                + "{\"id\":\"u9\",\"state\":\"online\"}]}", (name, state) -> users.add(name + ":" + state));
        assertEquals(List.of("j-1:offline", "null:online"), users);
    }

    @Test
    void badJsonThrows() {
        assertThrows(RuntimeException.class, () -> MessageReader.presence("{\"users\":[{\"name\":", (n, s) -> { }));
    }

    @Test
    void readsCallMessagesAsObjects() {
        var m = MessageReader.object("{\"type\":\"accepted\",\"call\":\"c1\",\"peer\":{\"id\":\"u2\"},\"polite\":true}");
        assertEquals("c1", MessageReader.string(m, "call"));
        assertEquals("", MessageReader.string(m, "polite"));
        assertEquals("", MessageReader.string(m, "absent"));
        assertNull(MessageReader.object("[1]"));
    }
}
