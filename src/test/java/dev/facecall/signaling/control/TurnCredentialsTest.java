package dev.facecall.signaling.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TURN credentials in coturn's {@code use-auth-secret} scheme, and the welcome that hands them out. */
class TurnCredentialsTest {

    private static final String SECRET = "north-wind-7";
    private static final List<String> URLS = List.of("turn:turn.example.org:3478", "turns:turn.example.org:5349");
    private static final JsonArray STUN = Json.createArrayBuilder()
            .add(Json.createObjectBuilder().add("urls", "stun:stun.example.org:3478")).build();
    private final TurnCredentials turn = new TurnCredentials(STUN, URLS, SECRET, Duration.ofDays(1));

    private static JsonObject turnEntry(JsonArray servers) {
        return servers.getJsonObject(servers.size() - 1);
    }

    @Test
    void theCredentialIsTheHmacSha1OfTheUsernameAsOpensslComputesIt() {
        JsonObject entry = turnEntry(turn.of("uQ3v9Jx2LmP0a", Harness.NOW));

        // 2025-06-01T12:34:56.789Z plus a day, in whole seconds
        assertEquals("1748867696:uQ3v9Jx2LmP0a", entry.getString("username"));
        // printf '%s' '1748867696:uQ3v9Jx2LmP0a' | openssl dgst -sha1 -hmac 'north-wind-7' -binary | base64
        assertEquals("VF9YxIlf7xQsTXRZc6GGyo0HULY=", entry.getString("credential"));
        assertEquals(Json.createArrayBuilder(URLS).build(), entry.getJsonArray("urls"));
    }

    @Test
    void theFixedServersComeFirstUnchanged() {
        JsonArray servers = turn.of("uQ3v9Jx2LmP0a", Harness.NOW);

        assertEquals(2, servers.size());
        assertEquals(STUN.get(0), servers.get(0));
    }

    @Test
    void eachUserAndEachMomentHasItsOwnCredential() {
        JsonObject ann = turnEntry(turn.of("uAnn", Harness.NOW));
        JsonObject bob = turnEntry(turn.of("uBob", Harness.NOW));
        JsonObject annLater = turnEntry(turn.of("uAnn", Harness.NOW.plusSeconds(60)));

        assertNotEquals(ann.getString("credential"), bob.getString("credential"));
        assertEquals(Harness.NOW.plusSeconds(86_400 + 60).getEpochSecond() + ":uAnn", annLater.getString("username"));
        assertNotEquals(ann.getString("credential"), annLater.getString("credential"));
    }

    @Test
    void theSecretIsNeverShown() {
        assertFalse(turn.toString().contains(SECRET), turn.toString());
        assertFalse(turn.of("uAnn", Harness.NOW).toString().contains(SECRET));
        IllegalArgumentException noUrls = assertThrows(IllegalArgumentException.class,
                () -> new TurnCredentials(STUN, List.of(), SECRET, Duration.ofDays(1)));
        assertFalse(noUrls.getMessage().contains(SECRET), noUrls.getMessage());
    }

    @Test
    void everyWelcomeCarriesAFreshCredentialForItsUserAResumedOneToo() {
        MovingClock clock = new MovingClock(Harness.NOW);
        ManualTimers timers = new ManualTimers();
        Exchange exchange = new Exchange(new Users(), new Calls(), timers,
                new Settings(Harness.RING_TIMEOUT, Harness.RESUME_GRACE, turn, Duration.ZERO, Settings.LOGIN_DEADLINE, "relay"),
                clock, () -> timers.now().toNanos());
        Client ann = new Client(exchange, timers).login("Ann");
        JsonObject first = turnEntry(ann.welcome().getJsonArray("iceServers"));
        assertEquals(Harness.NOW.plus(Duration.ofDays(1)).getEpochSecond() + ":" + ann.id(), first.getString("username"));
        assertEquals(turn.credential(first.getString("username")), first.getString("credential"));
        assertEquals("relay", ann.welcome().getString("iceTransportPolicy"));

        ann.drop();
        clock.now = Harness.NOW.plusSeconds(5);
        timers.advance(Duration.ofSeconds(5));
        Client back = new Client(exchange, timers).resume(ann.token());

        JsonObject resumed = turnEntry(back.welcome().getJsonArray("iceServers"));
        assertEquals(Harness.NOW.plusSeconds(86_400 + 5).getEpochSecond() + ":" + ann.id(), resumed.getString("username"));
        assertEquals(turn.credential(resumed.getString("username")), resumed.getString("credential"));
        assertEquals(STUN.get(0), back.welcome().getJsonArray("iceServers").get(0));
    }

    /** A clock a test moves by hand. */
    private static final class MovingClock extends Clock {

        volatile Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
