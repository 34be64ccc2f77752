package dev.facecall.signaling.control;

import static dev.facecall.signaling.control.Harness.assertNoRef;
import static dev.facecall.signaling.control.Harness.assertRef;
import static dev.facecall.signaling.control.Harness.json;
import static dev.facecall.signaling.control.Harness.msg;
import static dev.facecall.signaling.control.Harness.ring;
import static dev.facecall.signaling.control.Harness.talk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may call whom, what each member hears, every error a call message can get and every way a call ends. */
class CallRulesTest {

    private final Harness server = new Harness();
    private final Client ann = server.login("Ann");
    private final Client bob = server.login("Bob");
    private final Client cid = server.login("Cid");

    /** A message about {@code call} of the given type, with extra fields, as {@code from} would send it. */
    private static String about(String type, String call, Client peer) {
        return switch (type) {
            case "signal" -> msg("type", type, "call", call, "to", peer.id(), "data", json("{\"candidate\":{}}"), "ref", "s1");
            case "chat" -> msg("type", type, "call", call, "text", "hi", "ref", "s1");
            case "media" -> msg("type", type, "call", call, "audio", true, "video", false, "screen", false, "ref", "s1");
            default -> msg("type", type, "call", call, "ref", "s1");
        };
    }

    private static void assertEnded(Client member, String call, String reason) {
        JsonObject ended = member.next("ended");
        assertEquals(call, ended.getString("call"));
        assertEquals(reason, ended.getString("reason"));
    }

    /** After the ending, nothing more about the call reaches either member, whatever happens next. */
    private void assertEndedOnce(String call) {
        server.timers.advance(Harness.RING_TIMEOUT.plus(Harness.RESUME_GRACE).multipliedBy(2));
        ann.expectNothingButPresence();
        bob.expectNothingButPresence();
        for (Client member : new Client[] {ann, bob}) {
            member.send(msg("type", "hangup", "call", call));
            member.error("no-such-call");
        }
    }

    @Nested
    class Invite {

        @Test
        void theCallerHearsItRingAndTheCalleeHearsItComeIn() {
            ann.send(msg("type", "invite", "to", bob.id(), "ref", "i1"));

            JsonObject calling = ann.next("calling");
            assertRef("i1", calling);
            assertEquals(bob.id(), calling.getJsonObject("to").getString("id"));
            assertEquals("Bob", calling.getJsonObject("to").getString("name"));
            assertEquals("busy", calling.getJsonObject("to").getString("state"));
            JsonObject incoming = bob.next("incoming");
            assertNoRef(incoming);
            assertEquals(calling.getString("call"), incoming.getString("call"));
            assertEquals(ann.id(), incoming.getJsonObject("from").getString("id"));
            assertEquals("Ann", incoming.getJsonObject("from").getString("name"));
            assertEquals("busy", incoming.getJsonObject("from").getString("state"));
            cid.expectNothingButPresence();
        }

        @Test
        void callIdsAreUnlikeUserIds() {
            String call = ring(ann, bob);

            assertNotEquals(ann.id(), call);
            assertNotEquals(bob.id(), call);
        }

        @Test
        void invitingOneselfIsInvalid() {
            ann.send(msg("type", "invite", "to", ann.id(), "ref", "i2"));

            assertRef("i2", ann.error("invalid"));
            ann.expectNothingButPresence();
        }

        @Test
        void invitingAnUnknownIdIsNoSuchUser() {
            ann.send(msg("type", "invite", "to", "u-nobody", "ref", "i3"));

            assertRef("i3", ann.error("no-such-user"));
        }

        @Test
        void invitingAUserWhoLoggedOutIsNoSuchUser() {
            String bobId = bob.id();
            bob.send(msg("type", "logout"));

            ann.send(msg("type", "invite", "to", bobId));

            ann.error("no-such-user");
        }

        @Test
        void invitingWhileRingingIsBusy() {
            ring(ann, bob);

            ann.send(msg("type", "invite", "to", cid.id(), "ref", "i4"));

            assertRef("i4", ann.error("busy"));
            cid.expectNothingButPresence();
        }

        @Test
        void invitingWhileTalkingIsBusy() {
            talk(ann, bob);

            bob.send(msg("type", "invite", "to", cid.id()));

            bob.error("busy");
            cid.expectNothingButPresence();
        }

