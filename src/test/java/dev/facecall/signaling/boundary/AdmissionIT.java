package dev.facecall.signaling.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who may come in, at the handshake: the host names the operator listed, web pages of the server's
 * own origin on whatever path they try, a bounded number of connections per client address (the
 * forwarded one behind a trusted proxy), and only a connection that logs in within 10 s stays.
 * Readiness tells an operator the server takes clients, with the savings that reach into the
 * container in effect.
 */
class AdmissionIT extends SignalingIT {

    private static final int CAP = 5;
    private static final Duration QUICKLY = Duration.ofSeconds(10);

    @Deployment(testable = false)
    static WebArchive app() {
        return TestDeployment.app("""
                facecall.max-connections-per-address=%d
                facecall.allowed-hosts=localhost,127.0.0.1
                facecall.trusted-proxies=127.0.0.1
                """.formatted(CAP));
    }

    private final List<RawSocket> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (RawSocket socket : open) {
            socket.close();
        }
    }

    private RawSocket handshake(String path, Map<String, String> headers) throws Exception {
        RawSocket socket = RawSocket.open(uri(), path, headers, QUICKLY);
        open.add(socket);
        return socket;
    }


    /** A proxy on 127.0.0.1 (trusted here) forwarding a client at {@code address}. */
    private static Map<String, String> forwardedFor(String address) {
        return Map.of("X-Forwarded-For", address);
    }

    @Test
    void aHostTheOperatorDidNotListIsRefusedForPagesAndSocketsAgainstDnsRebinding() throws Exception {
        String port = ":" + uri().getPort();
        RawSocket rebound = handshake("/signal", Map.of("Host", "rebound.example" + port,
                "Origin", "http://rebound.example" + port));
        assertTrue(rebound.statusLine().contains(" 403 "), rebound.statusLine());
        String page = RawSocket.httpStatusLine(uri(), "/", Map.of("Host", "rebound.example" + port), QUICKLY);
        assertTrue(page.contains(" 403 "), page);
        assertTrue(handshake("/signal", Map.of("Host", "localhost" + port)).upgraded());
        assertTrue(handshake("/signal", Map.of("Host", "127.0.0.1" + port)).upgraded());
    }

    @Test
    void withoutHttpsThereIsNoHttpsAddressAndPlainHttpFromElsewhereIsServed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> address = http.send(HttpRequest.newBuilder(base.toURI().resolve("/https-address")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, address.statusCode());
        HttpResponse<String> fromElsewhere = http.send(HttpRequest.newBuilder(base.toURI().resolve("/"))
                .header("X-Forwarded-For", "192.0.2.7").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, fromElsewhere.statusCode(), "no HTTPS to send it to");
    }

    @Test
    void noPathVariantLetsAForeignPageOpenTheSocket() throws Exception {
        for (String path : List.of("/signal", "/signal/", "//signal", "/signal;jsessionid=abc", "/SIGNAL",
                "/./signal", "/x/../signal", "/signal?x=1", "/%73ignal")) {
            RawSocket foreign = handshake(path, Map.of("Origin", "http://evil.example"));
            assertFalse(foreign.upgraded(), path + " → " + foreign.statusLine());
        }
    }

    @Test
    void anAddressMayHoldOnlyItsCapOfConnectionsAndGetsAPlaceBackWhenOneCloses() throws Exception {
        String address = "203.0.113.10";
        List<RawSocket> held = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            RawSocket admitted = handshake("/signal", forwardedFor(address));
            assertTrue(admitted.upgraded(), i + ": " + admitted.statusLine());
            held.add(admitted);
        }
        RawSocket refused = handshake("/signal", forwardedFor(address));
        assertTrue(refused.statusLine().contains(" 429 "), refused.statusLine());
        assertTrue(handshake("/signal", forwardedFor("203.0.113.11")).upgraded(), "another address has its own places");

        held.get(0).sendBytes(RawSocket.frame(RawSocket.CLOSE, new byte[] {0x03, (byte) 0xE8}));
        held.get(0).readUntil(RawSocket.CLOSE);
        long deadline = System.nanoTime() + QUICKLY.toNanos();
        boolean admittedAgain = false;
        while (!admittedAgain && System.nanoTime() < deadline) {
            admittedAgain = handshake("/signal", forwardedFor(address)).upgraded();
            if (!admittedAgain) {
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
        assertTrue(admittedAgain, "the place of the closed connection never came free");
    }

    @Test
    void forwardedHeadersFromAClientThatIsNoTrustedProxyAreNotBelieved() throws Exception {
        // Here every test client is on 127.0.0.1, the trusted proxy; the rule itself is unit-tested
        // (ClientRequestTest). What matters end to end: the address counted is the forwarded one.
        for (int i = 0; i < CAP; i++) {
            assertTrue(handshake("/signal", forwardedFor("198.51.100.1, 203.0.113.20")).upgraded());
        }
        RawSocket sameClient = handshake("/signal", forwardedFor("192.0.2.99, 203.0.113.20"));
        assertTrue(sameClient.statusLine().contains(" 429 "),
                "a client cannot get more places by writing other addresses in front: " + sameClient.statusLine());
    }

    @Test
    void aConnectionThatNeverLogsInIsClosedWith1008AfterTenSeconds() throws Exception {
        long start = System.nanoTime();
        try (RawSocket idle = RawSocket.open(uri(), "/signal", Map.of(), Duration.ofSeconds(20))) {
            assertTrue(idle.upgraded(), idle.statusLine());
            assertEquals(1008, idle.readUntil(RawSocket.CLOSE).closeCode());
            long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(waited >= 9_500 && waited < 15_000, "closed after " + waited + " ms");
        }
    }

    @Test
    void readinessIsUpAndTheContainerSavingsAreInEffect() throws Exception {
        try (SignalClient client = SignalClient.login(uri(), "Ready " + System.nanoTime() % 100_000)) {
            client.send(SignalClient.message("nope"));
            client.nextError("unknown-type");
            HttpResponse<String> ready = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(base.toURI().resolve("/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
            JsonObject check = Json.createReader(new StringReader(ready.body())).readObject()
                    .getJsonArray("checks").getJsonObject(0);
            assertEquals("UP", check.getString("status"));
            JsonObject data = check.getJsonObject("data");
            for (String saving : List.of("idleTimersOff", "sentFramesReleased", "framesLimitedAsRead", "closesCutConnections",
                    "textsFramedOnce", "readsHandedOnDirectly", "grizzlyWebSocketAddOnOff", "grizzlyWebSocketAddOnPassedBy")) {
                assertEquals("true", String.valueOf(data.get(saving)).replace("\"", ""), saving + " is not in effect: " + data);
            }
        }
    }
}
