package dev.facecall.signaling.control;

import static dev.facecall.signaling.control.Harness.assertNoRef;
import static dev.facecall.signaling.control.Harness.assertRef;
import static dev.facecall.signaling.control.Harness.json;
import static dev.facecall.signaling.control.Harness.msg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.facecall.signaling.entity.ClientMessage;
import dev.facecall.signaling.entity.Envelope;
import dev.facecall.signaling.entity.ErrorCode;
import dev.facecall.signaling.entity.ServerMessage;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The protocol's order of checks for every frame, and the rules of {@code ref}. */
class MessageReaderTest {

    private final Harness server = new Harness();
    private final Client anonymous = server.connect();

    @Nested
    class BadMessage {

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "hello", "{", "{\"type\":", "{'type':'login'}", "{\"type\":\"login\",}"})
        void textThatIsNotJsonIsABadMessage(String text) {
            anonymous.send(text);

            assertNoRef(anonymous.error("bad-message"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "[{\"type\":\"login\",\"name\":\"Ann\"}]", "\"login\"", "42", "null", "true"})
        void jsonThatIsNotAnObjectIsABadMessage(String text) {
            anonymous.send(text);

            assertNoRef(anonymous.error("bad-message"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"{}", "{\"name\":\"Ann\"}", "{\"Type\":\"login\"}", "{\"type\":5}", "{\"type\":null}",
                "{\"type\":true}", "{\"type\":[\"login\"]}", "{\"type\":{\"name\":\"login\"}}"})
        void anObjectWithoutAStringTypeIsABadMessage(String text) {
            anonymous.send(text);

            anonymous.error("bad-message");
        }

        @Test
        void aBinaryFrameIsABadMessage() {
            anonymous.sendBinary();

            assertNoRef(anonymous.error("bad-message"));
        }

        @Test
        void aBadMessageFromALoggedInUserChangesNothing() {
            Client ann = server.login("Ann");
            Client bob = server.login("Bob");
            ann.presence();

            bob.send("{\"type\":");
            bob.sendBinary();

            bob.error("bad-message");
            bob.error("bad-message");
            bob.expectNothing();
            ann.expectNothing();
            assertNull(bob.closeCode(), "an error never closes the connection");
        }

        @Test
        void aBadMessageEchoesAValidRef() {
            anonymous.send("{\"ref\":\"r1\",\"name\":\"Ann\"}");

            assertRef("r1", anonymous.error("bad-message"));
        }

        @Test
        void twoJsonObjectsInOneFrameAreABadMessage() {
            anonymous.send("{\"type\":\"login\",\"name\":\"Ann\"} {\"type\":\"login\",\"name\":\"Bob\"}");

            anonymous.error("bad-message");
            anonymous.expectNothing();
        }

        static Stream<String> jsonTheParserCannotHold() {
            return Stream.of(
                    "[".repeat(30_000) + "]".repeat(30_000), // nested deeper than the parser goes, well under 64 KiB
                    "1e9999999999", // an exponent beyond BigDecimal
                    "1" + "0".repeat(2000)); // more digits than the parser reads
        }

        @ParameterizedTest
        @MethodSource("jsonTheParserCannotHold")
        void jsonTheParserCannotHoldIsABadMessageNotACrash(String value) {
            // Parsson refuses these with RuntimeException, NumberFormatException and
            // UnsupportedOperationException; the frame must still get an answer.
            anonymous.send("{\"type\":\"login\",\"name\":\"Ann\",\"x\":" + value + "}");

            anonymous.error("bad-message");
            anonymous.login("Ann");
        }
    }

    @Nested
    class UnknownType {

        @ParameterizedTest
        @ValueSource(strings = {"dance", "LOGIN", "Login", " login", "", "welcome", "presence", "calling", "error"})
        void aTypeTheProtocolDoesNotDefineIsUnknown(String type) {
            Client ann = server.login("Ann");

            ann.send(msg("type", type, "ref", "r2"));

            assertRef("r2", ann.error("unknown-type"));
        }

        @Test
        void anUnknownTypeIsReportedBeforeTheLoginCheck() {
            anonymous.send(msg("type", "dance"));

            anonymous.error("unknown-type");
        }

        @Test
        void anUnknownTypeIsReportedBeforeTheRef() {
            anonymous.send(msg("type", "dance", "ref", 5));

            assertNoRef(anonymous.error("unknown-type"));
        }
    }

    @Nested
    class NotLoggedIn {

        @ParameterizedTest
        @ValueSource(strings = {"logout", "invite", "accept", "reject", "hangup", "signal", "chat", "media"})
        void everyTypeButLoginNeedsALoginFirstEvenWithInvalidFields(String type) {
            anonymous.send(msg("type", type, "ref", "r3"));

            assertRef("r3", anonymous.error("not-logged-in"));
        }

        @Test
        void theLoginCheckComesBeforeTheRefCheck() {
            anonymous.send(msg("type", "invite", "to", "u1", "ref", ""));

            assertNoRef(anonymous.error("not-logged-in"));
        }

        @Test
        void afterNotLoggedInTheConnectionCanStillLogIn() {
            anonymous.send(msg("type", "invite", "to", "u1"));
            anonymous.error("not-logged-in");

            anonymous.login("Ann");

            assertEquals("Ann", anonymous.name());
        }
    }

    @Nested
    class Ref {

        @Test
        void aRefOf64CodePointsIsEchoed() {
            String ref = "r".repeat(64);

            anonymous.send(msg("type", "login", "name", "Ann", "ref", ref));

            assertRef(ref, anonymous.next("welcome"));
        }

        @Test
        void aRefOf64AstralCodePointsIsEchoed() {
            String ref = "\uD83D\uDE00".repeat(64); // 64 code points, 128 UTF-16 units

            anonymous.send(msg("type", "login", "name", "Ann", "ref", ref));

            assertRef(ref, anonymous.next("welcome"));
        }

        @Test
        void aRefIsCountedAfterNfc() {
            String ref = "e\u0301".repeat(64); // 128 code points as sent, 64 after NFC

            anonymous.send(msg("type", "login", "name", "Ann", "ref", ref));

            assertRef(ref, anonymous.next("welcome"));
        }

        @Test
        void aRefOf65CodePointsIsInvalidAndNotEchoed() {
            anonymous.send(msg("type", "login", "name", "Ann", "ref", "r".repeat(65)));

            assertNoRef(anonymous.error("invalid"));
            anonymous.expectNothing();
        }

        @Test
        void anEmptyRefIsInvalid() {
            anonymous.send(msg("type", "login", "name", "Ann", "ref", ""));

            assertNoRef(anonymous.error("invalid"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"5", "null", "true", "[\"r\"]", "{\"id\":\"r\"}"})
        void aRefThatIsNotAStringIsInvalid(String ref) {
            anonymous.send("{\"type\":\"login\",\"name\":\"Ann\",\"ref\":" + ref + "}");

            assertNoRef(anonymous.error("invalid"));
        }

        @Test
        void aLoginWithAnInvalidRefDoesNotLogIn() {
            Client bob = server.login("Bob");

            anonymous.send(msg("type", "login", "name", "Ann", "ref", 7));
            anonymous.error("invalid");

            bob.expectNothing();
            anonymous.login("Ann");
        }

        @Test
        void aLogoutWithAnInvalidRefDoesNotLogOut() {
            Client ann = server.login("Ann");

            ann.send(msg("type", "logout", "ref", "x".repeat(65)));

            ann.error("invalid");
            assertNull(ann.closeCode());
            ann.send(msg("type", "login", "name", "Ann2"));
            ann.error("already-logged-in");
        }

        @Test
        void withoutARefTheAnswerHasNoRef() {
            anonymous.send(msg("type", "login", "name", "Ann"));

            assertNoRef(anonymous.next("welcome"));
        }

        @Test
        void anErrorForAMessageWithARefCarriesIt() {
            Client ann = server.login("Ann");

            ann.send(msg("type", "invite", "to", "nobody", "ref", "r4"));

            assertRef("r4", ann.error("no-such-user"));
        }
    }

    @Nested
    class Fields {

        @ParameterizedTest
        @ValueSource(strings = {
            "{\"type\":\"invite\"}",
            "{\"type\":\"invite\",\"to\":5}",
            "{\"type\":\"invite\",\"to\":null}",
            "{\"type\":\"invite\",\"to\":[\"u1\"]}",
            "{\"type\":\"accept\"}",
            "{\"type\":\"accept\",\"call\":5}",
            "{\"type\":\"accept\",\"call\":null}",
            "{\"type\":\"reject\"}",
            "{\"type\":\"reject\",\"call\":true}",
            "{\"type\":\"hangup\"}",
            "{\"type\":\"hangup\",\"call\":{\"id\":\"c1\"}}",
            "{\"type\":\"signal\",\"to\":\"u1\",\"data\":{}}",
            "{\"type\":\"signal\",\"call\":1,\"to\":\"u1\",\"data\":{}}",
            "{\"type\":\"signal\",\"call\":\"c1\",\"data\":{}}",
            "{\"type\":\"signal\",\"call\":\"c1\",\"to\":1,\"data\":{}}",
            "{\"type\":\"signal\",\"call\":\"c1\",\"to\":\"u1\"}",
            "{\"type\":\"signal\",\"call\":\"c1\",\"to\":\"u1\",\"data\":\"sdp\"}",
            "{\"type\":\"signal\",\"call\":\"c1\",\"to\":\"u1\",\"data\":[]}",
            "{\"type\":\"signal\",\"call\":\"c1\",\"to\":\"u1\",\"data\":null}",
            "{\"type\":\"signal\",\"call\":\"c1\",\"to\":\"u1\",\"data\":1}",
            "{\"type\":\"chat\",\"text\":\"hi\"}",
            "{\"type\":\"chat\",\"call\":\"c1\"}",
            "{\"type\":\"chat\",\"call\":\"c1\",\"text\":1}",
            "{\"type\":\"chat\",\"call\":\"c1\",\"text\":null}",
            "{\"type\":\"chat\",\"call\":\"c1\",\"text\":\"\"}",
            "{\"type\":\"chat\",\"call\":\"c1\",\"text\":\"   \"}",
            "{\"type\":\"chat\",\"call\":\"c1\",\"text\":\"\\t\\n\\u00a0\\u3000\\u2028\"}",
            "{\"type\":\"media\",\"audio\":true,\"video\":true,\"screen\":false}",
            "{\"type\":\"media\",\"call\":\"c1\",\"video\":true,\"screen\":false}",
            "{\"type\":\"media\",\"call\":\"c1\",\"audio\":\"true\",\"video\":true,\"screen\":false}",
            "{\"type\":\"media\",\"call\":\"c1\",\"audio\":true,\"video\":1,\"screen\":false}",
            "{\"type\":\"media\",\"call\":\"c1\",\"audio\":true,\"video\":true,\"screen\":null}",
            "{\"type\":\"media\",\"call\":\"c1\",\"audio\":true,\"video\":true}",
        })
        void aMissingOrMistypedFieldIsInvalidBeforeAnyRuleOfState(String text) {
            Client ann = server.login("Ann");

            ann.send(withRef(text, "r5"));

            assertRef("r5", ann.error("invalid"));
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "{\"type\":\"login\"}",
            "{\"type\":\"login\",\"name\":42}",
            "{\"type\":\"login\",\"name\":null}",
            "{\"type\":\"login\",\"name\":[\"Ann\"]}",
            "{\"type\":\"login\",\"name\":{\"first\":\"Ann\"}}",
            "{\"type\":\"login\",\"name\":true}",
            "{\"type\":\"login\",\"name\":\"Ann\",\"resume\":5}",
            "{\"type\":\"login\",\"resume\":\"no-such-token\"}",
        })
        void aLoginWithoutAStringNameOrWithAMistypedResumeIsInvalid(String text) {
            anonymous.send(withRef(text, "r6"));

            assertRef("r6", anonymous.error("invalid"));
            anonymous.login("Ann");
        }

        @Test
        void chatTextOf2000CodePointsPassesTheFieldCheck() {
            Client ann = server.login("Ann");

            ann.send(msg("type", "chat", "call", "c-none", "text", "\uD83D\uDE00".repeat(2000)));

            ann.error("no-such-call");
        }

        @Test
        void chatTextOf2001CodePointsIsInvalid() {
            Client ann = server.login("Ann");

            ann.send(msg("type", "chat", "call", "c-none", "text", "a".repeat(2001)));

            ann.error("invalid");
        }

        @Test
        void chatTextIsCountedAfterNfc() {
            Client ann = server.login("Ann");

            ann.send(msg("type", "chat", "call", "c-none", "text", "e\u0301".repeat(2000)));

            ann.error("no-such-call");
        }

        @Test
        void unknownFieldsAreIgnored() {
            anonymous.send(msg("type", "login", "name", "Ann", "colour", "red", "self", JsonValue.EMPTY_JSON_OBJECT));

            assertEquals("Ann", anonymous.next("welcome").getJsonObject("self").getString("name"));
        }

        private static String withRef(String text, String ref) {
            return Json.createObjectBuilder(json(text)).add("ref", ref).build().toString();
        }
    }

    /** A signal's data reaches the peer as the very text the sender wrote, checked but not rewritten. */
    @Nested
    class Verbatim {

        private static final String DATA = "{ \"sdp\" : \"v=0\\r\\na=caf\\u00e9\", \"n\":1.50, \"x\":[{\"y\":null}] }";

        @Test
        void theDataOfASignalIsKeptAsTheTextItCameIn() {
            Envelope.Typed envelope = (Envelope.Typed) MessageReader.open(
                    "{\"type\":\"signal\",\"call\":\"c1\",\"to\":\"u1\",\"data\":" + DATA + "}");
            ClientMessage.Signal signal = (ClientMessage.Signal) MessageReader.read(envelope);

            assertEquals(DATA, signal.data().toString());
            assertEquals("v=0\r\na=caf\u00e9", signal.data().getString("sdp"), "its members read as JSON");
            assertEquals(json(DATA), signal.data(), "equal to the same object as a tree");
        }

        @Test
        void theRelayWritesTheDataAsItCame() {
            String relayed = MessageWriter.write(new ServerMessage.SignalRelay("c1", "u2",
                    ((ClientMessage.Signal) MessageReader.read((Envelope.Typed) MessageReader.open(
                            "{\"type\":\"signal\",\"call\":\"c1\",\"to\":\"u1\",\"data\":" + DATA + "}"))).data()));

            assertEquals("{\"type\":\"signal\",\"call\":\"c1\",\"from\":\"u2\",\"data\":" + DATA + "}", relayed);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "{\"a\":1e9999999999}", // a number no reader holds
            "{\"a\":[1,}", // broken inside the data
            "{\"a\":\"unterminated}",
        })
        void dataThatIsNotWellFormedStillMakesTheFrameABadMessage(String data) {
            Envelope envelope = MessageReader.open(
                    "{\"type\":\"signal\",\"call\":\"c1\",\"to\":\"u1\",\"data\":" + data + ",\"ref\":\"r\"}");

            assertEquals(ErrorCode.BAD_MESSAGE, ((Envelope.Malformed) envelope).code());
        }
    }
}
