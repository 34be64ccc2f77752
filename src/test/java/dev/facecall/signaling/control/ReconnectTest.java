package dev.facecall.signaling.control;

import static dev.facecall.signaling.control.Harness.assertNoRef;
import static dev.facecall.signaling.control.Harness.assertRef;
import static dev.facecall.signaling.control.Harness.json;
import static dev.facecall.signaling.control.Harness.msg;
import static dev.facecall.signaling.control.Harness.ring;
import static dev.facecall.signaling.control.Harness.talk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A lost connection's user is reconnecting for the grace period: what others see meanwhile, what
 * a resume restates and hands over, how a new connection takes over one that still looks open, and
 * what is left after the grace.
 */
class ReconnectTest {

    private final Harness server = new Harness();
    private final Client ann = server.login("Ann");
    private final Client bob = server.login("Bob");

    /** A new connection resumes {@code lost}'s user with the latest token that user was given. */
    private Client back(Client lost) {
        return server.connect().resume(lost.token());
    }

    private static Map<String, String> statesByName(JsonObject welcome) {
        return welcome.getJsonArray("users").stream().map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(user -> user.getString("name"), user -> user.getString("state")));
    }

    private static void assertPeer(Client client, String call, String state) {
        JsonObject peer = client.next("peer");
        assertEquals(call, peer.getString("call"));
        assertEquals(state, peer.getString("state"));
        assertNoRef(peer);
    }

    private static void assertEnded(Client client, String call, String reason) {
        JsonObject ended = client.next("ended");
        assertEquals(call, ended.getString("call"));
        assertEquals(reason, ended.getString("reason"));
    }

    /** Sends {@code count} frames, letting a second pass now and then so that the rate limit never drops one. */
    private void sendPaced(Client client, int count, IntFunction<String> frame) {
        for (int i = 0; i < count; i++) {
            if (i > 0 && i % 100 == 0) {
                server.timers.advance(Duration.ofSeconds(1));
            }
            client.send(frame.apply(i));
        }
    }

    private String signal(String call, Client to, int n) {
        return msg("type", "signal", "call", call, "to", to.id(), "data", json("{\"candidate\":{\"n\":" + n + "}}"));
    }

    @Nested
    class WhileReconnecting {

        @Test
        void othersStillSeeTheUserWithItsLastStateAndItsNameStaysTaken() {
            Client cid = server.login("Cid");
            talk(ann, bob);
            cid.presence();

            bob.drop();

            assertEquals(Map.of(), cid.presenceByName(), "no presence while Bob is reconnecting");
            Client dee = server.login("Dee");
            assertEquals(Map.of("Ann", "busy", "Bob", "busy", "Cid", "online"), statesByName(dee.welcome()));
            Client other = server.connect();
            other.send(msg("type", "login", "name", "BOB"));
            other.error("name-taken");
        }

        @Test
        void thePeerHearsThatTheUserIsReconnecting() {
            String call = talk(ann, bob);

            bob.drop();

            assertPeer(ann, call, "reconnecting");
            ann.expectNothingButPresence();
        }

        @Test
        void aReconnectingUserCanStillBeCalledAndItRings() {
            bob.drop();

            ann.send(msg("type", "invite", "to", bob.id()));

            assertEquals("busy", ann.next("calling").getJsonObject("to").getString("state"));
            ann.expectNothingButPresence();
        }

        @Test
        void theRingTimerRunsOnWhileAMemberReconnects() {
            String call = ring(ann, bob);
            server.timers.advance(Duration.ofSeconds(20));

            bob.drop();
            server.timers.advance(Duration.ofSeconds(10));

            assertPeer(ann, call, "reconnecting");
            assertEnded(ann, call, "timeout");
            Client back = back(bob);
            assertEnded(back, call, "timeout");
            back.expectNothingButPresence();
        }

        @Test
        void aLoginWithAnUnknownTokenAndTheNameOfAReconnectingUserIsNameTaken() {
            bob.drop();
            Client other = server.connect();

            other.send(msg("type", "login", "resume", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "name", "Bob", "ref", "n1"));

            assertRef("n1", other.error("name-taken"));
        }
    }

    @Nested
    class Resume {

        @Test
        void theWelcomeHasTheSameIdAndNameTheUsersNowAndAFreshToken() {
            String oldToken = bob.token();
            bob.drop();
            server.login("Cid");
            Client back = server.connect();

            back.send(msg("type", "login", "resume", oldToken, "name", "Zed", "ref", "w1"));

            JsonObject welcome = back.next("welcome");
            assertRef("w1", welcome);
            assertEquals(bob.id(), welcome.getJsonObject("self").getString("id"));
            assertEquals("Bob", welcome.getJsonObject("self").getString("name"), "the name field is ignored");
            assertEquals(Map.of("Ann", "online", "Cid", "online"), statesByName(welcome));
            assertNotEquals(oldToken, welcome.getString("resume"));
            assertTrue(welcome.getString("resume").matches("[A-Za-z0-9_-]{22,}"));
            assertEquals(bob.welcome().getJsonObject("limits"), welcome.getJsonObject("limits"));
            assertEquals(Harness.ICE_SERVERS, welcome.getJsonArray("iceServers"));
            back.expectNothing();
        }

        @Test
        void theOldTokenIsVoidOnceResumed() {
            String oldToken = bob.token();
            bob.drop();
            Client back = back(bob);

            Client thief = server.connect();
            thief.send(msg("type", "login", "resume", oldToken, "name", "Bob"));
            thief.error("name-taken");
            thief.send(msg("type", "login", "resume", oldToken, "name", "Bobby"));

            JsonObject self = thief.next("welcome").getJsonObject("self");
            assertEquals("Bobby", self.getString("name"));
            assertNotEquals(bob.id(), self.getString("id"));
            assertNull(back.closeCode(), "a void token takes nothing over");
        }

        @Test
        void theLatestTokenResumesAgain() {
            bob.drop();
            Client first = back(bob);
            first.drop();

            Client second = back(first);

            assertEquals(bob.id(), second.id());
        }

        @Test
        void aRingingCallIsRestatedToTheCaller() {
            String call = ring(ann, bob);
            ann.drop();

            Client back = back(ann);

            JsonObject calling = back.next("calling");
            assertEquals(call, calling.getString("call"));
            assertEquals(bob.id(), calling.getJsonObject("to").getString("id"));
            assertEquals("busy", calling.getJsonObject("to").getString("state"));
            back.expectNothingButPresence();
            bob.send(msg("type", "accept", "call", call));
            assertEquals(false, back.next("accepted").getBoolean("polite"));
        }

        @Test
        void aCalleeInvitedWhileReconnectingHearsItRingOnResume() {
            bob.drop();
            ann.send(msg("type", "invite", "to", bob.id()));
            String call = ann.next("calling").getString("call");

            Client back = back(bob);

            JsonObject incoming = back.next("incoming");
            assertEquals(call, incoming.getString("call"));
            assertEquals(ann.id(), incoming.getJsonObject("from").getString("id"));
            assertEquals("busy", incoming.getJsonObject("from").getString("state"));
            back.expectNothingButPresence();
            assertPeer(ann, call, "connected");
            back.send(msg("type", "accept", "call", call));
            assertEquals(true, back.next("accepted").getBoolean("polite"));
            assertEquals(false, ann.next("accepted").getBoolean("polite"));
        }

        @Test
        void anAcceptedCallIsRestatedWithTheSamePoliteToEitherMember() {
            String call = talk(ann, bob);

            bob.drop();
            Client bobBack = back(bob);
            ann.drop();
            Client annBack = back(ann);

            JsonObject callees = bobBack.next("accepted");
            assertEquals(call, callees.getString("call"));
            assertEquals(true, callees.getBoolean("polite"));
            assertEquals(ann.id(), callees.getJsonObject("peer").getString("id"));
            JsonObject callers = annBack.next("accepted");
            assertEquals(call, callers.getString("call"));
            assertEquals(false, callers.getBoolean("polite"));
            assertEquals(bob.id(), callers.getJsonObject("peer").getString("id"));
        }

        @Test
        void thePeerHearsThatTheUserIsConnectedAgain() {
            String call = talk(ann, bob);
            bob.drop();
            assertPeer(ann, call, "reconnecting");

            back(bob);

            assertPeer(ann, call, "connected");
            ann.expectNothingButPresence();
        }

        @Test
        void whatWasHeldFollowsTheRestatedCallInTheOrderItWasSent() {
            String call = talk(ann, bob);
            bob.drop();
            ann.send(signal(call, bob, 1));
            ann.send(msg("type", "chat", "call", call, "text", "one"));
            ann.send(msg("type", "media", "call", call, "audio", false, "video", true, "screen", false));
            ann.send(signal(call, bob, 2));
            ann.send(msg("type", "chat", "call", call, "text", "two"));

            Client back = back(bob);

            back.next("accepted");
            assertEquals(1, back.next("signal").getJsonObject("data").getJsonObject("candidate").getInt("n"));
            assertEquals("one", back.next("chat").getString("text"));
            assertEquals(false, back.next("media").getBoolean("audio"));
            assertEquals(2, back.next("signal").getJsonObject("data").getJsonObject("candidate").getInt("n"));
            JsonObject chat = back.next("chat");
            assertEquals("two", chat.getString("text"));
            assertEquals(ann.id(), chat.getString("from"));
            back.expectNothingButPresence();
        }

        @Test
        void heldPeerStatesComeInOrderToo() {
            String call = talk(ann, bob);
            bob.drop();
            ann.drop();
            Client annBack = back(ann);

            Client bobBack = back(bob);

            bobBack.next("accepted");
            assertPeer(bobBack, call, "reconnecting");
            assertPeer(bobBack, call, "connected");
            bobBack.expectNothingButPresence();
            annBack.next("accepted");
            assertPeer(annBack, call, "connected");
        }

        @Test
        void aCallThatEndedMeanwhileIsNotRestatedAndItsEndedIsHeld() {
            String call = talk(ann, bob);
            bob.drop();
            assertPeer(ann, call, "reconnecting");
            ann.send(msg("type", "chat", "call", call, "text", "bye"));
            ann.send(msg("type", "hangup", "call", call));
            ann.next("chat");
            assertEnded(ann, call, "hangup");

            Client back = back(bob);

            assertEquals("bye", back.next("chat").getString("text"));
            assertEnded(back, call, "hangup");
            back.expectNothingButPresence();
            ann.expectNothingButPresence();
        }

        @Test
        void presenceIsNotHeldTheWelcomeSupersedesIt() {
            bob.drop();
            Client cid = server.login("Cid");
            server.login("Dee");
            cid.send(msg("type", "logout"));

            Client back = back(bob);

            assertEquals(Map.of("Ann", "online", "Dee", "online"), statesByName(back.welcome()));
            assertEquals(List.of(), back.presence());
        }

        @Test
        void allOf256HeldMessagesAreHandedOver() {
            String call = talk(ann, bob);
            bob.drop();
            assertPeer(ann, call, "reconnecting");

            sendPaced(ann, 256, n -> signal(call, bob, n));

            ann.expectNothingButPresence();
            Client back = back(bob);
            back.next("accepted");
            for (int n = 0; n < 256; n++) {
                assertEquals(n, back.next("signal").getJsonObject("data").getJsonObject("candidate").getInt("n"));
            }
            back.expectNothingButPresence();
        }

        @Test
        void the257thHeldMessageEndsTheCallAndTheResumedUserGetsOnlyItsEnded() {
            String call = talk(ann, bob);
            bob.drop();
            assertPeer(ann, call, "reconnecting");

            sendPaced(ann, 257, n -> signal(call, bob, n));

            assertEnded(ann, call, "disconnected");
            ann.expectNothingButPresence();
            Client back = back(bob);
            assertEnded(back, call, "disconnected");
            back.expectNothingButPresence();
            ann.send(signal(call, bob, 999));
            ann.error("no-such-call");
        }
    }

    /** {@code ended} counts against the hold like any other message. */
    @Nested
    class EndedInTheHold {

        /** {@code caller} rings a reconnecting {@code callee} and cancels, {@code times} times; returns the call ids. */
        private List<String> ringAndCancel(Client caller, Client callee, int times) {
            List<String> calls = new java.util.ArrayList<>();
            for (int n = 0; n < times; n++) {
                if (n > 0 && n % 50 == 0) {
                    server.timers.advance(Duration.ofSeconds(2));
                }
                caller.send(msg("type", "invite", "to", callee.id()));
                String call = caller.next("calling").getString("call");
                caller.send(msg("type", "hangup", "call", call));
                assertEnded(caller, call, "cancelled");
                calls.add(call);
            }
            return calls;
        }

        @Test
        void the256EndedOfCallsThatRangWhileAwayAreHandedOver() {
            bob.drop();
            Client cid = server.login("Cid");
            List<String> calls = ringAndCancel(cid, bob, 256);

            Client back = back(bob);
            for (String call : calls) {
                assertEnded(back, call, "cancelled");
            }
            back.expectNothingButPresence();
        }

        @Test
        void aUserWhoCannotBeHeldEvenAnEndedIsGoneAtOnce() {
            String token = bob.token();
            bob.drop();
            Client cid = server.login("Cid");
            ringAndCancel(cid, bob, 257);
            server.timers.advance(Duration.ZERO);

            assertTrue(server.users.byId(bob.id()).isEmpty(), "Bob is still reconnecting with 257 endeds to hold");
            assertEquals("offline", ann.presenceByName().get("Bob"));
            Client again = server.connect();
            again.send(msg("type", "login", "resume", token, "name", "Bob"));
            assertNotEquals(bob.id(), again.next("welcome").getJsonObject("self").getString("id"),
                    "his token is void: the login is a plain one, and his name is free");
        }

        @Test
        void whatWasHeldForAnEndedCallMakesRoomAndItsEndedStaysInItsPlace() {
            String call = talk(ann, bob);
            bob.drop();
            assertPeer(ann, call, "reconnecting");
            sendPaced(ann, 200, n -> signal(call, bob, n));
            ann.send(msg("type", "hangup", "call", call));
            assertEnded(ann, call, "hangup");
            server.timers.advance(Duration.ofSeconds(2));
            Client cid = server.login("Cid");
            List<String> rung = ringAndCancel(cid, bob, 60);

            Client back = back(bob);
            assertEnded(back, call, "hangup");
            for (String later : rung) {
                assertEnded(back, later, "cancelled");
            }
            back.expectNothingButPresence();
        }
    }

    @Nested
    class Takeover {

        @Test
        void aNewConnectionTakesOverOneThatStillLooksOpenAndClosesItWith4001() {
            String call = talk(ann, bob);

            Client second = back(bob);

            assertEquals(4001, bob.closeCode());
            assertEquals(bob.id(), second.id());
            JsonObject accepted = second.next("accepted");
            assertEquals(call, accepted.getString("call"));
            assertEquals(true, accepted.getBoolean("polite"));
            ann.send(msg("type", "chat", "call", call, "text", "still there?"));
            assertEquals("still there?", second.next("chat").getString("text"));
        }

        @Test
        void theOldConnectionsLaterMessagesAreNotLoggedIn() {
            String call = talk(ann, bob);
            Client second = back(bob);
            second.next("accepted");

            bob.send(msg("type", "chat", "call", call, "text", "from the old one", "ref", "o1"));
            bob.send(msg("type", "logout"));

            List<JsonObject> late = bob.afterClose();
            assertEquals(2, late.size(), late.toString());
            for (JsonObject error : late) {
                assertEquals("not-logged-in", error.getString("code"), error.toString());
            }
            assertRef("o1", late.get(0));
            ann.expectNothingButPresence();
            second.expectNothingButPresence();
            assertNull(second.closeCode());
        }

        @Test
        void theOldConnectionClosingAfterwardsChangesNothing() {
            String call = talk(ann, bob);
            Client second = back(bob);

            bob.drop();
            server.graceRunsOut();

            ann.expectNothingButPresence();
            second.send(msg("type", "chat", "call", call, "text", "here"));
            assertEquals("here", ann.next("chat").getString("text"));
        }
    }

    @Nested
    class AfterTheGrace {

        @Test
        void theUserIsGoneItsCallEndsDisconnectedAndOthersSeeItOffline() {
            Client cid = server.login("Cid");
            String call = talk(ann, bob);
            bob.drop();
            cid.presence();
            ann.presence();

            server.timers.advance(Harness.RESUME_GRACE.minusMillis(1));
            assertEquals(Map.of(), cid.presenceByName());
            assertPeer(ann, call, "reconnecting");
            ann.expectNothingButPresence();
            server.timers.advance(Duration.ofMillis(1));

            assertEquals(Map.of("Ann", "online", "Bob", "offline"), cid.presenceByName());
            assertEquals(Map.of("Bob", "offline"), ann.presenceByName());
            assertEnded(ann, call, "disconnected");
            ring(ann, cid);
        }

        @Test
        void itsTokenIsVoidAndALoginWithItIsAPlainLogin() {
            String token = bob.token();
            bob.drop();
            server.graceRunsOut();
            Client again = server.connect();

            again.send(msg("type", "login", "resume", token));
            again.error("invalid");
            again.send(msg("type", "login", "resume", token, "name", "Bob"));

            JsonObject self = again.next("welcome").getJsonObject("self");
            assertEquals("Bob", self.getString("name"));
            assertNotEquals(bob.id(), self.getString("id"));
            again.expectNothingButPresence();
        }

        @Test
        void aResumeJustBeforeTheGraceRunsOutKeepsTheUser() {
            bob.drop();
            server.timers.advance(Harness.RESUME_GRACE.minusMillis(1));

            Client back = back(bob);
            server.graceRunsOut();

            assertEquals(bob.id(), back.id());
            ann.send(msg("type", "invite", "to", bob.id()));
            back.next("incoming");
            assertFalse(ann.presenceByName().containsValue("offline"));
        }
    }
}
