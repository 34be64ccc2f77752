package dev.facecall.signaling.boundary;

import static dev.facecall.signaling.boundary.SignalClient.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * What one client can make the server hold is bounded in bytes, both ways: what waits to be sent
 * to a client that does not read, and what a client sends in one frame.
 */
class BoundedMemoryIT extends SignalingIT {

    private static final Duration QUICKLY = Duration.ofSeconds(10);

    @Deployment(testable = false)
    static WebArchive app() {
        return TestDeployment.app();
    }

    @Test
    void aClientThatDoesNotReadWhileItsPeerSendsIsClosedWith1013AndItsPeerHearsItGo() throws Exception {
        SignalClient ann = clients.loginUnique("Ann");
        try (RawSocket deaf = RawSocket.open(clients.uri(), null, QUICKLY)) {
            deaf.sendText("{\"type\":\"login\",\"name\":\"Deaf " + System.nanoTime() % 100_000 + "\"}");
            String deafId = json(deaf.readUntil(RawSocket.TEXT)).getJsonObject("self").getString("id");
            ann.send(message("invite", "to", deafId));
            String call = ann.next("calling").getString("call");
            deaf.sendText("{\"type\":\"accept\",\"call\":\"" + call + "\"}");
            ann.next("accepted");

            // Deaf stops reading. Ann sends what a call may carry, 60 KB a signal, at the rate the
            // limit lets through, until the server gives Deaf up; what Deaf's kernel buffers hold
            // comes first, then the server's own queue fills up to its bound.
            JsonObject data = Json.createObjectBuilder().add("sdp", "v".repeat(60_000)).build();
            JsonObject gone = null;
            for (int sent = 0; sent < 2_000 && gone == null; sent++) {
                ann.send(message("signal", "call", call, "to", deafId, "data", data));
                JsonObject heard = ann.next(Duration.ofMillis(20)); // paced to the 50 a second the limit allows
                if (heard != null && !"rate-limited".equals(heard.getString("code", null))) {
                    gone = heard;
                }
            }
            assertTrue(gone != null, "Deaf was never given up");
            assertEquals("peer", gone.getString("type"), gone::toString);
            assertEquals("reconnecting", gone.getString("state"));

            // Once Deaf reads again, it finds the connection closed: with 1013, unless the server's
            // close frame could not get past what was still queued for Deaf when it gave up.
            Integer code = deaf.readUntilClosed();
            assertTrue(code == null || code == 1013, "closed with " + code);
        }
    }

    @Test
    void aFrameThatAnnounces60MibIsCutOffLongBeforeAndTheConnectionClosedWith1009() throws Exception {
        try (RawSocket raw = RawSocket.open(clients.uri(), null, QUICKLY)) {
            raw.sendBytes(RawSocket.head(RawSocket.TEXT, 60L << 20));
            try {
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'a');
                for (int i = 0; i < 16; i++) {
                    raw.sendBytes(chunk); // a megabyte of the 60: the server stops reading long before
                }
            } catch (IOException closedMeanwhile) {
                // the server closed the connection while this was still sending
            }
            assertEquals(1009, raw.readUntil(RawSocket.CLOSE).closeCode());
        }
    }

    @Test
    void manySmallFramesInOneWriteAreAllReadNoneCutOff() throws Exception {
        try (RawSocket raw = RawSocket.open(clients.uri(), null, QUICKLY)) {
            raw.sendText("{\"type\":\"login\",\"name\":\"Burst " + System.nanoTime() % 100_000 + "\"}");
            raw.readUntil(RawSocket.TEXT);
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            String padding = "p".repeat(1_000);
            for (int i = 0; i < 190; i++) {
                burst.write(RawSocket.frame(RawSocket.TEXT,
                        ("{\"type\":\"nope\",\"ref\":\"b" + i + "\",\"pad\":\"" + padding + "\"}").getBytes(StandardCharsets.UTF_8)));
            }
            raw.sendBytes(burst.toByteArray()); // 190 KB of frames in one write: more than any one frame may be
            for (int i = 0; i < 190; i++) {
                RawSocket.Frame answer = raw.read();
                assertEquals(RawSocket.TEXT, answer.opcode(), () -> "closed: " + answer.closeCode());
                assertEquals("b" + i, json(answer).getString("ref"));
            }
        }
    }

    private static JsonObject json(RawSocket.Frame frame) {
        return Json.createReader(new StringReader(frame.text())).readObject();
    }
}
