package dev.facecall.signaling.boundary;

import static dev.facecall.signaling.boundary.SignalClient.message;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many clients at the same instant: calls are never double-booked, relays never mixed up. */
class ConcurrencyIT extends SignalingIT {

    @Deployment(testable = false)
    static WebArchive app() {
        return TestDeployment.app();
    }

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void fiftyInvitesToOneIdleCalleeRingOnceAndTheRestAreBusy() throws Exception {
        SignalClient callee = clients.login("Callee");
        List<SignalClient> callers = IntStream.range(0, 50).mapToObj(i -> clients.login("Caller " + i)).toList();
        CyclicBarrier start = new CyclicBarrier(callers.size());
        List<CompletableFuture<Void>> sent = callers.stream()
                .map(caller -> CompletableFuture.runAsync(() -> {
                    await(start);
                    caller.send(message("invite", "to", callee.id()));
                }, threads))
                .toList();
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();

        int ringing = 0;
        String ringingCall = null;
        for (SignalClient caller : callers) {
            String call = caller.next("calling").getString("call");
            JsonObject ended = caller.next(Duration.ofMillis(500));
            if (ended != null) {
                assertEquals("ended", ended.getString("type"));
                assertEquals(call, ended.getString("call"));
                assertEquals("busy", ended.getString("reason"));
            } else {
                ringing++;
                ringingCall = call;
            }
        }
        assertEquals(1, ringing, "exactly one call rings");
        assertEquals(ringingCall, callee.next("incoming").getString("call"));
        callee.expectNothing(Duration.ofMillis(300));
    }

    @Test
    void twoUsersInvitingEachOtherAtOnceEndInAtMostOneCall() throws Exception {
        SignalClient ann = clients.login("Ann");
        SignalClient ben = clients.login("Ben");
        CyclicBarrier start = new CyclicBarrier(2);
        for (int round = 0; round < 20; round++) {
            CompletableFuture<Void> fromAnn = CompletableFuture.runAsync(() -> {
                await(start);
                ann.send(message("invite", "to", ben.id()));
            }, threads);
            CompletableFuture<Void> fromBen = CompletableFuture.runAsync(() -> {
                await(start);
                ben.send(message("invite", "to", ann.id()));
            }, threads);
            CompletableFuture.allOf(fromAnn, fromBen).join();

            String call = null;
            for (SignalClient inviter : List.of(ann, ben)) {
                JsonObject answer = inviter.next();
                switch (answer.getString("type")) {
                    case "calling" -> call = answer.getString("call");
                    case "error" -> assertEquals("busy", answer.getString("code"));
                    case "incoming" -> {
                        call = answer.getString("call");
                        assertEquals("error", inviter.next().getString("type"), "its own invite is refused");
                    }
                    default -> throw new AssertionError("unexpected " + answer);
                }
            }
            // Whoever's call rang, the other side learns of it (or of busy), and one hangup clears it.
            if (call != null) {
                ann.send(message("hangup", "call", call));
                drainUntilEnded(ann, call);
                drainUntilEnded(ben, call);
            }
            ann.awaitState(ben, "online");
            ben.awaitState(ann, "online");
        }
    }

    @Test
    void relaysToOnePeerFromManyThreadsArriveWholeAndInOrder() throws Exception {
        SignalClient sender = clients.login("Sender");
        SignalClient receiver = clients.login("Receiver");
        String call = SignalClient.acceptedCall(sender, receiver);

        // While the sender streams large signals, twenty others join and leave, and the receiver
        // chats: frames for the receiver are written from many server threads at once.
        int count = 150;
        String padding = "a=candidate ".repeat(700);
        CompletableFuture<Void> streaming = CompletableFuture.runAsync(() -> {
            for (int seq = 0; seq < count; seq++) {
                JsonObject data = Json.createObjectBuilder().add("seq", seq).add("sdp", padding + seq).build();
                sender.send(message("signal", "call", call, "to", receiver.id(), "data", data));
            }
        }, threads);
        List<CompletableFuture<Void>> churn = IntStream.range(0, 20)
                .mapToObj(i -> CompletableFuture.runAsync(() -> {
                    SignalClient passer = SignalClient.login(clients.uri(), "Passer " + i);
                    passer.send(message("logout"));
                    passer.awaitClose();
                }, threads))
                .toList();
        receiver.send(message("chat", "call", call, "text", "hello while streaming"));
        streaming.join();
        CompletableFuture.allOf(churn.toArray(CompletableFuture[]::new)).join();

        int expected = 0;
        boolean chatSeen = false;
        while (expected < count || !chatSeen) {
            JsonObject message = receiver.next();
            if ("chat".equals(message.getString("type"))) {
                chatSeen = true;
                continue;
            }
            assertEquals("signal", message.getString("type"));
            JsonObject data = message.getJsonObject("data");
            assertEquals(expected, data.getInt("seq"), "per-sender order");
            assertEquals(padding + expected, data.getString("sdp"), "intact");
            expected++;
        }
        receiver.awaitView(view -> view.keySet().equals(Map.of(sender.id(), "").keySet()),
                "only the sender online after the churn");
    }

    private static void drainUntilEnded(SignalClient client, String call) {
        for (JsonObject message = client.next(); ; message = client.next()) {
            if ("ended".equals(message.getString("type")) && call.equals(message.getString("call"))) {
                return;
            }
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
