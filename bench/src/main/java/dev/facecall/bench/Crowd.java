package dev.facecall.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The clients of one scenario (or of one phase of a soak round), named {@code <prefix>-<i>}: it
 * creates them, logs them in with a bound on logins in flight, and makes them leave. Its clients
 * report to its {@link Traffic}, to its {@link Convergence} when it keeps presence views, and to
 * the relay window being measured.
 */
final class Crowd {

    private static final long SECOND = 1_000_000_000L;

    private final Run run;
    private final String prefix;
    private final Convergence views;
    private final Spread spread;
    private final Traffic traffic = new Traffic();
    private final List<BenchClient> clients = new ArrayList<>();
    private volatile Deliveries deliveries;
    private FinalTotals totals;

    private Crowd(Run run, String prefix, Convergence views, Spread spread) {
        this.run = run;
        this.prefix = prefix;
        this.views = views;
        this.spread = spread;
    }

    /**
     * Clients that keep no view of who is online (connect): presence is counted, not parsed. With
     * several --url, round-robin.
     */
    static Crowd withoutViews(Run run, String prefix) {
        return new Crowd(run, prefix, null, Spread.ROUND_ROBIN);
    }

    /** Clients made two by two by {@link Pairs} (relay, saturate), spread as --pair-spread says. */
    static Crowd forPairs(Run run, String prefix) {
        return new Crowd(run, prefix, null, Spread.ofPairs(run.options().string("pair-spread")));
    }

    /** {@code size} clients that each keep a view of who is online; with several --url, round-robin. */
    static Crowd withViews(Run run, String prefix, int size, boolean strangersMatter) {
        return withViews(run, prefix, size, strangersMatter, Spread.ROUND_ROBIN);
    }

    static Crowd withViews(Run run, String prefix, int size, boolean strangersMatter, Spread spread) {
        return new Crowd(run, prefix, new Convergence(new Roster(prefix, size), strangersMatter), spread);
    }

    /** Where client {@code index} connects. */
    Endpoint endpointOf(int index) {
        List<Endpoint> endpoints = run.endpoints();
        return endpoints.get(spread.urlOf(index, endpoints.size()));
    }

    Run run() {
        return run;
    }

    /** The clients are named {@code <prefix>-<i>}. */
    String prefix() {
        return prefix;
    }

    Traffic traffic() {
        return traffic;
    }

    /** The views' convergence; null when the clients keep no views. */
    Convergence views() {
        return views;
    }

    List<BenchClient> clients() {
        return Collections.unmodifiableList(clients);
    }

    BenchClient add() {
        int i = clients.size();
        BenchClient c = new BenchClient(this, i, prefix + "-" + i);
        clients.add(c);
        return c;
    }

    /** Logs {@code some} in, at most {@code inFlight} at a time; returns when each is in or has failed. */
    List<CompletableFuture<BenchClient>> logIn(List<BenchClient> some, int inFlight) {
        Semaphore permits = new Semaphore(inFlight);
        List<CompletableFuture<BenchClient>> logins = new ArrayList<>(some.size());
        for (BenchClient c : some) {
            run.watchdog().acquire(permits);
            CompletableFuture<BenchClient> login = c.login();
            login.whenComplete((x, e) -> permits.release());
            logins.add(login);
        }
        run.watchdog().await(CompletableFuture.allOf(logins.toArray(CompletableFuture[]::new)));
        return logins;
    }

    /** Why a login or a pairing failed; null if it did not. */
    static String failureOf(CompletableFuture<?> f) {
        try {
            f.getNow(null);
            return null;
        } catch (RuntimeException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            return c instanceof TimeoutException ? "pair-timeout" : String.valueOf(c.getMessage());
        }
    }

    /** Stamped signals now go to {@code window}; null: none is being measured. */
    void receiveInto(Deliveries window) {
        deliveries = window;
    }

    /** A stamped signal arrived; it counts for the window being measured, if it is from that window. */
    void delivered(BenchStamp stamp, long receivedAt) {
        Deliveries d = deliveries;
        if (d == null || stamp.window() != d.window()) {
            traffic.strayStamp();
            return;
        }
        d.received(receivedAt - stamp.sentAt());
    }

    Progress progress() {
        return new Progress(traffic.welcomedCount(), traffic.failedCount(), views == null ? 0 : views.trueViews(),
                traffic.payloadBytes(), traffic.drops());
    }

    /**
     * Everyone logs out and closes, and the crowd waits for the close handshakes, at most
     * max(3 s, N/1000 s); clients that have not closed by then are aborted. Only once.
     */
    synchronized FinalTotals leave() {
        if (totals != null) {
            return totals;
        }
        FinalTotals beforeClosing = countNow();
        for (BenchClient c : clients) {
            c.leave();
        }
        int notConfirmed = awaitCloses(System.nanoTime() + Math.max(3, clients.size() / 1000) * SECOND);
        totals = beforeClosing.withClosesNotConfirmed(notConfirmed);
        return totals;
    }

    /** Everyone drops the connection without logout: the server keeps the users reconnecting for its grace. */
    synchronized FinalTotals abandon() {
        if (totals != null) {
            return totals;
        }
        totals = countNow();
        for (BenchClient c : clients) {
            c.abandon();
        }
        return totals;
    }

    private FinalTotals countNow() {
        int open = 0;
        for (BenchClient c : clients) {
            if (c.state() == BenchClient.State.IN) {
                open++;
            }
        }
        return new FinalTotals(clients.size(), open, traffic.drops(), traffic.dropReasons(), traffic.errors(),
                traffic.payloadBytes(), traffic.wireBytes(), traffic.pings(), traffic.strayStamps(), run.generatorCpuSec(), 0);
    }

    private int awaitCloses(long deadline) {
        int stuck = 0;
        for (BenchClient c : clients) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    c.gone().get(left, TimeUnit.NANOSECONDS);
                } else if (!c.gone().isDone()) {
                    throw new TimeoutException();
                }
            } catch (TimeoutException | ExecutionException e) {
                stuck++;
                c.abort();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                c.abort();
            }
        }
        return stuck;
    }
}
