package dev.facecall.webcam;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A server from the distribution (coturn, nginx) that a test runs beside the app: a child process
 * of the test JVM on 127.0.0.1, on a port of its own, its output in {@code target/}, stopped when
 * the test is done. None is left running: nothing is installed as a service.
 */
final class Daemon implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final Path log;

    private Daemon(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Skips the test where {@code binary} is missing, but fails it on CI, as {@link Browser#requireChromium()} does. */
    static void require(Path binary, String debianPackage) {
        boolean present = Files.isExecutable(binary);
        String message = "this test needs " + binary + ": apt-get install " + debianPackage;
        if (!present && System.getenv("CI") != null) {
            fail(message + " — CI is set, so it may not be skipped");
        }
        Assumptions.assumeTrue(present, message);
    }

    /** A TCP port free on 127.0.0.1 now (and the same UDP port, in the tests' empty network namespace). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code command} and waits until it accepts TCP connections on 127.0.0.1:{@code port}. */
    static Daemon start(String name, List<String> command, int port) throws IOException {
        Path log = Path.of("target", name + ".log").toAbsolutePath();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Daemon daemon = new Daemon(name, process, log);
        Instant deadline = Instant.now().plus(READY);
        while (!daemon.accepts(port)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                daemon.close();
                fail(name + " did not start listening on 127.0.0.1:" + port + ":\n" + daemon.output());
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS); // a pause that ends at once should it exit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return daemon;
    }

    private boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** What it printed so far, for a failure message. */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (process.isAlive()) {
            System.err.println(name + " did not stop: pid " + process.pid());
        }
    }
}
