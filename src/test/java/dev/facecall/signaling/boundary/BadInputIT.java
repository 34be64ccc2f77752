package dev.facecall.signaling.boundary;

import static dev.facecall.signaling.boundary.SignalClient.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets the right error, in the protocol's order of checks, with the ref echoed when it is
 * a valid one, and the connection stays usable; only an oversize frame closes it (1009).
 */
class BadInputIT extends SignalingIT {

    @Deployment(testable = false)
    static WebArchive app() {
        return TestDeployment.app();
    }

    private static final AtomicInteger RUN = new AtomicInteger();

    /** A frame and the error it must get; {@code ref} is what must be echoed (null: no ref). */
    record Case(String frame, String code, String ref) {}

    private static final String LONG_REF = "r".repeat(65);

    private static final List<Case> BEFORE_LOGIN = List.of(
            new Case("hello", "bad-message", null),
            new Case("", "bad-message", null),
            new Case("[]", "bad-message", null),
            new Case("[{\"type\":\"login\",\"name\":\"x\"}]", "bad-message", null),
            new Case("42", "bad-message", null),
            new Case("null", "bad-message", null),
            new Case("\"login\"", "bad-message", null),
            new Case("{\"type\":\"login\",\"name\":\"x\"", "bad-message", null),
            new Case("{\"type\":\"login\",\"name\":\"x\"} {}", "bad-message", null),
            new Case("{}", "bad-message", null),
            new Case("{\"ref\":\"r1\"}", "bad-message", "r1"),
            new Case("{\"type\":1,\"ref\":\"r2\"}", "bad-message", "r2"),
            new Case("{\"type\":null}", "bad-message", null),
            new Case("{\"type\":[\"login\"]}", "bad-message", null),
            new Case("{\"type\":\"nope\",\"ref\":\"r3\"}", "unknown-type", "r3"),
            new Case("{\"type\":\"LOGIN\",\"name\":\"x\"}", "unknown-type", null),
            new Case("{\"type\":\"nope\",\"ref\":\"" + LONG_REF + "\"}", "unknown-type", null),
            new Case("{\"type\":\"invite\",\"to\":\"u1\",\"ref\":\"r4\"}", "not-logged-in", "r4"),
            new Case("{\"type\":\"signal\"}", "not-logged-in", null),
            new Case("{\"type\":\"logout\"}", "not-logged-in", null),
            new Case("{\"type\":\"login\",\"ref\":\"r5\"}", "invalid", "r5"),
            new Case("{\"type\":\"login\",\"name\":5}", "invalid", null),
            new Case("{\"type\":\"login\",\"name\":null}", "invalid", null),
            new Case("{\"type\":\"login\",\"name\":\"x\",\"ref\":\"\"}", "invalid", null),
            new Case("{\"type\":\"login\",\"name\":\"x\",\"ref\":7}", "invalid", null),
            new Case("{\"type\":\"login\",\"name\":\"x\",\"ref\":\"" + LONG_REF + "\"}", "invalid", null),
            new Case("{\"type\":\"login\",\"name\":\"\",\"ref\":\"r6\"}", "invalid-name", "r6"),
            new Case("{\"type\":\"login\",\"name\":\" \\u3000 \"}", "invalid-name", null),
            new Case("{\"type\":\"login\",\"name\":\"<script>\"}", "invalid-name", null),
            new Case("{\"type\":\"login\",\"name\":\"a\\u0000b\"}", "invalid-name", null),
            new Case("{\"type\":\"login\",\"name\":\"tab\\there\"}", "invalid-name", null),
            new Case("{\"type\":\"login\",\"name\":\"" + "n".repeat(33) + "\"}", "invalid-name", null),
            new Case("{\"type\":\"login\",\"name\":\"smile \\ud83d\\ude00\"}", "invalid-name", null));

    @Test
    void beforeLoginEveryBadFrameGetsItsErrorAndTheConnectionStaysUsable() {
        SignalClient client = connect();
        for (Case row : BEFORE_LOGIN) {
            assertAnswered(client, row);
        }
        client.loginAs("Survivor " + RUN.incrementAndGet());
    }