        @Test
        void aCalleeWhoIsRungCannotInviteSomeoneElse() {
            ring(ann, bob);

            bob.send(msg("type", "invite", "to", cid.id()));

            bob.error("busy");
        }

        @Test
        void invitingABusyUserRingsThenEndsBusyAtOnceWithTheSameRef() {
            ring(ann, bob);

            cid.send(msg("type", "invite", "to", bob.id(), "ref", "i5"));

            JsonObject calling = cid.next("calling");
            assertRef("i5", calling);
            assertEquals("busy", calling.getJsonObject("to").getString("state"));
            JsonObject ended = cid.next("ended");
            assertRef("i5", ended);
            assertEquals(calling.getString("call"), ended.getString("call"));
            assertEquals("busy", ended.getString("reason"));
            cid.expectNothingButPresence();
        }

        @Test
        void aBusyCalleeIsToldNothing() {
            ring(ann, bob);
            bob.presence();
            ann.presence();

            cid.send(msg("type", "invite", "to", bob.id()));

            bob.expectNothing();
            ann.expectNothing();
        }

        @Test
        void afterABusyEndingTheCallerIsFreeAndItsCallIsGone() {
            ring(ann, bob);
            cid.send(msg("type", "invite", "to", ann.id()));
            cid.next("calling");
            String busyCall = cid.next("ended").getString("call");

            cid.send(msg("type", "hangup", "call", busyCall));
            cid.error("no-such-call");
            Client dee = server.login("Dee");
            ring(cid, dee);
        }
    }

    @Nested
    class NoSuchCall {

        @ParameterizedTest
        @ValueSource(strings = {"accept", "reject", "hangup", "signal", "chat", "media"})
        void anUnknownCallIdIsNoSuchCall(String type) {
            talk(ann, bob);

            ann.send(about(type, "c-unknown", bob));

            assertRef("s1", ann.error("no-such-call"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"accept", "reject", "hangup", "signal", "chat", "media"})
        void aStrangerLearnsNothingAboutARingingCall(String type) {
            String call = ring(ann, bob);

            cid.send(about(type, call, bob));

            cid.error("no-such-call");
            ann.expectNothingButPresence();
            bob.expectNothingButPresence();
        }

        @ParameterizedTest
        @ValueSource(strings = {"accept", "reject", "hangup", "signal", "chat", "media"})
        void aStrangerLearnsNothingAboutAnAcceptedCall(String type) {
            String call = talk(ann, bob);

            cid.send(about(type, call, bob));

            cid.error("no-such-call");
            ann.expectNothingButPresence();
            bob.expectNothingButPresence();
        }

        @ParameterizedTest
        @ValueSource(strings = {"accept", "reject", "hangup", "signal", "chat", "media"})
        void anEndedCallIsNoSuchCall(String type) {
            String call = talk(ann, bob);
            ann.send(msg("type", "hangup", "call", call));
            ann.next("ended");
            bob.next("ended");

            bob.send(about(type, call, ann));

            assertRef("s1", bob.error("no-such-call"));
            ann.expectNothingButPresence();
        }
    }

    @Nested
    class InvalidState {

        @Test
        void theCallerCannotAcceptItsOwnCall() {
            String call = ring(ann, bob);

            ann.send(msg("type", "accept", "call", call, "ref", "x1"));

            assertRef("x1", ann.error("invalid-state"));
            bob.expectNothingButPresence();
        }

        @Test
        void theCallerCannotRejectItsOwnCall() {
            String call = ring(ann, bob);

            ann.send(msg("type", "reject", "call", call));

            ann.error("invalid-state");
            bob.expectNothingButPresence();
        }

        @Test
        void anAcceptedCallCannotBeAcceptedAgain() {
            String call = talk(ann, bob);

            bob.send(msg("type", "accept", "call", call));

            bob.error("invalid-state");
            ann.expectNothingButPresence();
        }

        @Test
        void anAcceptedCallCannotBeRejected() {
            String call = talk(ann, bob);

            bob.send(msg("type", "reject", "call", call));

            bob.error("invalid-state");
            ann.expectNothingButPresence();
        }

