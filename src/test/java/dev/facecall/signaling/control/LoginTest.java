package dev.facecall.signaling.control;

import static dev.facecall.signaling.control.Harness.assertNoRef;
import static dev.facecall.signaling.control.Harness.assertRef;
import static dev.facecall.signaling.control.Harness.msg;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a login answers, and what logging in and out does to the connection. */
class LoginTest {

    private final Harness server = new Harness();

    private static Map<String, JsonObject> usersByName(JsonObject welcome) {
        return welcome.getJsonArray("users").stream().map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(user -> user.getString("name"), user -> user));
    }

    @Test
    void aUserWhosePageCannotTakeCallsIsListedAsNotCallableEverywhere() {
        Client ann = server.login("Ann");
        Client bob = server.connect();
        bob.send(msg("type", "login", "name", "Bob", "callable", false));
        bob.next("welcome");

        JsonObject listed = ann.presence().get(0).getJsonArray("users").getJsonObject(0);
        assertEquals(false, listed.getBoolean("callable"));
        Client cid = server.login("Cid");
        JsonObject inWelcome = cid.welcome().getJsonArray("users").stream().map(JsonValue::asJsonObject)
                .filter(user -> user.getString("name").equals("Bob")).findFirst().orElseThrow();
        assertEquals(false, inWelcome.getBoolean("callable"));
        assertFalse(cid.welcome().getJsonArray("users").stream().map(JsonValue::asJsonObject)
                .filter(user -> user.getString("name").equals("Ann")).findFirst().orElseThrow().containsKey("callable"),
                "a callable user carries no field: older clients see nothing new");
    }

    @Test
    void callableMustBeTrueOrFalse() {
        Client ann = server.connect();
        ann.send(msg("type", "login", "name", "Ann", "callable", "no"));
        ann.error("invalid");
    }

    @Test
    void theWelcomeCarriesTheIceTransportPolicy() {
        assertEquals("all", server.login("Ann").welcome().getString("iceTransportPolicy"));
    }

    @Test
    void aConnectionThatDoesNotLogInWithinTenSecondsIsClosedWith1008() {
        Client idle = server.connect();
        idle.send(msg("type", "dance"));
        idle.error("unknown-type");
        server.timers.advance(Settings.LOGIN_DEADLINE.minusMillis(1));
        assertNull(idle.closeCode(), "closed before its 10 s");
        server.timers.advance(Duration.ofMillis(1));
        assertEquals(1008, idle.closeCode());
    }

    @Test
    void aConnectionThatLoggedInInTimeIsNotClosedByTheDeadlineEvenAfterARefusedFirstTry() {
        Client ann = server.login("Ann");
        Client late = server.connect();
        late.send(msg("type", "login", "name", "Ann"));
        late.error("name-taken");
        server.timers.advance(Duration.ofSeconds(9));
        late.login("Anna");
        server.timers.advance(Duration.ofSeconds(5));
        assertNull(late.closeCode());
        assertNull(ann.closeCode());
    }

    @Test
    void theWelcomeNamesTheUserAndTheIdTheServerChose() {
        Client ann = server.connect();

        ann.send(msg("type", "login", "name", "Ann", "ref", "w1"));

        JsonObject welcome = ann.next("welcome");
        assertRef("w1", welcome);
        assertEquals("Ann", welcome.getJsonObject("self").getString("name"));
        assertFalse(welcome.getJsonObject("self").getString("id").isEmpty());
    }

    @Test
    void everyUserGetsADifferentId() {
        Client ann = server.login("Ann");
        Client bob = server.login("Bob");

        assertNotEquals(ann.id(), bob.id());
    }

    @Test
    void theFirstUserSeesNoOneElse() {
        Client ann = server.login("Ann");

        assertEquals(List.of(), ann.welcome().getJsonArray("users"));
    }

    @Test
    void theWelcomeListsEveryOtherUserWithItsState() {
        Client ann = server.login("Ann");
        Client bob = server.login("Bob");
        Harness.ring(ann, bob);
        Client cid = server.login("Cid");

        Client dee = server.login("Dee");

        Map<String, JsonObject> users = usersByName(dee.welcome());
        assertEquals(Map.of("Ann", "busy", "Bob", "busy", "Cid", "online"),
                users.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getString("state"))));
        assertEquals(ann.id(), users.get("Ann").getString("id"));
        assertEquals(cid.id(), users.get("Cid").getString("id"));
    }

    @Test
    void theWelcomeCarriesTheConfiguredIceServers() {
        Client ann = server.login("Ann");

        assertEquals(Harness.ICE_SERVERS, ann.welcome().getJsonArray("iceServers"));
    }

    @Test
    void theWelcomeCarriesTheLimits() {
        Client ann = server.login("Ann");

        JsonObject limits = ann.welcome().getJsonObject("limits");
        assertEquals(65_536, limits.getInt("maxMessageBytes"));
        assertEquals(30, limits.getInt("ringSeconds"));
        assertEquals(15, limits.getInt("resumeSeconds"));
    }

    @Test
    void theResumeTokenIsAUrlSafeSecretOfAtLeast128Bits() {
        Client ann = server.login("Ann");

        String resume = ann.welcome().getString("resume");
        assertTrue(resume.matches("[A-Za-z0-9_-]{22,}"), resume);
    }

    @Test
    void resumeTokensAreUnlikeIdsAndUnlikeEachOther() {
        Client ann = server.login("Ann");
        Client bob = server.login("Bob");
        String annToken = ann.welcome().getString("resume");
        String bobToken = bob.welcome().getString("resume");

        assertNotEquals(annToken, bobToken);
        for (String id : List.of(ann.id(), bob.id())) {
            assertNotEquals(id, annToken);
            assertNotEquals(id, bobToken);
            assertFalse(annToken.contains(id) || id.contains(annToken));
        }
    }

    @Test
    void aLoginWithAnUnknownResumeTokenIsAPlainLoginWithItsName() {
        Client ann = server.connect();

        ann.send(msg("type", "login", "resume", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "name", "Ann"));

        assertEquals("Ann", ann.next("welcome").getJsonObject("self").getString("name"));
    }

    @Test
    void aLoginWithTheTokenOfAUserWhoLoggedOutIsAPlainLogin() {
        Client ann = server.login("Ann");
        String token = ann.welcome().getString("resume");
        String annId = ann.id();
        ann.send(msg("type", "logout"));
        Client again = server.connect();

        again.send(msg("type", "login", "resume", token, "name", "Ann B"));

        JsonObject self = again.next("welcome").getJsonObject("self");
        assertEquals("Ann B", self.getString("name"));
        assertNotEquals(annId, self.getString("id"));
    }

    @Test
    void aTakenNameIsRefusedAndTheConnectionStaysUsable() {
        server.login("Ann");
        Client other = server.connect();

        other.send(msg("type", "login", "name", "Ann", "ref", "t1"));
        assertRef("t1", other.error("name-taken"));
        assertNull(other.closeCode());

        other.login("Ann2");
        assertEquals("Ann2", other.name());
    }

    @Test
    void aSecondLoginIsRefusedAndChangesNothing() {
        Client ann = server.login("Ann");
        Client bob = server.login("Bob");
        ann.presence();

        bob.send(msg("type", "login", "name", "Robert", "ref", "a1"));

        assertRef("a1", bob.error("already-logged-in"));
        ann.expectNothing();
        assertEquals("Robert", server.login("Robert").name());
        assertEquals("Bob", bob.name());
    }

    @Test
    void aSecondLoginUnderTheSameNameIsAlsoAlreadyLoggedIn() {
        Client ann = server.login("Ann");

        ann.send(msg("type", "login", "name", "Ann"));

        assertNoRef(ann.error("already-logged-in"));
    }

    @Test
    void aSecondLoginWithBadFieldsIsRefusedForTheFieldsFirst() {
        Client ann = server.login("Ann");

        ann.send(msg("type", "login", "name", 42));
        ann.error("invalid");
        ann.send(msg("type", "login", "name", "<Ann>"));
        ann.error("invalid-name");
    }

    @Test
    void aUserStaysReachableAfterARefusedSecondLogin() {
        Client ann = server.login("Ann");
        Client bob = server.login("Bob");
        bob.send(msg("type", "login", "name", "Robert"));
        bob.error("already-logged-in");

        ann.send(msg("type", "invite", "to", bob.id()));

        ann.next("calling");
        assertEquals(ann.id(), bob.next("incoming").getJsonObject("from").getString("id"));
    }

    @Test
    void logoutClosesTheConnectionWith1000AndSendsNothingElse() {
        Client ann = server.login("Ann");

        ann.send(msg("type", "logout", "ref", "bye"));

        assertEquals(1000, ann.closeCode());
        ann.expectNothing();
    }

    @Test
    void afterLogoutTheUserCannotBeCalled() {
        Client ann = server.login("Ann");
        Client bob = server.login("Bob");
        ann.send(msg("type", "logout"));

        bob.send(msg("type", "invite", "to", ann.id()));

        bob.error("no-such-user");
    }

    @Test
    void aConnectionThatClosesBeforeLoginLeavesNoTrace() {
        Client ann = server.login("Ann");
        Client stranger = server.connect();

        stranger.drop();
        server.graceRunsOut();

        ann.expectNothing();
    }
}
