package dev.facecall.signaling.control;

import static dev.facecall.signaling.control.Harness.msg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Who hears of which change of the others, and that applying presence in order gives the true list. */
class PresenceTest {

    /** The list a client keeps: the welcome's users, then every presence applied in order. */
    static final class UserList {

        private final Client client;
        private final Map<String, String> stateById = new HashMap<>();

        UserList(Client client) {
            this.client = client;
            client.welcome().getJsonArray("users").forEach(user -> put(user.asJsonObject()));
        }

        /** Applies the presence received so far; fails on presence about the client itself or a user named twice. */
        Map<String, String> update() {
            for (JsonObject presence : client.presence()) {
                Set<String> named = new HashSet<>();
                for (JsonValue value : presence.getJsonArray("users")) {
                    JsonObject user = value.asJsonObject();
                    assertNotEquals(client.id(), user.getString("id"), "presence about oneself: " + presence);
                    assertTrue(named.add(user.getString("id")), "a user named twice: " + presence);
                    if ("offline".equals(user.getString("state"))) {
                        stateById.remove(user.getString("id"));
                    } else {
                        put(user);
                    }
                }
            }
            return stateById;
        }

        private void put(JsonObject user) {
            assertTrue(Set.of("online", "busy").contains(user.getString("state")), user.toString());
            stateById.put(user.getString("id"), user.getString("state"));
        }
    }

    /** The true list for {@code client}: every other user the server has, with its state now. */
    static Map<String, String> truth(Harness server, Client client) {
        Map<String, String> truth = new HashMap<>();
        for (User user : server.users.all()) {
            if (!user.id().equals(client.id())) {
                truth.put(user.id(), user.view().state());
            }
        }
        return truth;
    }

    private static List<JsonObject> users(JsonObject presence) {
        return presence.getJsonArray("users").stream().map(JsonValue::asJsonObject).toList();
    }

    private static JsonObject onlyUser(List<JsonObject> presence) {
        assertEquals(1, presence.size(), presence.toString());
        List<JsonObject> users = users(presence.get(0));
        assertEquals(1, users.size(), presence.toString());
        return users.get(0);
    }

    @Nested
    class AtOnce {

        private final Harness server = new Harness();

        @Test
        void othersHearThatANewUserIsOnline() {
            Client ann = server.login("Ann");
            Client cid = server.login("Cid");
            ann.presence();

            Client bob = server.login("Bob");

            for (Client other : List.of(ann, cid)) {
                JsonObject user = onlyUser(other.presence());
                assertEquals(bob.id(), user.getString("id"));
                assertEquals("Bob", user.getString("name"));
                assertEquals("online", user.getString("state"));
            }
        }

        @Test
        void aNewUserHearsNothingAboutItself() {
            server.login("Ann");

            Client bob = server.login("Bob");

            bob.expectNothing();
        }

        @Test
        void aRefusedLoginCausesNoPresence() {
            Client ann = server.login("Ann");
            Client other = server.connect();

            other.send(msg("type", "login", "name", "ANN"));
            other.send(msg("type", "login", "name", "Ann?"));
            other.send(msg("type", "login", "name", 7));

            other.error("name-taken");
            other.error("invalid-name");
            other.error("invalid");
            ann.expectNothing();
        }

        @Test
        void othersHearThatTwoUsersInACallAreBusy() {
            Client ann = server.login("Ann");
            Client bob = server.login("Bob");
            Client cid = server.login("Cid");
            cid.presence();

            Harness.ring(ann, bob);

            assertEquals(Map.of("Ann", "busy", "Bob", "busy"), cid.presenceByName());
        }

        @Test
        void eachMemberOfACallHearsThePeerIsBusyButNothingAboutItself() {
            Client ann = server.login("Ann");
            Client bob = server.login("Bob");
            ann.presence();

            Harness.ring(ann, bob);

            assertEquals(Map.of("Bob", "busy"), ann.presenceByName());
            assertEquals(Map.of("Ann", "busy"), bob.presenceByName());
        }

        @Test
        void othersHearThatUsersAreOnlineAgainWhenTheirCallEnds() {
            Client ann = server.login("Ann");
            Client bob = server.login("Bob");
            Client cid = server.login("Cid");
            String call = Harness.talk(ann, bob);
            cid.presence();

            bob.send(msg("type", "hangup", "call", call));

            assertEquals(Map.of("Ann", "online", "Bob", "online"), cid.presenceByName());
        }