        @ParameterizedTest
        @ValueSource(strings = {"signal", "chat", "media"})
        void nothingIsRelayedWhileTheCallRingsFromTheCaller(String type) {
            String call = ring(ann, bob);

            ann.send(about(type, call, bob));

            assertRef("s1", ann.error("invalid-state"));
            bob.expectNothingButPresence();
        }

        @ParameterizedTest
        @ValueSource(strings = {"signal", "chat", "media"})
        void nothingIsRelayedWhileTheCallRingsFromTheCallee(String type) {
            String call = ring(ann, bob);

            bob.send(about(type, call, ann));

            bob.error("invalid-state");
            ann.expectNothingButPresence();
        }

        @Test
        void aRefusedActionLeavesTheCallAsItWas() {
            String call = ring(ann, bob);
            ann.send(msg("type", "accept", "call", call));
            ann.error("invalid-state");

            bob.send(msg("type", "accept", "call", call));

            ann.next("accepted");
            bob.next("accepted");
        }
    }

    @Nested
    class Accept {

        @Test
        void bothMembersHearItIsAcceptedAndOnlyTheCalleeIsPolite() {
            String call = ring(ann, bob);

            bob.send(msg("type", "accept", "call", call, "ref", "a1"));

            JsonObject callers = ann.next("accepted");
            assertEquals(call, callers.getString("call"));
            assertEquals(false, callers.getBoolean("polite"));
            assertEquals(bob.id(), callers.getJsonObject("peer").getString("id"));
            assertEquals("Bob", callers.getJsonObject("peer").getString("name"));
            assertEquals("busy", callers.getJsonObject("peer").getString("state"));
            assertNoRef(callers);
            JsonObject callees = bob.next("accepted");
            assertEquals(call, callees.getString("call"));
            assertEquals(true, callees.getBoolean("polite"));
            assertEquals(ann.id(), callees.getJsonObject("peer").getString("id"));
            assertEquals("busy", callees.getJsonObject("peer").getString("state"));
            assertRef("a1", callees);
        }

        @Test
        void anAcceptedCallNoLongerTimesOut() {
            String call = talk(ann, bob);

            server.timers.advance(Harness.RING_TIMEOUT.multipliedBy(3));

            ann.expectNothingButPresence();
            bob.expectNothingButPresence();
            ann.send(msg("type", "chat", "call", call, "text", "still here"));
            ann.next("chat");
            bob.next("chat");
        }
    }

    @Nested
    class Relay {

        @Test
        void aSignalReachesThePeerWithTheSenderStampedAndTheDataUnchanged() {
            String call = talk(ann, bob);
            String data = "{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\n\"},"
                    + "\"from\":\"" + cid.id() + "\",\"n\":[1,-0,2.5,1E+2,12345678901234567890123,0.1000000000000000055511151231257827,"
                + "true,null,{},[]],\"é\":\"\uD83D\uDE00 \\\" \\\\ \\u0000 \\u2028 </script>\"}";

            ann.send("{\"type\":\"signal\",\"call\":\"" + call + "\",\"to\":\"" + bob.id() + "\",\"from\":\""
                    + cid.id() + "\",\"data\":" + data + ",\"ref\":\"g1\"}");

            JsonObject signal = bob.next("signal");
            assertEquals(call, signal.getString("call"));
            assertEquals(ann.id(), signal.getString("from"));
            assertEquals(json(data), signal.getJsonObject("data"));
            assertNoRef(signal);
            ann.expectNothingButPresence();
            cid.expectNothingButPresence();
        }

        @Test
        void aSignalGoesBothWays() {
            String call = talk(ann, bob);

            bob.send(msg("type", "signal", "call", call, "to", ann.id(), "data", json("{\"candidate\":{\"candidate\":\"\"}}")));

            JsonObject signal = ann.next("signal");
            assertEquals(bob.id(), signal.getString("from"));
            assertEquals(json("{\"candidate\":{\"candidate\":\"\"}}"), signal.getJsonObject("data"));
        }

        @Test
        void aSignalToSomeoneOtherThanThePeerIsInvalid() {
            String call = talk(ann, bob);

            ann.send(msg("type", "signal", "call", call, "to", cid.id(), "data", json("{}"), "ref", "g2"));

            assertRef("g2", ann.error("invalid"));
            bob.expectNothingButPresence();
            cid.expectNothingButPresence();
        }

