package dev.facecall.signaling.boundary;

import static dev.facecall.signaling.boundary.SignalClient.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls from start to end, as two or three real WebSocket clients see them on a real Payara Micro. */
class CallIT extends SignalingIT {

    private static final Duration QUIET = Duration.ofMillis(300);

    @Deployment(testable = false)
    static WebArchive app() {
        return TestDeployment.app();
    }

    private SignalClient alice;
    private SignalClient bob;

    @BeforeEach
    void logIn() {
        alice = clients.loginUnique("Alice");
        bob = clients.loginUnique("Bob");
        alice.awaitState(bob, "online");
        bob.awaitState(alice, "online");
    }

    @Test
    void aWholeCallFromInviteToHangup() {
        alice.send(message("invite", "to", bob.id(), "ref", "i1"));
        JsonObject calling = alice.next("calling");
        String call = calling.getString("call");
        assertEquals("i1", calling.getString("ref"));
        assertEquals(bob.id(), calling.getJsonObject("to").getString("id"));
        assertEquals("busy", calling.getJsonObject("to").getString("state"));
        JsonObject incoming = bob.next("incoming");
        assertEquals(call, incoming.getString("call"));
        assertEquals(alice.id(), incoming.getJsonObject("from").getString("id"));
        assertEquals(alice.name(), incoming.getJsonObject("from").getString("name"));
        assertFalse(incoming.containsKey("ref"));
        alice.awaitState(bob, "busy");
        bob.awaitState(alice, "busy");

        bob.send(message("accept", "call", call, "ref", "a1"));
        JsonObject callerAccepted = alice.next("accepted");
        JsonObject calleeAccepted = bob.next("accepted");
        assertFalse(callerAccepted.getBoolean("polite"));
        assertTrue(calleeAccepted.getBoolean("polite"));
        assertEquals(bob.id(), callerAccepted.getJsonObject("peer").getString("id"));
        assertEquals(alice.id(), calleeAccepted.getJsonObject("peer").getString("id"));
        assertFalse(callerAccepted.containsKey("ref"));
        assertEquals("a1", calleeAccepted.getString("ref"));

        JsonObject offer = Json.createObjectBuilder()
                .add("description", Json.createObjectBuilder().add("type", "offer").add("sdp", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"))
                .build();
        alice.send(message("signal", "call", call, "to", bob.id(), "data", offer, "from", bob.id()));
        JsonObject relayed = bob.next("signal");
        assertEquals(alice.id(), relayed.getString("from"), "the server stamps the sender");
        assertEquals(offer, relayed.getJsonObject("data"), "the payload is relayed unchanged");
        JsonObject candidate = Json.createObjectBuilder()
                .add("candidate", Json.createObjectBuilder().add("candidate", "candidate:1 1 udp 1 127.0.0.1 5000 typ host").add("sdpMid", "0"))
                .build();
        bob.send(message("signal", "call", call, "to", alice.id(), "data", candidate));
        JsonObject back = alice.next("signal");
        assertEquals(bob.id(), back.getString("from"));
        assertEquals(candidate, back.getJsonObject("data"));

        alice.send(message("chat", "call", call, "text", "<b>hi</b> Bob", "ref", "c1"));
        JsonObject ownCopy = alice.next("chat");
        JsonObject bobsCopy = bob.next("chat");
        assertEquals("c1", ownCopy.getString("ref"));
        assertFalse(bobsCopy.containsKey("ref"));
        for (JsonObject chat : List.of(ownCopy, bobsCopy)) {
            assertEquals("<b>hi</b> Bob", chat.getString("text"));
            assertEquals(alice.id(), chat.getString("from"));
            assertEquals(call, chat.getString("call"));
        }
        assertEquals(ownCopy.getJsonNumber("at").longValue(), bobsCopy.getJsonNumber("at").longValue());

        bob.send(message("media", "call", call, "audio", false, "video", true, "screen", true));
        JsonObject media = alice.next("media");
        assertEquals(bob.id(), media.getString("from"));
        assertFalse(media.getBoolean("audio"));
        assertTrue(media.getBoolean("video"));
        assertTrue(media.getBoolean("screen"));
        bob.expectNothing(QUIET);

        bob.send(message("hangup", "call", call, "ref", "h1"));
        assertEquals("hangup", alice.next("ended").getString("reason"));
        JsonObject bobEnded = bob.next("ended");
        assertEquals("hangup", bobEnded.getString("reason"));
        assertEquals("h1", bobEnded.getString("ref"));
        alice.awaitState(bob, "online");
        bob.awaitState(alice, "online");
        alice.send(message("signal", "call", call, "to", bob.id(), "data", offer));
        alice.nextError("no-such-call");
    }

    @Test
    void theCalleeRejects() {
        String call = ring(alice, bob);
        bob.send(message("reject", "call", call));
        assertEquals("rejected", alice.next("ended").getString("reason"));
        assertEquals("rejected", bob.next("ended").getString("reason"));
        bob.send(message("accept", "call", call));
        bob.nextError("no-such-call");
    }

    @Test
    void theCallerCancelsWhileItRings() {
        String call = ring(alice, bob);
        alice.send(message("hangup", "call", call));
        assertEquals("cancelled", alice.next("ended").getString("reason"));
        assertEquals("cancelled", bob.next("ended").getString("reason"));
        alice.expectNothing(QUIET);
        bob.expectNothing(QUIET);
    }

    @Test
    void aCallNobodyAnswersTimesOut() {
        String call = ring(alice, bob);
        JsonObject aliceEnded = alice.next("ended");
        assertEquals(call, aliceEnded.getString("call"));
        assertEquals("timeout", aliceEnded.getString("reason"));
        assertEquals("timeout", bob.next("ended").getString("reason"));
        bob.send(message("accept", "call", call));
        bob.nextError("no-such-call");
        alice.awaitState(bob, "online");
    }

    @Test
    void callingSomeoneInACallIsBusyAndTheCallGoesOn() {
        String call = ring(alice, bob);
        bob.send(message("accept", "call", call));
        alice.next("accepted");
        bob.next("accepted");
        SignalClient carol = clients.loginUnique("Carol");
        carol.awaitState(bob, "busy");

        carol.send(message("invite", "to", bob.id(), "ref", "x"));
        JsonObject calling = carol.next("calling");
        JsonObject ended = carol.next("ended");
        assertEquals(calling.getString("call"), ended.getString("call"));
        assertEquals("busy", ended.getString("reason"));
        assertEquals("x", ended.getString("ref"));
        bob.expectNothing(QUIET);

        alice.send(message("chat", "call", call, "text", "still here"));
        assertEquals("still here", bob.next("chat").getString("text"));
    }

    @Test
    void aCallerInACallCannotPlaceAnother() {
        ring(alice, bob);
        SignalClient carol = clients.loginUnique("Carol");
        alice.send(message("invite", "to", carol.id(), "ref", "again"));
        assertEquals("again", alice.nextError("busy").getString("ref"));
        carol.expectNothing(QUIET);
    }

    @Test
    void aPeerWhoseConnectionDropsAndDoesNotComeBackEndsTheCallAsDisconnected() {
        String call = ring(alice, bob);
        bob.send(message("accept", "call", call));
        alice.next("accepted");
        bob.close();
        JsonObject reconnecting = alice.next("peer");
        assertEquals(call, reconnecting.getString("call"));
        assertEquals("reconnecting", reconnecting.getString("state"));
        JsonObject ended = alice.next("ended");
        assertEquals(call, ended.getString("call"));
        assertEquals("disconnected", ended.getString("reason"));
        alice.awaitView(view -> !view.containsKey(bob.id()), "Bob offline");
    }

    @Test
    void logoutEndsTheCallAsAHangupAndClosesWith1000() {
        String call = ring(alice, bob);
        bob.send(message("accept", "call", call));
        alice.next("accepted");
        bob.next("accepted");
        bob.send(message("logout"));
        assertEquals(1000, bob.awaitClose());
        assertEquals("hangup", alice.next("ended").getString("reason"));
        alice.awaitView(view -> !view.containsKey(bob.id()), "Bob offline");
        SignalClient again = clients.login(bob.name());
        assertEquals(bob.name(), again.name(), "the name is free at once");
    }

    @Test
    void strangersReachNobody() {
        String call = ring(alice, bob);
        bob.send(message("accept", "call", call));
        alice.next("accepted");
        bob.next("accepted");
        SignalClient mallory = clients.loginUnique("Mallory");
        JsonObject data = Json.createObjectBuilder().add("candidate", "x").build();
        mallory.send(message("signal", "call", call, "to", bob.id(), "data", data, "from", alice.id()));
        mallory.nextError("no-such-call");
        mallory.send(message("chat", "call", call, "text", "hello"));
        mallory.nextError("no-such-call");
        mallory.send(message("hangup", "call", call));
        mallory.nextError("no-such-call");
        alice.send(message("signal", "call", call, "to", mallory.id(), "data", data));
        alice.nextError("invalid");
        alice.expectNothing(QUIET);
        bob.expectNothing(QUIET);
        mallory.expectNothing(QUIET);
    }

    private static String ring(SignalClient caller, SignalClient callee) {
        caller.send(message("invite", "to", callee.id()));
        String call = caller.next("calling").getString("call");
        assertEquals(call, callee.next("incoming").getString("call"));
        return call;
    }
}
