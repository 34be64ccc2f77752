package dev.facecall.signaling.boundary;

import static dev.facecall.signaling.boundary.SignalClient.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A lost connection leaves its user reconnecting for the grace period ({@value TestDeployment#RESUME_SECONDS} s
 * here): a new connection with the resume token gets the same user, its call and what was held for it.
 */
class ReconnectIT extends SignalingIT {

    @Deployment(testable = false)
    static WebArchive app() {
        return TestDeployment.app("facecall.ring-seconds=30");
    }

    private SignalClient alice;
    private SignalClient bob;

    @BeforeEach
    void logIn() {
        alice = clients.loginUnique("Alice");
        bob = clients.loginUnique("Bob");
    }

    @Test
    void aResumeWithinTheGraceKeepsTheCallAndDeliversWhatWasHeldInOrder() {
        String call = SignalClient.acceptedCall(alice, bob);
        alice.awaitState(bob, "busy");
        String oldToken = bob.resumeToken();
        bob.close();
        JsonObject reconnecting = alice.next("peer");
        assertEquals(call, reconnecting.getString("call"));
        assertEquals("reconnecting", reconnecting.getString("state"));
        assertEquals("busy", alice.view().get(bob.id()), "a reconnecting user keeps its state");

        for (int seq = 0; seq < 5; seq++) {
            alice.send(message("signal", "call", call, "to", bob.id(), "data", Json.createObjectBuilder().add("seq", seq).build()));
        }
        alice.send(message("chat", "call", call, "text", "are you there?"));
        alice.next("chat");
        alice.send(message("media", "call", call, "audio", false, "video", true, "screen", false));

        SignalClient back = clients.connect();
        JsonObject welcome = back.resume(oldToken, "Somebody Else");
        assertEquals(bob.id(), welcome.getJsonObject("self").getString("id"));
        assertEquals(bob.name(), welcome.getJsonObject("self").getString("name"), "the name in the login is ignored");
        assertNotEquals(oldToken, welcome.getString("resume"));
        JsonObject accepted = back.next("accepted");
        assertEquals(call, accepted.getString("call"));
        assertTrue(accepted.getBoolean("polite"), "the same polite as before");
        assertEquals(alice.id(), accepted.getJsonObject("peer").getString("id"));
        for (int seq = 0; seq < 5; seq++) {
            assertEquals(seq, back.next("signal").getJsonObject("data").getInt("seq"));
        }
        assertEquals("are you there?", back.next("chat").getString("text"));
        assertEquals(false, back.next("media").getBoolean("audio"));
        JsonObject connected = alice.next("peer");
        assertEquals("connected", connected.getString("state"));

        back.send(message("signal", "call", call, "to", alice.id(), "data", Json.createObjectBuilder().add("back", true).build()));
        assertTrue(alice.next("signal").getJsonObject("data").getBoolean("back"));
    }

    @Test
    void aRingingCallIsRestatedOnResume() {
        alice.send(message("invite", "to", bob.id()));
        String call = alice.next("calling").getString("call");
        bob.next("incoming");
        bob.close();
        assertEquals("reconnecting", alice.next("peer").getString("state"));

        SignalClient back = clients.connect();
        back.resume(bob.resumeToken(), bob.name());
        JsonObject incoming = back.next("incoming");
        assertEquals(call, incoming.getString("call"));
        assertEquals(alice.id(), incoming.getJsonObject("from").getString("id"));
        back.send(message("accept", "call", call));
        back.next("accepted");
        alice.next("peer");
        assertEquals(call, alice.next("accepted").getString("call"));
    }

    @Test
    void aNewConnectionTakesOverOneThatStillLooksOpenWith4001() {
        String call = SignalClient.acceptedCall(alice, bob);
        SignalClient second = clients.connect();
        JsonObject welcome = second.resume(bob.resumeToken(), bob.name());
        assertEquals(bob.id(), welcome.getJsonObject("self").getString("id"));
        assertEquals(4001, bob.awaitClose());
        assertEquals(call, second.next("accepted").getString("call"));
        alice.send(message("chat", "call", call, "text", "which one are you?"));
        alice.next("chat");
        assertEquals("which one are you?", second.next("chat").getString("text"));
        alice.expectNothing(Duration.ofMillis(300));
    }

    @Test
    void theOldTokenIsVoidOnceUsed() {
        String oldToken = bob.resumeToken();
        bob.close();
        SignalClient back = clients.connect();
        back.resume(oldToken, bob.name());
        SignalClient thief = clients.connect();
        thief.send(message("login", "resume", oldToken, "name", bob.name()));
        thief.nextError("name-taken");
        JsonObject welcome = thief.resume(oldToken, "Thief " + System.nanoTime() % 1000);
        assertNotEquals(bob.id(), welcome.getJsonObject("self").getString("id"), "a void token is a plain login");
    }

    @Test
    void aReconnectingUsersNameStaysTaken() {
        bob.close();
        SignalClient other = clients.connect();
        other.send(message("login", "name", bob.name().toUpperCase(java.util.Locale.ROOT)));
        other.nextError("name-taken");
    }

    @Test
    void afterTheGraceTheUserIsGoneAndItsTokenIsAPlainLogin() {
        String call = SignalClient.acceptedCall(alice, bob);
        bob.close();
        assertEquals("reconnecting", alice.next("peer").getString("state"));
        JsonObject ended = alice.next("ended");
        assertEquals(call, ended.getString("call"));
        assertEquals("disconnected", ended.getString("reason"));
        alice.awaitView(view -> !view.containsKey(bob.id()), "Bob offline");

        SignalClient late = clients.connect();
        JsonObject welcome = late.resume(bob.resumeToken(), bob.name());
        assertNotEquals(bob.id(), welcome.getJsonObject("self").getString("id"));
        assertEquals(bob.name(), welcome.getJsonObject("self").getString("name"), "the name is free again");
        late.expectNothing(Duration.ofMillis(300));
    }

    @Test
    void anUnknownTokenIsAPlainLogin() {
        SignalClient client = clients.connect();
        JsonObject welcome = client.resume("not-a-token-anyone-was-given", "Newcomer " + System.nanoTime() % 1000);
        assertTrue(welcome.getJsonObject("self").getString("name").startsWith("Newcomer"));
    }

    @Test
    void aPeerWhoseSocketDiesWithoutACloseFrameEndsTheCallAfterTheGrace() throws Exception {
        try (RawSocket raw = RawSocket.open(clients.uri(), null, Duration.ofSeconds(10))) {
            raw.sendText("{\"type\":\"login\",\"name\":\"Raw " + System.nanoTime() % 1000 + "\"}");
            String rawId = Json.createReader(new java.io.StringReader(raw.readUntil(RawSocket.TEXT).text()))
                    .readObject().getJsonObject("self").getString("id");
            alice.send(message("invite", "to", rawId));
            String call = alice.next("calling").getString("call");
            raw.sendText("{\"type\":\"accept\",\"call\":\"" + call + "\"}");
            alice.next("accepted");
            raw.vanish();
            assertEquals("reconnecting", alice.next("peer").getString("state"));
            assertEquals("disconnected", alice.next("ended").getString("reason"));
        }
    }

    @Test
    void aPeerThatCannotBeSentToDisturbsNoOneElse() throws Exception {
        String call = SignalClient.acceptedCall(alice, bob);
        SignalClient carol = clients.loginUnique("Carol");
        try (RawSocket deaf = RawSocket.open(clients.uri(), null, Duration.ofSeconds(10))) {
            deaf.sendText("{\"type\":\"login\",\"name\":\"Deaf " + System.nanoTime() % 1000 + "\"}");
            deaf.vanish();
            // presence about the deaf one fans out while its socket is dead; the call goes on
            for (int i = 0; i < 20; i++) {
                alice.send(message("chat", "call", call, "text", "line " + i));
            }
            for (int i = 0; i < 20; i++) {
                assertEquals("line " + i, bob.next("chat").getString("text"));
                assertEquals("line " + i, alice.next("chat").getString("text"));
            }
            carol.send(message("invite", "to", alice.id()));
            carol.next("calling");
            assertEquals("busy", carol.next("ended").getString("reason"));
        }
    }
}