    @Test
    void afterLoginEveryBadMessageGetsItsErrorAndTheConnectionStaysUsable() {
        SignalClient alice = login("Alice");
        SignalClient bob = login("Bob");
        alice.send(message("invite", "to", bob.id()));
        String call = alice.next("calling").getString("call");
        bob.next("incoming");
        List<Case> rows = List.of(
                new Case("{\"type\":\"login\",\"name\":\"Again\",\"ref\":\"a\"}", "already-logged-in", "a"),
                new Case("{\"type\":\"whoami\"}", "unknown-type", null),
                new Case("{\"type\":\"invite\"}", "invalid", null),
                new Case("{\"type\":\"invite\",\"to\":42}", "invalid", null),
                new Case("{\"type\":\"invite\",\"to\":\"" + alice.id() + "\",\"ref\":\"self\"}", "invalid", "self"),
                new Case("{\"type\":\"invite\",\"to\":\"nobody\",\"ref\":\"n\"}", "no-such-user", "n"),
                new Case("{\"type\":\"invite\",\"to\":\"" + bob.id() + "\",\"ref\":\"b\"}", "busy", "b"),
                new Case("{\"type\":\"accept\"}", "invalid", null),
                new Case("{\"type\":\"accept\",\"call\":{}}", "invalid", null),
                new Case("{\"type\":\"accept\",\"call\":\"" + call + "\",\"ref\":\"s\"}", "invalid-state", "s"),
                new Case("{\"type\":\"reject\",\"call\":\"" + call + "\"}", "invalid-state", null),
                new Case("{\"type\":\"reject\",\"call\":\"c-unknown\"}", "no-such-call", null),
                new Case("{\"type\":\"hangup\",\"call\":true}", "invalid", null),
                new Case("{\"type\":\"hangup\",\"call\":\"c-unknown\",\"ref\":\"h\"}", "no-such-call", "h"),
                new Case("{\"type\":\"signal\",\"call\":\"" + call + "\",\"to\":\"" + bob.id() + "\",\"data\":{}}", "invalid-state", null),
                new Case("{\"type\":\"signal\",\"call\":\"" + call + "\",\"to\":\"" + bob.id() + "\",\"data\":\"sdp\"}", "invalid", null),
                new Case("{\"type\":\"signal\",\"call\":\"" + call + "\",\"to\":\"" + bob.id() + "\",\"data\":null}", "invalid", null),
                new Case("{\"type\":\"signal\",\"call\":\"" + call + "\",\"data\":{}}", "invalid", null),
                new Case("{\"type\":\"chat\",\"call\":\"" + call + "\",\"text\":\"hi\"}", "invalid-state", null),
                new Case("{\"type\":\"chat\",\"call\":\"" + call + "\",\"text\":\"\"}", "invalid", null),
                new Case("{\"type\":\"chat\",\"call\":\"" + call + "\",\"text\":\" \\n\\u00a0 \"}", "invalid", null),
                new Case("{\"type\":\"chat\",\"call\":\"" + call + "\",\"text\":\"" + "x".repeat(2001) + "\"}", "invalid", null),
                new Case("{\"type\":\"chat\",\"call\":\"" + call + "\",\"text\":12}", "invalid", null),
                new Case("{\"type\":\"media\",\"call\":\"" + call + "\",\"audio\":true,\"video\":true}", "invalid", null),
                new Case("{\"type\":\"media\",\"call\":\"" + call + "\",\"audio\":\"yes\",\"video\":true,\"screen\":false}", "invalid", null),
                new Case("{\"type\":\"media\",\"call\":\"" + call + "\",\"audio\":1,\"video\":true,\"screen\":false}", "invalid", null),
                new Case("{\"type\":\"media\",\"call\":\"" + call + "\",\"audio\":true,\"video\":true,\"screen\":false}", "invalid-state", null));
        for (Case row : rows) {
            assertAnswered(alice, row);
        }
        alice.sendBinary(new byte[] {1, 2, 3});
        alice.nextError("bad-message");
        bob.expectNothing(Duration.ofMillis(200));

        bob.send(message("accept", "call", call));
        alice.next("accepted");
        String longest = "\uD83D\uDE00".repeat(2000);
        alice.send(message("chat", "call", call, "text", longest));
        assertEquals(longest, alice.next("chat").getString("text"), "2000 code points is the limit, not 2000 chars");
    }

