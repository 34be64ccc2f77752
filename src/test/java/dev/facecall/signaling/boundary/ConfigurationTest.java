package dev.facecall.signaling.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecall.signaling.control.Calls;
import dev.facecall.signaling.control.SingleNodeGrid;
import dev.facecall.signaling.control.Users;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The TURN and HTTPS settings: checked, turned into what the rules need, and the secret never shown. */
class ConfigurationTest {

    private static final String SECRET = "a-secret-nobody-may-read";
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private static Configuration withTurn(String urls) {
        Configuration configuration = SignalingTest.defaults();
        configuration.turnSecret = SECRET;
        configuration.turnUrls = urls;
        configuration.turnTtlSeconds = 3600;
        return configuration;
    }

    @Test
    void aTurnSecretAndUrlsGiveEveryUserACredentialOfItsOwnAfterTheFixedServers() {
        Configuration configuration = withTurn("turn:turn.example.org:3478?transport=udp, turns:turn.example.org:5349");
        configuration.iceServers = "[{\"urls\":\"stun:stun.example.org:3478\"}]";

        JsonArray servers = configuration.settings().iceServers().of("uAnn", NOW);

        assertEquals("stun:stun.example.org:3478", servers.getJsonObject(0).getString("urls"));
        JsonObject turn = servers.getJsonObject(1);
        assertEquals(List.of("turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"),
                turn.getJsonArray("urls").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals(NOW.plusSeconds(3600).getEpochSecond() + ":uAnn", turn.getString("username"));
        assertEquals(28, turn.getString("credential").length(), "base64 of the 20 bytes of an HMAC-SHA1");
    }

    @Test
    void withoutTurnEveryoneGetsTheFixedServers() {
        Configuration configuration = SignalingTest.defaults();
        configuration.iceServers = "[{\"urls\":\"stun:stun.example.org:3478\"}]";

        assertEquals(configuration.settings().iceServers().of("uAnn", NOW), configuration.settings().iceServers().of("uBob", NOW));
    }

    @Test
    void wrongTurnSettingsStopTheStartNamingTheSettingButNeverTheSecret() {
        Configuration notTurn = withTurn("stun:stun.example.org:3478");
        Configuration noUrls = withTurn(" ");
        Configuration shortLived = withTurn("turn:turn.example.org:3478");
        shortLived.turnTtlSeconds = 10;
        Configuration noSecret = withTurn("turn:turn.example.org:3478");
        noSecret.turnSecret = " ";

        assertRefused(notTurn, "facecall.turn.urls");
        assertRefused(noUrls, "facecall.turn.urls");
        assertRefused(shortLived, "facecall.turn.ttl-seconds");
        assertRefused(noSecret, "facecall.turn.secret");
    }

    private static void assertRefused(Configuration configuration, String setting) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, configuration::settings);
        assertTrue(refused.getMessage().startsWith(setting + " must be"), refused.getMessage());
        assertFalse(refused.getMessage().contains(SECRET), refused.getMessage());
    }

    @Test
    void theHttpsPortMustBeAPort() {
        Configuration configuration = SignalingTest.defaults();
        configuration.httpsPort = 8443;
        assertEquals(new HttpsAddress(8443), configuration.httpsAddress());
        configuration.httpsPort = 70_000;
        assertThrows(IllegalArgumentException.class, configuration::httpsAddress);
    }

    @Test
    void theSecretIsInNoDescriptionAndNoLogLineOfAStartAndStop() {
        Configuration configuration = withTurn("turn:turn.example.org:3478");
        assertFalse(configuration.toString().contains(SECRET), configuration.toString());
        assertTrue(configuration.toString().contains("turn:turn.example.org:3478"), configuration.toString());

        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage() + " " + (record.getParameters() == null ? "" : List.of(record.getParameters()))
                        + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger facecall = Logger.getLogger("dev.facecall");
        Level before = facecall.getLevel();
        facecall.setLevel(Level.ALL);
        facecall.addHandler(capture);
        try {
            Signaling signaling = new Signaling();
            signaling.grid = new SingleNodeGrid();
            signaling.users = new Users(signaling.grid);
            signaling.calls = new Calls();
            signaling.configuration = configuration;
            signaling.threadFactory = new SignalingTest.ThreadsForTests();
            signaling.start(null);
            signaling.stop();
        } finally {
            facecall.removeHandler(capture);
            facecall.setLevel(before);
        }
        assertTrue(lines.stream().anyMatch(line -> line.contains("turn:turn.example.org:3478")), "the start is logged: " + lines);
        assertTrue(lines.stream().noneMatch(line -> line.contains(SECRET)), lines.toString());
    }
}
