package dev.facecall.signaling.boundary;

import static dev.facecall.signaling.boundary.SignalClient.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WAR deployed the plain way ({@link ClusterNode#plain}), with none of the run command's
 * settings: Grizzly's WebSocket add-on is on there, and the listener's worker pool is Payara's. The
 * app must serve as it does under the run command, and the container savings the WAR carries
 * itself must hold (docs/performance.md, "The plain deployment").
 */
class PlainDeploymentIT {

    private static ClusterNode node;

    @BeforeAll
    static void start() throws Exception {
        node = ClusterNode.plain("plain");
        node.awaitReady(size -> size == 1, "the plain deployment");
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theAppServesItsPageAndACallRelaysMessagesOfEverySize() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.page().toURI()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("data-testid"), "the webcam page");

        try (SignalClient alice = SignalClient.login(node.signal(), "Alice plain");
                SignalClient bob = SignalClient.login(node.signal(), "Bob plain")) {
            String call = SignalClient.acceptedCall(alice, bob);
            for (int size : List.of(10, 1_000, 8_000, 9_000, 30_000, 60_000)) {
                JsonObject data = Json.createObjectBuilder().add("description", Json.createObjectBuilder()
                        .add("type", "offer").add("sdp", "v=0\r\n" + "a".repeat(size))).build();
                alice.send(message("signal", "call", call, "to", bob.id(), "data", data));
                assertEquals(data, bob.next("signal").getJsonObject("data"), size + " characters relayed unchanged");
                bob.send(message("signal", "call", call, "to", alice.id(), "data", data));
                assertEquals(data, alice.next("signal").getJsonObject("data"), size + " characters relayed back");
            }
            alice.send("x".repeat(70_000));
            assertEquals(1009, alice.awaitClose(), "a frame over the limit is refused as under the run command");
        }
    }

    @Test
    void theSavingsTheWarCarriesHoldAndGrizzlysWebSocketAddOnPassesTheConnectionsBy() throws Exception {
        try (SignalClient alice = SignalClient.login(node.signal(), "Alice ready");
                SignalClient bob = SignalClient.login(node.signal(), "Bob ready")) {
            String call = SignalClient.acceptedCall(alice, bob);
            JsonObject large = Json.createObjectBuilder().add("description", Json.createObjectBuilder()
                    .add("type", "offer").add("sdp", "a".repeat(20_000))).build(); // over Grizzly's 8 KB buffer
            alice.send(message("signal", "call", call, "to", bob.id(), "data", large));
            bob.next("signal");

            JsonObject data = node.readiness().orElseThrow().getJsonArray("checks").getJsonObject(0).getJsonObject("data");
            for (String saving : List.of("idleTimersOff", "sentFramesReleased", "framesLimitedAsRead", "closesCutConnections",
                    "textsFramedOnce", "readsHandedOnDirectly", "grizzlyWebSocketAddOnPassedBy")) {
                assertEquals("true", flag(data, saving), saving + " is not in effect: " + data);
            }
            assertEquals("false", flag(data, "grizzlyWebSocketAddOnOff"), "the add-on is on in a plain deployment: " + data);
        }
    }

    private static String flag(JsonObject data, String name) {
        return String.valueOf(data.get(name)).replace("\"", "");
    }
}