    @Test
    void hostileMessagesGetTheirErrorAndTheConnectionStaysUsable() {
        SignalClient alice = login("Alice");
        SignalClient bob = login("Bob");
        SignalClient carol = login("Carol");
        String call = SignalClient.acceptedCall(alice, bob);
        alice.send(message("invite", "to", carol.id()));
        alice.nextError("busy");
        carol.send(message("invite", "to", alice.id()));
        String refused = carol.next("calling").getString("call");
        carol.next("ended");

        String deepArray = "[".repeat(5000) + "]".repeat(5000);
        String deepObject = "{\"a\":".repeat(3000) + "1" + "}".repeat(3000);
        List<Case> asCarol = List.of(
                new Case("{\"type\":\"invite\",\"to\":1e999999}", "invalid", null),
                new Case("{\"type\":\"invite\",\"to\":123456789012345678901234567890123456789}", "invalid", null),
                new Case("{\"type\":\"invite\",\"to\":-0.0}", "invalid", null),
                new Case("{\"type\":\"invite\",\"to\":null}", "invalid", null),
                new Case("{\"type\":\"invite\",\"to\":[\"" + alice.id() + "\"]}", "invalid", null),
                new Case("{\"type\":\"invite\",\"to\":{\"id\":\"" + alice.id() + "\"}}", "invalid", null),
                new Case("{\"type\":\"invite\",\"to\":\"" + "u".repeat(50_000) + "\"}", "no-such-user", null),
                new Case("{\"type\":\"accept\",\"call\":null}", "invalid", null),
                new Case("{\"type\":\"accept\",\"call\":\"" + "c".repeat(60_000) + "\"}", "no-such-call", null),
                new Case("{\"type\":\"hangup\",\"call\":\"" + call + "\",\"ref\":\"theirs\"}", "no-such-call", "theirs"),
                new Case("{\"type\":\"signal\",\"call\":\"" + call + "\",\"to\":\"" + bob.id() + "\",\"data\":{}}", "no-such-call", null),
                new Case("{\"type\":\"chat\",\"call\":\"" + call + "\",\"text\":\"let me in\"}", "no-such-call", null),
                new Case("{\"type\":\"media\",\"call\":\"" + call + "\",\"audio\":true,\"video\":true,\"screen\":true}", "no-such-call", null),
                new Case("{\"type\":\"accept\",\"call\":\"" + refused + "\"}", "no-such-call", null),
                new Case("{\"type\":\"hangup\",\"call\":\"" + refused + "\"}", "no-such-call", null),
                new Case("{\"type\":\"signal\",\"call\":null,\"to\":null,\"data\":null}", "invalid", null),
                new Case("{\"type\":\"signal\",\"call\":\"x\",\"to\":\"y\",\"data\":" + deepArray + "}", "bad-message", null),
                new Case("{\"type\":\"nope\",\"x\":" + deepObject + "}", "bad-message", null),
                new Case("{\"type\":\"media\",\"call\":\"x\",\"audio\":1e400,\"video\":true,\"screen\":false}", "invalid", null),
                new Case("{\"type\":\"media\",\"call\":\"x\",\"audio\":null,\"video\":true,\"screen\":false}", "invalid", null),
                new Case("{\"type\":\"chat\",\"call\":\"x\",\"text\":null}", "invalid", null),
                new Case("{\"type\":\"chat\",\"call\":\"x\",\"text\":[\"hi\"]}", "invalid", null),
                new Case("{\"type\":\" login\",\"name\":\"x\"}", "unknown-type", null),
                new Case("{\"type\":\"login\\u0000\",\"name\":\"x\"}", "unknown-type", null),
                new Case("{\"type\":\"nope\",\"ref\":\"" + "r".repeat(1000) + "\"}", "unknown-type", null),
                new Case("{\"type\":\"hangup\",\"call\":\"x\",\"ref\":\"" + "r".repeat(1000) + "\"}", "invalid", null),
                new Case("{\"type\":\"hangup\",\"call\":\"x\",\"ref\":null}", "invalid", null),
                new Case("{\"type\":\"login\",\"name\":\"Again\",\"resume\":42}", "invalid", null),
                new Case("{\"type\":\"login\",\"resume\":\"" + alice.resumeToken() + "\",\"ref\":\"steal\"}", "already-logged-in", "steal"));
        for (Case row : asCarol) {
            assertAnswered(carol, row);
        }
        alice.expectNothing(Duration.ofMillis(200));
        bob.expectNothing(Duration.ofMillis(200));

        List<Case> names = List.of(
                new Case("{\"type\":\"login\",\"name\":\"\\u0007bell\"}", "invalid-name", null),
                new Case("{\"type\":\"login\",\"name\":\"line\\nbreak\"}", "invalid-name", null),
                new Case("{\"type\":\"login\",\"name\":\"zero\\u200bwidth\"}", "invalid-name", null),
                new Case("{\"type\":\"login\",\"name\":\"\\u202eevil\"}", "invalid-name", null),
                new Case("{\"type\":\"login\",\"name\":\"lone \\ud800 surrogate\"}", "invalid-name", null),
                new Case("{\"type\":\"login\",\"name\":\"" + "N".repeat(10_000) + "\"}", "invalid-name", null),
                new Case("{\"type\":\"login\",\"name\":\"" + alice.name().toUpperCase(java.util.Locale.ROOT) + "\"}", "name-taken", null),
                new Case("{\"type\":\"login\",\"name\":\"  " + alice.name() + "\\u00a0\"}", "name-taken", null));
        SignalClient anonymous = connect();
        for (Case row : names) {
            assertAnswered(anonymous, row);
        }
        anonymous.loginAs("Dave " + RUN.incrementAndGet());

        // Stale ids after the call has ended
        alice.send(message("hangup", "call", call));
        alice.next("ended");
        bob.next("ended");
        for (String stale : List.of("accept", "reject", "hangup")) {
            bob.send(message(stale, "call", call));
            bob.nextError("no-such-call");
        }
        bob.send(message("signal", "call", call, "to", alice.id(), "data", jakarta.json.JsonValue.EMPTY_JSON_OBJECT));
        bob.nextError("no-such-call");
    }

