package dev.facecall.bench;

/**
 * A join storm: N clients that each keep a view of who is online log in, then every view should
 * come to list all the others (PROTOCOL.md: a client that applies every presence in order
 * always ends with the true list).
 */
final class Storm {

    private final Crowd crowd;
    private final int clients;
    private final int inFlight;
    private volatile LoginWave wave;
    private ProgressLine progress;

    Storm(Run run, String prefix, int clients, int inFlight) {
        this.crowd = Crowd.withViews(run, prefix, clients);
        this.clients = clients;
        this.inFlight = inFlight;
    }

    Crowd crowd() {
        return crowd;
    }

    /** The logins; null before they began. */
    LoginWave wave() {
        return wave;
    }

    /** Logs everyone in, printing progress under {@code label} until the views have converged. */
    LoginWave.Figures logIn(String label) {
        wave = new LoginWave(crowd, clients, inFlight);
        progress = ProgressLine.start(label, crowd);
        return wave.run();
    }

    /**
     * Waits until every view is true, or until {@code deadline} (System.nanoTime); returns the
     * milliseconds from the first connect to the moment the last view became true, or null.
     */
    Double awaitConvergence(long deadline) {
        Watchdog watchdog = crowd.run().watchdog();
        long since;
        while ((since = crowd.views().allTrueSince()) == 0 && System.nanoTime() < deadline) {
            watchdog.sleepMillis(2);
        }
        return since == 0 ? null : Round.to((since - wave.startedAt()) / 1e6, 1);
    }

    void stopProgress() {
        if (progress != null) {
            progress.stop();
        }
    }
}
