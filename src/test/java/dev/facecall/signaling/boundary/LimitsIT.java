package dev.facecall.signaling.boundary;

import static dev.facecall.signaling.boundary.SignalClient.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/** The protocol's limits: the per-connection token bucket, and the Origin allow-list at the handshake. */
class LimitsIT extends SignalingIT {

    @Deployment(testable = false)
    static WebArchive app() {
        return TestDeployment.app();
    }

    @Test
    void aBurstBeyond200IsDroppedWithOneRateLimitedThenTheBucketRefills() {
        SignalClient client = clients.connect();
        int burst = 300;
        for (int i = 0; i < burst; i++) {
            client.send(message("nope", "ref", "m" + i));
        }
        List<Integer> answered = new ArrayList<>();
        JsonObject limited = null;
        for (JsonObject reply = client.next(Duration.ofSeconds(2)); reply != null; reply = client.next(Duration.ofMillis(500))) {
            if ("rate-limited".equals(reply.getString("code"))) {
                assertEquals(null, limited, "at most one rate-limited a second");
                limited = reply;
            } else {
                assertEquals("unknown-type", reply.getString("code"));
                answered.add(Integer.parseInt(reply.getString("ref").substring(1)));
            }
        }
        // The first 200 pass; then one in twenty or so, as the bucket refills at 50 a second.
        assertEquals(IntStream.range(0, 200).boxed().toList(), answered.subList(0, 200));
        assertTrue(answered.size() < burst, "some of the burst dropped: " + answered.size() + " of " + burst + " answered");
        assertTrue(limited != null, "a rate-limited error");
        int firstDropped = Integer.parseInt(limited.getString("ref").substring(1));
        assertTrue(firstDropped >= 200 && !answered.contains(firstDropped), "the ref of a dropped message: " + limited);
        assertTrue(!client.isClosed());
        // The bucket refills at 50 a second: soon a message passes again.
        JsonObject passed = null;
        for (int attempt = 0; attempt < 100 && passed == null; attempt++) {
            client.send(message("nope", "ref", "later"));
            JsonObject reply = client.next(Duration.ofMillis(100));
            if (reply != null && "unknown-type".equals(reply.getString("code"))) {
                passed = reply;
            }
        }
        assertTrue(passed != null, "a message passes once the bucket refills");
    }

    /**
     * Ten seconds from the first dropped message, at the least. The client cannot see when the server
     * dropped it, only when it sent it: every message that passes is answered, in order, and the first
     * one dropped is answered {@code rate-limited}, so it is the one sent after as many as were
     * answered before. The server's ten seconds start after that send and end before the close is
     * seen, however late either reaches the other side.
     */
    @Test
    void aClientThatKeepsFloodingIsClosedWith1008AfterTenSeconds() {
        SignalClient client = clients.loginUnique("Flood"); // logged in: the login deadline is not what closes it
        long start = System.nanoTime();
        List<Long> sentAt = new ArrayList<>();
        int passed = 0;
        long firstDropSentAt = 0;
        while (!client.isClosed() && System.nanoTime() - start < Duration.ofSeconds(30).toNanos()) {
            try {
                sentAt.add(System.nanoTime());
                client.send(message("nope"));
            } catch (RuntimeException closedMeanwhile) {
                break;
            }
            for (JsonObject reply = client.next(Duration.ZERO); reply != null; reply = client.next(Duration.ZERO)) {
                String code = reply.getString("code", "");
                if (firstDropSentAt == 0 && "unknown-type".equals(code)) {
                    passed++;
                } else if (firstDropSentAt == 0 && "rate-limited".equals(code)) {
                    firstDropSentAt = sentAt.get(passed);
                }
            }
        }
        assertEquals(1008, client.awaitClose());
        long floodedFor = Duration.ofNanos(System.nanoTime() - firstDropSentAt).toMillis();
        assertTrue(firstDropSentAt > 0, "no message was dropped");
        assertTrue(floodedFor >= 10_000, "closed " + floodedFor + " ms after the first dropped message was sent");
    }

    @Test
    void handshakesFromOtherOriginsAreRefusedWith403() throws Exception {
        URI uri = clients.uri();
        String own = "http://" + uri.getHost() + ":" + uri.getPort();
        String otherSpelling = "http://" + ("localhost".equals(uri.getHost()) ? "127.0.0.1" : "localhost") + ":" + uri.getPort();
        assertHandshake(uri, null, true);
        assertHandshake(uri, own, true);
        assertHandshake(uri, otherSpelling, false);
        assertHandshake(uri, "https://" + uri.getHost() + ":" + uri.getPort(), false);
        assertHandshake(uri, "http://evil.example", false);
        assertHandshake(uri, "null", false);
    }

    private static void assertHandshake(URI uri, String origin, boolean accepted) throws Exception {
        try (RawSocket raw = RawSocket.open(uri, origin, Duration.ofSeconds(5))) {
            if (accepted) {
                assertTrue(raw.upgraded(), origin + " → " + raw.statusLine());
            } else {
                assertTrue(raw.statusLine().contains(" 403 "), origin + " → " + raw.statusLine());
            }
        }
    }
}