        @Test
        void anInviteToABusyUserChangesNoOnesPresence() {
            Client ann = server.login("Ann");
            Client bob = server.login("Bob");
            Client cid = server.login("Cid");
            Harness.ring(ann, bob);
            List.of(ann, bob, cid).forEach(Client::presence);

            cid.send(msg("type", "invite", "to", ann.id()));

            cid.next("calling");
            cid.next("ended");
            List.of(ann, bob, cid).forEach(Client::expectNothing);
        }

        @Test
        void othersHearThatAUserWhoLoggedOutIsOffline() {
            Client ann = server.login("Ann");
            Client bob = server.login("Bob");
            ann.presence();

            bob.send(msg("type", "logout"));

            JsonObject user = onlyUser(ann.presence());
            assertEquals(bob.id(), user.getString("id"));
            assertEquals("Bob", user.getString("name"));
            assertEquals("offline", user.getString("state"));
        }

        @Test
        void othersHearThatAUserWhoseConnectionWasLostIsOfflineOnceTheGraceRunsOut() {
            Client ann = server.login("Ann");
            Client bob = server.login("Bob");
            ann.presence();

            bob.drop();
            server.graceRunsOut();

            assertEquals(Map.of("Bob", "offline"), ann.presenceByName());
        }

        @Test
        void aUserWhoLogsOutOfACallHearsNothingMore() {
            Client ann = server.login("Ann");
            Client bob = server.login("Bob");
            Harness.talk(ann, bob);
            ann.presence();

            ann.send(msg("type", "logout"));

            // Ending the call makes the peer online again; the leaving user must not hear it.
            ann.expectNothing();
            assertEquals(1000, ann.closeCode());
        }

        @Test
        void aClientApplyingEveryPresenceInOrderEndsWithTheTrueList() {
            Client ann = server.login("Ann");
            UserList annSees = new UserList(ann);
            Client bob = server.login("Bob");
            Client cid = server.login("Cid");
            UserList cidSees = new UserList(cid);
            Client dee = server.login("Dee");
            String bobCid = Harness.talk(bob, cid);
            dee.send(msg("type", "invite", "to", bob.id()));
            dee.next("calling");
            dee.next("ended");
            Client eve = server.login("Eve");
            UserList eveSees = new UserList(eve);
            Harness.ring(dee, eve);
            eve.send(msg("type", "logout"));
            Client fay = server.login("Fay");
            dee.drop();
            server.graceRunsOut();
            bob.send(msg("type", "hangup", "call", bobCid));
            bob.next("ended");
            cid.next("ended");
            Client dee2 = server.login("dee");
            UserList dee2Sees = new UserList(dee2);
            String cidDee = Harness.ring(cid, dee2);
            ann.send(msg("type", "logout"));
            dee2.send(msg("type", "accept", "call", cidDee));

            assertEquals(Map.of(cid.id(), "busy", dee2.id(), "busy", fay.id(), "online"), new UserList(bob).update());
            assertEquals(truth(server, cid), cidSees.update());
            assertEquals(truth(server, dee2), dee2Sees.update());
            assertEquals(truth(server, fay), new UserList(fay).update());
            annSees.update(); // no presence about oneself, no user named twice, even for those who left
            eveSees.update();
        }
    }

    @Nested
    class Coalesced {

        private static final Duration WINDOW = Duration.ofMillis(50);

        private final Harness server = new Harness(WINDOW);

        @Test
        void changesWithinTheWindowArriveAsOneMessageNamingEachUserOnceWithItsLatestState() {
            Client ann = server.login("Ann");
            Client bob = server.login("Bob");
            Client cid = server.login("Cid");
            Client dee = server.login("Dee");
            String call = Harness.talk(bob, cid);
            dee.send(msg("type", "logout"));
            Harness.ring(ann, server.login("Eve"));
            bob.send(msg("type", "hangup", "call", call));
            ann.expectNothing();

            server.timers.advance(WINDOW);

            List<JsonObject> presence = ann.presence();
            assertEquals(1, presence.size(), presence.toString());
            Map<String, String> states = new HashMap<>();
            Set<String> ids = new HashSet<>();
            for (JsonObject user : users(presence.get(0))) {
                assertTrue(ids.add(user.getString("id")), "named twice: " + presence);
                states.put(user.getString("name"), user.getString("state"));
            }
            assertEquals(Map.of("Bob", "online", "Cid", "online", "Dee", "offline", "Eve", "busy"), states);
        }

