package dev.facecall.signaling.control;

import static dev.facecall.signaling.control.Harness.msg;
import static dev.facecall.signaling.control.Harness.talk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frames as large as the transport lets through (64 KiB), shaped to be slow to check: each one is
 * answered at once. A frame that takes seconds of CPU to refuse would let one client, within the
 * rate limit, keep the server's threads busy.
 */
class HostileInputTest {

    /** Some hundred times what a frame this size takes when the checks are linear. */
    private static final Duration AT_ONCE = Duration.ofSeconds(1);

    private final Harness server = new Harness();
    private final Client anonymous = server.connect();

    private void sendAtOnce(Client client, String frame) {
        assertTrue(frame.getBytes(StandardCharsets.UTF_8).length <= Settings.MAX_MESSAGE_BYTES, "within 64 KiB");
        assertTimeoutPreemptively(AT_ONCE, () -> client.send(frame));
    }

    static Stream<Arguments> hugeNames() {
        return Stream.of(
                Arguments.of("white space between two letters", "a" + " ".repeat(65_000) + "b"),
                Arguments.of("ideographic spaces between two letters", "a" + "\u3000".repeat(21_000) + "b"),
                Arguments.of("letters and white space in turn", "a ".repeat(32_000)),
                Arguments.of("combining marks", "e" + "\u0301".repeat(32_000)),
                Arguments.of("letters", "a".repeat(65_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hugeNames")
    void aHugeNameIsRefusedAtOnce(String shape, String name) {
        // A regex trim (^\p{IsWhite_Space}+|\p{IsWhite_Space}+$) backtracks from every position of a run of
        // white space: 65 000 spaces between two letters took seconds. Trimming must be linear.
        sendAtOnce(anonymous, msg("type", "login", "name", name));

        anonymous.error("invalid-name");
    }

    @Test
    void aNamePaddedWithWhiteSpaceToTheLimitIsTrimmedAtOnce() {
        sendAtOnce(anonymous, msg("type", "login", "name", " ".repeat(32_000) + "Ann" + "\u3000".repeat(10_000)));

        assertEquals("Ann", anonymous.next("welcome").getJsonObject("self").getString("name"));
    }

    @Test
    void aHugeChatOfWhiteSpaceIsRefusedAtOnce() {
        Client ann = server.login("Ann");
        Client bob = server.login("Bob");
        String call = talk(ann, bob);

        sendAtOnce(ann, msg("type", "chat", "call", call, "text", "a" + " ".repeat(65_000) + "b"));

        ann.error("invalid");
    }

    @Test
    void aHugeRefIsRefusedAtOnce() {
        sendAtOnce(anonymous, msg("type", "login", "name", "Ann", "ref", "e" + "\u0301".repeat(32_000)));

        anonymous.error("invalid");
    }

    @Test
    void signalDataNestedAsDeepAsTheParserGoesIsRelayedAtOnce() {
        Client ann = server.login("Ann");
        Client bob = server.login("Bob");
        String call = talk(ann, bob);
        String deep = "{\"a\":".repeat(998) + "1" + "}".repeat(998);

        sendAtOnce(ann, "{\"type\":\"signal\",\"call\":\"" + call + "\",\"to\":\"" + bob.id() + "\",\"data\":" + deep + "}");

        JsonObject data = bob.next("signal").getJsonObject("data");
        assertTrue(data.containsKey("a"));
    }

    @Test
    void aFrameOfNothingButNestingIsABadMessageAtOnce() {
        sendAtOnce(anonymous, "{\"type\":\"login\",\"x\":" + "[".repeat(65_000));

        anonymous.error("bad-message");
    }
}
