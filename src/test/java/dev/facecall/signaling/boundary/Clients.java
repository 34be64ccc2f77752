package dev.facecall.signaling.boundary;

import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The signaling clients one test opens, so that the test can close them all when it ends. It takes
 * the Arquillian base URL as a supplier because Arquillian injects it only after the test instance
 * is built.
 */
final class Clients implements AutoCloseable {

    private final Supplier<URL> base;
    private final List<SignalClient> open = new ArrayList<>();

    Clients(Supplier<URL> base) {
        this.base = base;
    }

    URI uri() {
        return SignalClient.signalUri(base.get());
    }

    SignalClient connect() {
        return track(SignalClient.connect(uri()));
    }

    SignalClient login(String name) {
        return track(SignalClient.login(uri(), name));
    }

    /** Logs in as {@code name} with a suffix, as a user's name stays taken while it is reconnecting after a test. */
    SignalClient loginUnique(String name) {
        return login(name + "-" + System.nanoTime() % 100_000);
    }

    private SignalClient track(SignalClient client) {
        open.add(client);
        return client;
    }

    @Override
    public void close() {
        open.forEach(SignalClient::close);
    }
}