        @Test
        void nothingIsSentBeforeTheWindowCloses() {
            Client ann = server.login("Ann");
            server.login("Bob");

            server.timers.advance(WINDOW.minusMillis(1));
            ann.expectNothing();

            server.timers.advance(Duration.ofMillis(1));
            assertEquals(Map.of("Bob", "online"), ann.presenceByName());
        }

        @Test
        void eachRecipientGetsItsOwnChangesAndNeverItself() {
            Client ann = server.login("Ann");
            Client bob = server.login("Bob");

            server.timers.advance(WINDOW);

            assertEquals(Map.of("Bob", "online"), ann.presenceByName());
            bob.expectNothing();
        }

        @Test
        void aLaterWindowCarriesOnlyTheLaterChanges() {
            Client ann = server.login("Ann");
            Client bob = server.login("Bob");
            server.timers.advance(WINDOW);
            ann.presence();

            Client cid = server.login("Cid");
            Harness.ring(bob, cid);
            server.timers.advance(WINDOW);

            assertEquals(Map.of("Bob", "busy", "Cid", "busy"), ann.presenceByName());
        }

        @Test
        void aClientApplyingEveryCoalescedPresenceInOrderEndsWithTheTrueList() {
            Client ann = server.login("Ann");
            UserList annSees = new UserList(ann);
            Client bob = server.login("Bob");
            server.timers.advance(WINDOW.dividedBy(2));
            Client cid = server.login("Cid");
            UserList cidSees = new UserList(cid);
            String call = Harness.talk(bob, cid);
            server.timers.advance(WINDOW.dividedBy(2));
            Client dee = server.login("Dee");
            bob.send(msg("type", "hangup", "call", call));
            bob.next("ended");
            cid.next("ended");
            dee.send(msg("type", "logout"));
            Harness.ring(ann, cid);
            server.timers.advance(WINDOW);

            assertEquals(truth(server, ann), annSees.update());
            assertEquals(truth(server, cid), cidSees.update());
            assertEquals(truth(server, bob), new UserList(bob).update());
        }
    }

    /** The shared log of changes, driven directly: what a user whose welcome is under way must still hear. */
    @Nested
    class Log {

        private static final Duration WINDOW = Duration.ofMillis(20);
        private final Users users = new Users();
        private final ManualTimers timers = new ManualTimers();
        private final Presence presence = new Presence(users, timers, WINDOW);

        @Test
        void aUserWhoseWelcomeIsOnItsWayHearsOfChangesARoundMadeMeanwhile() {
            RecordingLink annsLink = new RecordingLink();
            User ann = users.register("Ann", true, new Connection(annsLink)).orElseThrow();
            presence.mark(ann); // Ann's welcome is being built: Bob is not in it
            User bob = users.register("Bob", true, new Connection(new RecordingLink())).orElseThrow();
            presence.changed(bob);
            timers.advance(WINDOW); // a round runs before Ann's welcome has gone out
            presence.welcomed(ann);
            timers.advance(WINDOW);

            List<JsonObject> heard = annsLink.drain();
            assertEquals(1, heard.size(), "Bob's arrival, after the round that came too early for Ann");
            assertEquals("Bob", heard.get(0).getJsonArray("users").getJsonObject(0).getString("name"));
        }

        @Test
        void everyoneWhoHeardTheSameChangesGetsTheSameMessage() {
            List<RecordingLink> links = List.of(new RecordingLink(), new RecordingLink(), new RecordingLink());
            for (int i = 0; i < links.size(); i++) {
                User listener = users.register("Listener" + i, true, new Connection(links.get(i))).orElseThrow();
                presence.mark(listener);
                presence.welcomed(listener);
            }
            for (int i = 0; i < 5; i++) {
                presence.changed(users.register("Joiner" + i, true, new Connection(new RecordingLink())).orElseThrow());
            }
            timers.advance(WINDOW);

            List<JsonObject> first = links.get(0).drain();
            assertEquals(1, first.size());
            assertEquals(5, first.get(0).getJsonArray("users").size());
            assertEquals(first, links.get(1).drain());
            assertEquals(first, links.get(2).drain());
        }
    }
}