    @Test
    void nothingIsAnsweredAfterLogout() throws Exception {
        try (RawSocket raw = RawSocket.open(uri(), null, Duration.ofSeconds(5))) {
            raw.sendText("{\"type\":\"login\",\"name\":\"Leaver " + RUN.incrementAndGet() + "\"}");
            assertEquals(RawSocket.TEXT, raw.read().opcode(), "welcome");
            // Sent back to back: the server must act on the logout and answer nothing after it.
            raw.sendText("{\"type\":\"logout\"}");
            raw.sendText("{\"type\":\"invite\",\"to\":\"anyone\"}");
            raw.sendText("{\"type\":\"login\",\"name\":\"Again\"}");
            RawSocket.Frame next = raw.read();
            assertEquals(RawSocket.CLOSE, next.opcode(), () -> "got " + next.text());
            assertEquals(1000, next.closeCode());
        }
    }

    @Test
    void invalidUtf8FailsTheConnectionWith1007AsTheWebSocketRfcRequires() throws Exception {
        try (RawSocket raw = RawSocket.open(uri(), null, Duration.ofSeconds(5))) {
            byte[] head = "{\"type\":\"login\",\"name\":\"A".getBytes(StandardCharsets.US_ASCII);
            byte[] frame = java.util.Arrays.copyOf(head, head.length + 4);
            frame[head.length] = (byte) 0xC3;
            frame[head.length + 1] = (byte) 0x28;
            frame[head.length + 2] = '"';
            frame[head.length + 3] = '}';
            raw.send(RawSocket.TEXT, frame);
            assertEquals(1007, raw.readUntil(RawSocket.CLOSE).closeCode());
        }
    }