        @Test
        void aSignalToOneselfIsInvalid() {
            String call = talk(ann, bob);

            ann.send(msg("type", "signal", "call", call, "to", ann.id(), "data", json("{}")));

            ann.error("invalid");
            bob.expectNothingButPresence();
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"offer\"", "[]", "null", "42"})
        void signalDataThatIsNotAnObjectIsInvalid(String data) {
            String call = talk(ann, bob);

            ann.send("{\"type\":\"signal\",\"call\":\"" + call + "\",\"to\":\"" + bob.id() + "\",\"data\":" + data + "}");

            ann.error("invalid");
            bob.expectNothingButPresence();
        }

        @Test
        void bothMembersGetAChatStampedWithTheSenderAndTheClock() {
            String call = talk(ann, bob);

            bob.send(msg("type", "chat", "call", call, "text", " hello\nthere \uD83D\uDC4B ", "ref", "h1"));

            for (Client member : new Client[] {bob, ann}) {
                JsonObject chat = member.next("chat");
                assertEquals(call, chat.getString("call"));
                assertEquals(bob.id(), chat.getString("from"));
                assertEquals(" hello\nthere \uD83D\uDC4B ", chat.getString("text"));
                assertEquals(Harness.NOW.toEpochMilli(), chat.getJsonNumber("at").longValueExact());
            }
            cid.expectNothingButPresence();
        }

        @Test
        void onlyTheSendersCopyOfAChatCarriesTheRef() {
            String call = talk(ann, bob);

            ann.send(msg("type", "chat", "call", call, "text", "hi", "ref", "h2"));

            assertRef("h2", ann.next("chat"));
            assertNoRef(bob.next("chat"));
        }

        @Test
        void aChatOf2000CodePointsIsRelayed() {
            String call = talk(ann, bob);
            String text = "\uD83D\uDE00".repeat(1000) + "a".repeat(1000);

            ann.send(msg("type", "chat", "call", call, "text", text));

            assertEquals(text, bob.next("chat").getString("text"));
        }

        @Test
        void aChatOf2001CodePointsIsInvalid() {
            String call = talk(ann, bob);

            ann.send(msg("type", "chat", "call", call, "text", "\uD83D\uDE00".repeat(2001), "ref", "h3"));

            assertRef("h3", ann.error("invalid"));
            bob.expectNothingButPresence();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "\t\r\n", "\u00A0\u2003\u3000"})
        void aBlankChatIsInvalid(String text) {
            String call = talk(ann, bob);

            ann.send(msg("type", "chat", "call", call, "text", text));

            ann.error("invalid");
            bob.expectNothingButPresence();
        }

