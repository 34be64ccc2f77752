package dev.facecall.signaling.boundary;

import static dev.facecall.signaling.boundary.SignalClient.message;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Thousands of users come and go (logout, a clean close, a dropped socket; 3 000 in the regular
 * suite, 10 000 in the long profile's, {@code churn.cycles}): afterwards the server
 * holds nobody, and its threads and live objects are what they were before. And users who stay
 * cost the server a bounded amount of memory each, however long the list their welcome carried.
 */
class ChurnIT extends SignalingIT {

    private static final int CYCLES = Integer.getInteger("churn.cycles", 3_000);
    private static final int WARM_UP = 500;
    private static final int THREADS = 8;
    private static final String GRIZZLY_CONNECTION = "org.glassfish.grizzly.nio.transport.TCPNIOConnection";
    private static final int SETTLED_CONNECTIONS = 100;
    private static final int IDLE_USERS = 800;
    /**
     * Live heap an idle connection may cost, almost all of it the container's (docs/performance.md:
     * 34 KB with the run command). A connection that kept its last large frame, its welcome, would
     * add more than 20 KB on average at this many users (measured: 33 KB per connection with
     * {@code GrizzlyWriteBuffer}'s release, 56 KB without).
     */
    private static final long IDLE_CONNECTION_BYTES = 42_000;
    private static final List<String> PER_USER_CLASSES = List.of(
            "dev.facecall.signaling.control.User",
            "dev.facecall.signaling.control.Connection",
            "dev.facecall.signaling.control.Call",
            "dev.facecall.signaling.boundary.SessionLink",
            "dev.facecall.signaling.boundary.Peer",
            "dev.facecall.signaling.boundary.SignalingEndpoint");

    @Deployment(testable = false)
    static WebArchive app() {
        return TestDeployment.app();
    }

    private final AtomicInteger names = new AtomicInteger();

    @Test
    void thousandsOfComingsAndGoingsLeaveNothingBehind() throws Exception {
        ServerProcess server = ServerProcess.payaraMicro();
        churn(WARM_UP);
        awaitEmptyRegistries();
        // Not settled: the warm-up's closed connections still held by the container only make the
        // baseline larger (a few hundred KB); the per-user classes below are counted exactly.
        ServerProcess.Live before = server.live();
        int threadsBefore = server.threads();

        long start = System.nanoTime();
        churn(CYCLES);
        double seconds = (System.nanoTime() - start) / 1e9;
        awaitEmptyRegistries();
        ServerProcess.Live after = settled(server);
        int threadsAfter = server.threads();

        System.out.printf("churn: %d cycles in %.1f s (%.0f/s); server threads %d -> %d; live heap %.1f -> %.1f MB;"
                        + " container connections %d -> %d%n",
                CYCLES, seconds, CYCLES / seconds, threadsBefore, threadsAfter, before.bytes() / 1e6, after.bytes() / 1e6,
                before.of(GRIZZLY_CONNECTION), after.of(GRIZZLY_CONNECTION));
        Map<String, Long> left = new LinkedHashMap<>();
        PER_USER_CLASSES.forEach(className -> left.put(className, after.of(className)));
        String dump = left.values().stream().anyMatch(count -> count > 0) ? server.heapDump("churn-left-behind") : null;
        assertAll("per-user objects left after everyone left" + (dump == null ? "" : "; heap dump: " + dump),
                PER_USER_CLASSES.stream().map(className -> () -> assertEquals(0L, left.get(className),
                        className + " instances left after everyone left")));
        assertTrue(threadsAfter <= threadsBefore + 4, "threads grew from " + threadsBefore + " to " + threadsAfter);
        System.out.println("most grown:\n" + after.grownSince(before, 8));
        // Coarse: the per-user classes above are the precise check; this bound catches anything else.
        assertTrue(after.bytes() < before.bytes() + 8_000_000,
                "live heap grew from " + before.bytes() + " to " + after.bytes() + " bytes; most:\n" + after.grownSince(before, 12));
    }

    /**
     * Each welcome lists everyone already online, so most of these are larger than Grizzly's 8 KB
     * output buffer, which then keeps a reference to the frame unless {@code GrizzlyWriteBuffer}
     * releases it.
     */
    @Test
    void idleUsersCostTheServerNoCopyOfTheirWelcome() throws Exception {
        ServerProcess server = ServerProcess.payaraMicro();
        awaitEmptyRegistries();
        ServerProcess.Live before = server.live();
        List<SignalClient> idle = new ArrayList<>();
        try {
            for (int i = 0; i < IDLE_USERS; i++) {
                idle.add(SignalClient.login(uri(), "Idle " + names.incrementAndGet()));
            }
            ServerProcess.Live during = server.live();
            long perConnection = (during.bytes() - before.bytes()) / IDLE_USERS;
            System.out.printf("idle: %d users, live heap %.1f -> %.1f MB, %d bytes per connection%n",
                    IDLE_USERS, before.bytes() / 1e6, during.bytes() / 1e6, perConnection);
            assertTrue(perConnection < IDLE_CONNECTION_BYTES, perConnection + " bytes of live heap per idle connection; most:\n"
                    + during.grownSince(before, 12));
        } finally {
            idle.forEach(SignalClient::closeNormally);
        }
        awaitEmptyRegistries();
    }

    /** Each cycle connects, logs in and leaves: by logout, by a close frame, or by dropping the socket. */
    private void churn(int cycles) {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<CompletableFuture<Void>> workers = IntStream.range(0, THREADS)
                    .mapToObj(worker -> CompletableFuture.runAsync(() -> {
                        for (int cycle = worker; cycle < cycles; cycle += THREADS) {
                            cycle(cycle);
                        }
                    }, threads))
                    .toList();
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
        } finally {
            threads.shutdownNow();
        }
    }

    private void cycle(int cycle) {
        SignalClient client = SignalClient.login(uri(), "Churn " + names.incrementAndGet());
        switch (cycle % 3) {
            case 0 -> {
                client.send(message("logout"));
                client.awaitClose();
            }
            case 1 -> client.closeNormally();
            default -> client.close();
        }
    }

    private void awaitEmptyRegistries() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI health = URI.create(base.toString()).resolve("/health/ready");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonObject data = null;
        while (System.nanoTime() < deadline) {
            String body = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).body();
            data = Json.createReader(new StringReader(body)).readObject()
                    .getJsonArray("checks").getJsonObject(0).getJsonObject("data");
            if (isEmpty(data)) {
                System.out.printf("registries empty after %.1f s%n", (System.nanoTime() - deadline) / 1e9 + 60);
                return;
            }
            // The last users are reconnecting until their grace runs out: poll, as WebDriverWait does.
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        fail("registries never emptied: " + data);
    }

    /**
     * Live objects once the container has let go of closed connections: Grizzly releases a closed
     * TCP connection only when its idle-timeout queue next comes round (up to half a minute), and
     * until then the connection still holds its upgrade, down to the session's endpoint and peer. So
     * a measurement right after the churn would count connections that are already closed, and what
     * they hold. Nothing held by anything else is ever released, and so fails below.
     */
    private static ServerProcess.Live settled(ServerProcess server) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        ServerProcess.Live live = server.live();
        while (!isSettled(live) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofSeconds(3).toNanos());
            live = server.live();
        }
        return live;
    }

    private static boolean isSettled(ServerProcess.Live live) {
        return live.of(GRIZZLY_CONNECTION) <= SETTLED_CONNECTIONS && PER_USER_CLASSES.stream().allMatch(c -> live.of(c) == 0);
    }

    private static boolean isEmpty(JsonObject registries) {
        return List.of("users", "calls", "resumeTokens", "connections").stream()
                .allMatch(key -> "0".equals(String.valueOf(registries.get(key)).replace("\"", "")));
    }
}
