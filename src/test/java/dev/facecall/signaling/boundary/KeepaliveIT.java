package dev.facecall.signaling.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Keepalive, with the protocol's 20 s / 45 s scaled down to 1 s / 3 s: silence earns a ping, and
 * a connection that stays silent, pongs included, is closed with 1001.
 */
class KeepaliveIT extends SignalingIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    @Deployment(testable = false)
    static WebArchive app() {
        return TestDeployment.app("""
                facecall.keepalive.ping-after-millis=1000
                facecall.keepalive.close-after-millis=3000
                """);
    }

    @Test
    void aSilentAnonymousConnectionIsPingedThenClosedWith1001() throws Exception {
        try (RawSocket raw = RawSocket.open(uri(), null, READ_TIMEOUT)) {
            assertTrue(raw.upgraded(), raw.statusLine());
            long opened = System.nanoTime();
            RawSocket.Frame ping = raw.read();
            assertEquals(RawSocket.PING, ping.opcode());
            long pingedAfter = Duration.ofNanos(System.nanoTime() - opened).toMillis();
            assertTrue(pingedAfter >= 900, "pinged only after a second of silence, not " + pingedAfter + " ms");
            RawSocket.Frame close = raw.readUntil(RawSocket.CLOSE);
            assertEquals(1001, close.closeCode());
            long closedAfter = Duration.ofNanos(System.nanoTime() - opened).toMillis();
            assertTrue(closedAfter >= 2900, "closed only after three seconds of silence, not " + closedAfter + " ms");
        }
    }

    @Test
    void aLoggedInUserWhoStopsAnsweringIsClosedAndLeaves() throws Exception {
        try (SignalClient watcher = SignalClient.login(uri(), "Watcher");
                RawSocket raw = RawSocket.open(uri(), null, READ_TIMEOUT)) {
            raw.sendText("{\"type\":\"login\",\"name\":\"Sleeper\"}");
            String sleeper = idIn(raw.readUntil(RawSocket.TEXT));
            watcher.awaitView(view -> view.containsKey(sleeper), "the sleeper online");
            assertEquals(1001, raw.readUntil(RawSocket.CLOSE).closeCode());
            watcher.awaitView(view -> !view.containsKey(sleeper), "the sleeper gone after the grace");
        }
    }

    @Test
    void aPeerThatFallsSilentMidCallEndsTheCallWithinKeepalivePlusGrace() throws Exception {
        try (SignalClient alice = SignalClient.login(uri(), "Talker");
                RawSocket raw = RawSocket.open(uri(), null, READ_TIMEOUT)) {
            raw.sendText("{\"type\":\"login\",\"name\":\"Fader\"}");
            String rawId = idIn(raw.readUntil(RawSocket.TEXT));
            alice.send(SignalClient.message("invite", "to", rawId));
            String call = alice.next("calling").getString("call");
            raw.sendText("{\"type\":\"accept\",\"call\":\"" + call + "\"}");
            alice.next("accepted");
            long silentFrom = System.nanoTime();
            // From here the raw client neither reads nor answers: its TCP connection stays up, as
            // when a laptop lid closes or a network drops packets without a reset.
            assertEquals("reconnecting", alice.next("peer").getString("state"));
            long noticed = Duration.ofNanos(System.nanoTime() - silentFrom).toMillis();
            assertTrue(noticed >= 2_500, "closed by keepalive after its 3 s, not " + noticed + " ms");
            JsonObject ended = alice.next("ended");
            assertEquals("disconnected", ended.getString("reason"));
            long endedAfter = Duration.ofNanos(System.nanoTime() - silentFrom).toMillis();
            assertTrue(endedAfter < 3_000 + TestDeployment.RESUME_SECONDS * 1000 + 4_000,
                    "ended within keepalive + grace, not " + endedAfter + " ms");
        }
    }

    @Test
    void aClientThatAnswersPingsStaysConnected() {
        try (SignalClient client = SignalClient.connect(uri())) {
            client.awaitPings(4);
            assertFalse(client.isClosed(), "four pings answered span more than the close timeout");
            client.loginAs("Awake");
        }
    }

    @Test
    void anythingTheClientSendsCountsAsLife() throws Exception {
        try (RawSocket raw = RawSocket.open(uri(), null, READ_TIMEOUT)) {
            for (int i = 0; i < 5; i++) {
                assertEquals(RawSocket.PING, raw.read().opcode());
                raw.send(RawSocket.PONG, new byte[0]);
            }
            raw.sendText("{\"type\":\"login\",\"name\":\"Ponger\"}");
            assertTrue(raw.readUntil(RawSocket.TEXT).text().contains("\"welcome\""), "still open after 5 s");
        }
    }

    /** The user id in a welcome frame. */
    private static String idIn(RawSocket.Frame welcome) {
        return jakarta.json.Json.createReader(new java.io.StringReader(welcome.text()))
                .readObject().getJsonObject("self").getString("id");
    }
}