    @Test
    void aFrameOf64KibIsReadAndOneByteMoreClosesWith1009() {
        SignalClient client = connect();
        client.send(frameOfBytes(65_536, "a"));
        client.nextError("invalid-name");
        assertFalse(client.isClosed());
        client.send(frameOfBytes(65_537, "a"));
        assertEquals(1009, client.awaitClose());
    }

    @Test
    void theLimitCountsUtf8BytesNotCharacters() {
        SignalClient client = connect();
        String frame = frameOfBytes(65_538, "é");
        client.send(frame);
        assertEquals(1009, client.awaitClose());
    }

    @Test
    void anOversizeBinaryFrameClosesWith1009Too() {
        SignalClient client = connect();
        client.sendBinary(new byte[70_000]);
        assertEquals(1009, client.awaitClose());
    }

    /**
     * The server stops an oversize frame at its header, so its 1009 reaches a client that is still
     * sending that frame: the client may finish it and answer the close, and the connection then
     * ends with a FIN, not a reset under the client's writes. (The server waits for the answer up
     * to two seconds, as for any close it starts.)
     */
    @Test
    void aClientStillSendingItsOversizeFrameWhenTheCloseComesMayFinishAndAnswer() throws Exception {
        try (RawSocket raw = RawSocket.open(uri(), null, Duration.ofSeconds(5))) {
            raw.sendBytes(RawSocket.head(RawSocket.BINARY, 70_000));
            raw.sendBytes(new byte[10_000]);
            assertEquals(1009, raw.readUntil(RawSocket.CLOSE).closeCode());
            raw.readTimeout(Duration.ofMillis(500));
            assertThrows(java.net.SocketTimeoutException.class, raw::read,
                    "the connection stays open for the client's answer, nothing more comes");
            raw.sendBytes(new byte[60_000]);
            raw.send(RawSocket.CLOSE, new byte[] {0x03, (byte) 0xF1});
            raw.readTimeout(Duration.ofSeconds(10));
            assertEquals(-1, raw.readByte(), "the server ends the connection with a FIN within two seconds of its close");
        }
    }

    /** A login frame of exactly {@code bytes} UTF-8 bytes, padded with {@code filler}, whose name is too long. */
    private static String frameOfBytes(int bytes, String filler) {
        String head = "{\"type\":\"login\",\"name\":\"";
        String tail = "\"}";
        int fillerBytes = filler.getBytes(StandardCharsets.UTF_8).length;
        int room = bytes - head.length() - tail.length();
        String frame = head + filler.repeat(room / fillerBytes) + "a".repeat(room % fillerBytes) + tail;
        assertEquals(bytes, frame.getBytes(StandardCharsets.UTF_8).length);
        return frame;
    }

    private static void assertAnswered(SignalClient client, Case row) {
        client.send(row.frame());
        JsonObject answer = client.next();
        String shown = row.frame().length() > 80 ? row.frame().substring(0, 80) + "…" : row.frame();
        assertEquals("error", answer.getString("type"), () -> shown + " → " + answer);
        assertEquals(row.code(), answer.getString("code"), () -> shown + " → " + answer);
        assertEquals(row.ref(), answer.getString("ref", null), () -> shown + " → " + answer);
    }

    private SignalClient connect() {
        return clients.connect();
    }

    /** Logs in as {@code name} and a number: a closed client's name stays taken for the resume grace. */
    private SignalClient login(String name) {
        return clients.login(name + " " + RUN.incrementAndGet());
    }
}
