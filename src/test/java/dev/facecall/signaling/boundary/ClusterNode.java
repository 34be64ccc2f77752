package dev.facecall.signaling.boundary;

import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * A Payara Micro process of its own running the built WAR on 127.0.0.1, its output in
 * {@code target/}: one node of a cluster, with the options of the README's cluster command (the
 * {@code cluster} profile of {@code pom.xml}: keep the two alike), or the WAR deployed the plain
 * way ({@link #plain}). Stopped gracefully by {@link #close()}, or killed.
 */
public final class ClusterNode implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(180);
    /** HTTP/1.1 as a load balancer's probe speaks it: no offer to upgrade to HTTP/2 on the way. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** What Payara Micro logs when the WAR failed to deploy at boot; the node then serves nothing. */
    private static final String DEPLOYMENT_FAILED = "Exception while deploying the app";

    private final String name;
    private final int httpPort;
    private final List<String> command;
    private final Path log;
    private Process process;
    private boolean startedAgain;
    /** What the last readiness probe got, for a failure's message: a status and body, or an exception. */
    private String lastAnswer = "no probe yet";

    private ClusterNode(String name, int httpPort, List<String> command, Path log) throws IOException {
        this.name = name;
        this.httpPort = httpPort;
        this.command = command;
        this.log = log;
        this.process = launch();
    }

    private Process launch() throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The data grid ports of a cluster of {@code size} nodes, free now on 127.0.0.1. */
    public static List<Integer> gridPorts(int size) {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(freePort());
        }
        return ports;
    }

    /**
     * Starts the node whose data grid listens on {@code gridPort}, one of {@code gridPorts}, with
     * {@code settings} as further system properties ({@code -Dfacecall.…}); returns at once.
     */
    public static ClusterNode start(String name, List<Integer> gridPorts, int gridPort, String... settings) throws IOException {
        int httpPort = freePort();
        String members = String.join(",", gridPorts.stream().map(port -> "127.0.0.1:" + port).toList());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dfacecall.cluster=true",
                "-Dhazelcast.phone.home.enabled=false",
                "-Dhazelcast.merge.first.run.delay.seconds=5",
                "-Dhazelcast.merge.next.run.delay.seconds=5"));
        for (String setting : settings) {
            command.add("-D" + setting);
        }
        command.addAll(List.of(
                "-jar", System.getProperty("payara.microJar"),
                "--deploy", Path.of("target", "facecall.war").toAbsolutePath().toString(),
                "--contextroot", "/",
                "--port", String.valueOf(httpPort),
                "--nohostaware",
                "--disablephonehome",
                "--prebootcommandfile", System.getProperty("payara.preBootCommands"),
                "--clustermode", "tcpip:" + members,
                "--clustername", "facecall-it",
                "--startport", String.valueOf(gridPort),
                "--interfaces", "127.0.0.1"));
        Path log = Path.of("target", "cluster-" + name + ".log").toAbsolutePath();
        return new ClusterNode(name, httpPort, List.copyOf(command), log);
    }

    /**
     * Starts the WAR deployed the plain way, as "deploys unchanged to any Jakarta EE 10 server"
     * invites: {@code java -jar payara-micro.jar --deploy facecall.war}, with none of the run
     * command's settings (no pre-boot commands, no heap or GC options, the context root the WAR's
     * {@code glassfish-web.xml} asks for), only what keeps it on this machine: no data grid, no phone home, no host
     * names looked up. Returns at once.
     */
    public static ClusterNode plain(String name) throws IOException {
        int httpPort = freePort();
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("payara.microJar"),
                "--deploy", Path.of("target", "facecall.war").toAbsolutePath().toString(),
                "--port", String.valueOf(httpPort),
                "--nohazelcast",
                "--nohostaware",
                "--disablephonehome");
        Path log = Path.of("target", "plain-" + name + ".log").toAbsolutePath();
        return new ClusterNode(name, httpPort, command, log);
    }

    /** Waits until readiness is UP with a cluster of a size {@code size} accepts. */
    public void awaitReady(IntPredicate size, String what) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        Optional<JsonObject> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            if (!startedAgain && deploymentFailed()) {
                startAgain();
                continue;
            }
            last = readiness();
            if (last.isPresent() && "UP".equals(last.get().getString("status")) && size.test(clusterSize(last.get()))) {
                return;
            }
            try {
                process.waitFor(250, TimeUnit.MILLISECONDS); // a pause that ends at once should it exit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        fail(name + " never became ready with " + what + "; the last probe got " + lastAnswer + "; its threads in "
                + dumpThreads() + "\n" + tail());
    }

    /** The node's threads, as {@code jcmd} prints them, into a file beside its log; that file. */
    private Path dumpThreads() {
        Path dump = log.resolveSibling(log.getFileName() + ".threads");
        try {
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(process.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(dump.toFile()).start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            return Path.of("(none: " + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return dump;
    }

    /**
     * Payara Micro 6.2025.10 now and then fails to deploy the WAR at boot, in its own security
     * start-up (the main thread's context class loader is null when it loads its JACC policy
     * provider: "Error while installing policy provider"), and then serves 404 for good; seen about
     * once in twenty starts of two nodes at once on this 2-core machine, never with our code on the
     * stack. The node is started once more, and the first start's log kept beside the second's.
     */
    private boolean deploymentFailed() {
        try {
            return Files.readString(log).contains(DEPLOYMENT_FAILED);
        } catch (IOException e) {
            return false;
        }
    }

    private void startAgain() {
        System.err.println(name + ": Payara Micro failed to deploy the WAR at boot; starting it once more");
        startedAgain = true;
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
            Files.move(log, log.resolveSibling(log.getFileName() + ".first"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            process = launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code /health/ready} as the node answers it, or empty while it does not answer. */
    Optional<JsonObject> readiness() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            lastAnswer = response.statusCode() + " " + body.substring(0, Math.min(body.length(), 300));
            return body.startsWith("{") ? Optional.of(Json.createReader(new StringReader(body)).readObject()) : Optional.empty();
        } catch (IOException notYet) { // refused, timed out, or cut while the node starts
            lastAnswer = notYet.toString();
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static int clusterSize(JsonObject readiness) {
        return Integer.parseInt(readiness.getJsonArray("checks").getJsonObject(0).getJsonObject("data").getString("clusterSize"));
    }

    /** The page of this node, {@code http://localhost:…/}. */
    public java.net.URL page() {
        try {
            return URI.create("http://localhost:" + httpPort + "/").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code ws://…/signal} of this node. */
    URI signal() {
        return URI.create("ws://localhost:" + httpPort + "/signal");
    }

    /** Kills the process at once, as a crash would: no close frames, no goodbye to the grid. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the node as an operator would (SIGTERM): Payara Micro stops its application, then itself. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
