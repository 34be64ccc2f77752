package dev.facecall.bench;

/**
 * A join storm: N clients that each keep a view of who is online log in, then every view should
 * come to list exactly the others (docs/protocol.md: a client that applies every presence in order
 * always ends with the true list).
 */
final class Storm {

    /**
     * The views that are not true, and how: users of the storm they do not list, users they list
     * that are not of the storm (strangers count only where they matter).
     */
    record Census(int viewsWrong, long usersMissing, long strangersListed) {
    }

    private final Crowd crowd;
    private final int clients;
    private final int inFlight;
    private volatile LoginWave wave;
    private ProgressLine progress;

    Storm(Run run, String prefix, int clients, int inFlight, boolean strangersMatter) {
        this.crowd = Crowd.withViews(run, prefix, clients, strangersMatter);
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

    Census census() {
        int wrong = 0;
        long missing = 0;
        long strangers = 0;
        for (BenchClient c : crowd.clients()) {
            if (!c.viewTrue()) {
                wrong++;
            }
            PresenceView view = c.view();
            if (view != null) {
                missing += view.missing();
                strangers += view.strangers();
            }
        }
        return new Census(wrong, missing, strangers);
    }
}