        @Test
        void mediaFlagsGoToThePeerOnlyWithTheSenderStamped() {
            String call = talk(ann, bob);

            ann.send(msg("type", "media", "call", call, "audio", false, "video", true, "screen", true, "ref", "m1"));

            JsonObject media = bob.next("media");
            assertEquals(call, media.getString("call"));
            assertEquals(ann.id(), media.getString("from"));
            assertEquals(false, media.getBoolean("audio"));
            assertEquals(true, media.getBoolean("video"));
            assertEquals(true, media.getBoolean("screen"));
            assertNoRef(media);
            ann.expectNothingButPresence();
            cid.expectNothingButPresence();
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"audio\":\"false\",\"video\":true,\"screen\":false",
            "\"audio\":false,\"video\":0,\"screen\":false", "\"audio\":false,\"video\":true,\"screen\":null",
            "\"audio\":false,\"video\":true"})
        void aMediaFlagThatIsNotABooleanIsInvalid(String flags) {
            String call = talk(ann, bob);

            ann.send("{\"type\":\"media\",\"call\":\"" + call + "\"," + flags + ",\"ref\":\"m2\"}");

            assertRef("m2", ann.error("invalid"));
            bob.expectNothingButPresence();
        }
    }

    @Nested
    class Endings {

        @Test
        void aCalleeWhoseCameraAndMicrophoneFailRejectsWithReasonMediaAndTheCallerIsToldSo() {
            String call = ring(ann, bob);

            bob.send(msg("type", "reject", "call", call, "reason", "media", "ref", "m1"));

            JsonObject callees = bob.next("ended");
            assertEquals("media", callees.getString("reason"));
            assertRef("m1", callees);
            JsonObject callers = ann.next("ended");
            assertEquals(call, callers.getString("call"));
            assertEquals("media", callers.getString("reason"), "the caller is not told it was declined");
            assertEndedOnce(call);
        }

        @Test
        void aMemberWhoseDevicesFailAfterAcceptingHangsUpWithReasonMedia() {
            String call = talk(ann, bob);

            bob.send(msg("type", "hangup", "call", call, "reason", "media"));

            assertEquals("media", bob.next("ended").getString("reason"));
            assertEquals("media", ann.next("ended").getString("reason"));
            assertEndedOnce(call);
        }

        @Test
        void aReasonOtherThanMediaIsInvalidAndChangesNothing() {
            String call = ring(ann, bob);

            bob.send(msg("type", "reject", "call", call, "reason", "busy"));
            bob.error("invalid");
            bob.send(msg("type", "hangup", "call", call, "reason", true));
            bob.error("invalid");

            bob.send(msg("type", "accept", "call", call));
            assertEquals(call, ann.next("accepted").getString("call"));
        }

        @Test
        void rejectedEndsTheCallForBoth() {
            String call = ring(ann, bob);

            bob.send(msg("type", "reject", "call", call, "ref", "e1"));

            JsonObject callees = bob.next("ended");
            assertEquals("rejected", callees.getString("reason"));
            assertRef("e1", callees);
            JsonObject callers = ann.next("ended");
            assertEquals(call, callers.getString("call"));
            assertEquals("rejected", callers.getString("reason"));
            assertNoRef(callers);
            assertEndedOnce(call);
        }

        @Test
        void theCallerHangingUpWhileRingingIsCancelled() {
            String call = ring(ann, bob);

            ann.send(msg("type", "hangup", "call", call, "ref", "e2"));

            JsonObject callers = ann.next("ended");
            assertEquals("cancelled", callers.getString("reason"));
            assertRef("e2", callers);
            JsonObject callees = bob.next("ended");
            assertEquals("cancelled", callees.getString("reason"));
            assertNoRef(callees);
            assertEndedOnce(call);
        }

        @Test
        void theCalleeHangingUpWhileRingingIsCancelled() {
            String call = ring(ann, bob);

            bob.send(msg("type", "hangup", "call", call, "ref", "e3"));

            assertRef("e3", bob.next("ended"));
            assertEnded(ann, call, "cancelled");
            assertEndedOnce(call);
        }

        @Test
        void theCallerHangingUpAnAcceptedCallIsHangup() {
            String call = talk(ann, bob);

            ann.send(msg("type", "hangup", "call", call, "ref", "e4"));

            JsonObject callers = ann.next("ended");
            assertEquals("hangup", callers.getString("reason"));
            assertRef("e4", callers);
            JsonObject callees = bob.next("ended");
            assertEquals("hangup", callees.getString("reason"));
            assertNoRef(callees);
            assertEndedOnce(call);
        }

        @Test
        void theCalleeHangingUpAnAcceptedCallIsHangup() {
            String call = talk(ann, bob);

            bob.send(msg("type", "hangup", "call", call));

            assertEnded(bob, call, "hangup");
            assertEnded(ann, call, "hangup");
            assertEndedOnce(call);
        }

        @Test
        void aCallNotAcceptedWithinTheRingTimeoutTimesOut() {
            String call = ring(ann, bob);

            server.timers.advance(Harness.RING_TIMEOUT.minusMillis(1));
            ann.expectNothingButPresence();
            bob.expectNothingButPresence();
            server.timers.advance(Duration.ofMillis(1));

            for (Client member : new Client[] {ann, bob}) {
                JsonObject ended = member.next("ended");
                assertEquals(call, ended.getString("call"));
                assertEquals("timeout", ended.getString("reason"));
                assertNoRef(ended);
            }
            assertEndedOnce(call);
        }

        @Test
        void acceptingAfterTheTimeoutIsNoSuchCall() {
            String call = ring(ann, bob);
            server.timers.advance(Harness.RING_TIMEOUT);
            bob.next("ended");

            bob.send(msg("type", "accept", "call", call));

            bob.error("no-such-call");
        }

        @Test
        void aCallThatEndedBeforeTheTimeoutDoesNotTimeOut() {
            String call = ring(ann, bob);
            bob.send(msg("type", "reject", "call", call));
            bob.next("ended");
            ann.next("ended");

            server.timers.advance(Harness.RING_TIMEOUT.multipliedBy(2));

            ann.expectNothingButPresence();
            bob.expectNothingButPresence();
        }

        @Test
        void theCallerLosingItsConnectionWhileRingingEndsDisconnectedForTheCallee() {
            String call = ring(ann, bob);

            ann.drop();
            server.graceRunsOut();

            assertEndedAfterPeerNotices(bob, call, "disconnected");
            bob.expectNothingButPresence();
        }

        @Test
        void theCalleeLosingItsConnectionEndsDisconnectedForTheCaller() {
            String call = talk(ann, bob);

            bob.drop();
            server.graceRunsOut();

            assertEndedAfterPeerNotices(ann, call, "disconnected");
            ann.send(msg("type", "hangup", "call", call));
            ann.error("no-such-call");
        }

        @Test
        void aLostConnectionAfterTheCallEndedEndsNothingMore() {
            String call = talk(ann, bob);
            ann.send(msg("type", "hangup", "call", call));
            ann.next("ended");
            bob.next("ended");

            ann.drop();
            server.graceRunsOut();

            bob.expectNothingButPresence();
        }

        @Test
        void logoutWhileRingingCountsAsCancelledAndTheLeaverGetsNoEnded() {
            String call = ring(ann, bob);

            ann.send(msg("type", "logout", "ref", "o1"));

            assertEquals(1000, ann.closeCode());
            ann.expectNothingButPresence();
            JsonObject ended = bob.next("ended");
            assertEquals(call, ended.getString("call"));
            assertEquals("cancelled", ended.getString("reason"));
            assertNoRef(ended);
        }

        @Test
        void theCalleeLoggingOutWhileRingingCountsAsCancelled() {
            String call = ring(ann, bob);

            bob.send(msg("type", "logout"));

            bob.expectNothingButPresence();
            assertEnded(ann, call, "cancelled");
        }

        @Test
        void logoutFromAnAcceptedCallCountsAsHangup() {
            String call = talk(ann, bob);

            bob.send(msg("type", "logout"));

            assertEquals(1000, bob.closeCode());
            bob.expectNothingButPresence();
            assertEnded(ann, call, "hangup");
            server.timers.advance(Harness.RING_TIMEOUT.plus(Harness.RESUME_GRACE));
            ann.expectNothingButPresence();
        }

        @Test
        void aLoggedOutConnectionClosingLaterEndsNothingMore() {
            String call = talk(ann, bob);
            bob.send(msg("type", "logout"));
            assertEnded(ann, call, "hangup");

            bob.drop();
            server.graceRunsOut();

            ann.expectNothingButPresence();
        }

        @Test
        void afterACallEndsBothMembersAreFreeToCallAgain() {
            String first = talk(ann, bob);
            ann.send(msg("type", "hangup", "call", first));
            ann.next("ended");
            bob.next("ended");

            String second = ring(bob, ann);

            assertNotEquals(first, second);
        }

        @Test
        void theCallsOfOthersGoOnWhenOneCallEnds() {
            Client dee = server.login("Dee");
            String annBob = talk(ann, bob);
            String cidDee = talk(cid, dee);

            ann.send(msg("type", "hangup", "call", annBob));
            ann.next("ended");
            bob.next("ended");

            cid.send(msg("type", "chat", "call", cidDee, "text", "still on"));
            assertEquals("still on", dee.next("chat").getString("text"));
            assertNull(dee.closeCode());
        }

        /** A peer may first be told that the member is reconnecting; then the call ends. */
        private void assertEndedAfterPeerNotices(Client peer, String call, String reason) {
            JsonObject message = peer.next();
            while ("peer".equals(message.getString("type"))) {
                message = peer.next();
            }
            assertEquals("ended", message.getString("type"), message.toString());
            assertEquals(call, message.getString("call"));
            assertEquals(reason, message.getString("reason"));
            assertNoRef(message);
        }
    }
}
