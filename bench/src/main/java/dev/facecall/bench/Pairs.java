package dev.facecall.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Clients logged in and paired in calls (invite → calling/incoming → accept → accepted), ready to
 * signal to each other: lib/worker.js ensurePairs. Relay windows run over its senders.
 */
final class Pairs {

    /** The JSON's {@code setup}: how many pairs are ready, what failed and why, how long it took. */
    record Setup(int pairs, int loginFails, int pairFails, Map<String, Long> failReasons, Double setupMs) {
    }

    private final Crowd crowd;
    private final int inFlight;
    private final List<BenchClient> senders = new ArrayList<>();
    private int windows;

    Pairs(Crowd crowd, int inFlight) {
        this.crowd = crowd;
        this.inFlight = inFlight;
    }

    Crowd crowd() {
        return crowd;
    }

    /** Both members of every pair, pair by pair. */
    List<BenchClient> senders() {
        return Collections.unmodifiableList(senders);
    }

    int count() {
        return senders.size() / 2;
    }

    /** The id of the next relay window, which its stamps carry (0 is the warm-up of a window). */
    int nextWindowId() {
        return ++windows;
    }

    /** Logs in and pairs new clients until {@code target} pairs are ready. */
    Setup growTo(int target) {
        Run run = crowd.run();
        run.phase(senders.isEmpty() ? "setup" : "grow");
        long startedAt = System.nanoTime();
        List<BenchClient> fresh = new ArrayList<>();
        // two by two: a pair is clients 2k (caller) and 2k+1 (callee) of the crowd, which Spread relies on
        while (count() + fresh.size() / 2 < target) {
            fresh.add(crowd.add());
            fresh.add(crowd.add());
        }
        Map<String, Long> why = new TreeMap<>();
        int loginFails = countFailures(crowd.logIn(fresh, inFlight), why);
        List<CompletableFuture<Void>> calls = call(fresh, run);
        int pairFails = 0;
        for (int i = 0; i < calls.size(); i++) {
            String failure = Crowd.failureOf(calls.get(i));
            if (failure != null) {
                pairFails++;
                why.merge(failure, 1L, Long::sum);
            } else {
                senders.add(fresh.get(2 * i));
                senders.add(fresh.get(2 * i + 1));
            }
        }
        return new Setup(count(), loginFails, pairFails, why, Round.to((System.nanoTime() - startedAt) / 1e6, 1));
    }

    /** Each even client calls the next one, at most {@code inFlight} calls being set up at a time. */
    private List<CompletableFuture<Void>> call(List<BenchClient> fresh, Run run) {
        Semaphore permits = new Semaphore(inFlight);
        long timeoutMs = (long) (run.endpoint().loginTimeoutSec() * 1000);
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i += 2) {
            BenchClient caller = fresh.get(i);
            BenchClient callee = fresh.get(i + 1);
            if (caller.state() != BenchClient.State.IN || callee.state() != BenchClient.State.IN) {
                calls.add(CompletableFuture.failedFuture(new IllegalStateException("not-logged-in")));
                continue;
            }
            run.watchdog().acquire(permits);
            CompletableFuture<Void> call = caller.pairWith(callee).orTimeout(timeoutMs, TimeUnit.MILLISECONDS);
            call.whenComplete((x, e) -> permits.release());
            calls.add(call);
        }
        run.watchdog().await(CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)));
        return calls;
    }

    private static int countFailures(List<? extends CompletableFuture<?>> attempts, Map<String, Long> why) {
        int failures = 0;
        for (CompletableFuture<?> f : attempts) {
            String failure = Crowd.failureOf(f);
            if (failure != null) {
                failures++;
                why.merge(failure, 1L, Long::sum);
            }
        }
        return failures;
    }
}
