package dev.facecall.bench;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the stamped signals of one relay window delivered: how many, and their latencies. Each
 * receiving thread writes its own samples, so that receiving takes no lock.
 */
final class Deliveries {

    private final int window;
    private final LongAdder count = new LongAdder();
    private final ConcurrentHashMap<Thread, Samples> latencies = new ConcurrentHashMap<>();

    Deliveries(int window) {
        this.window = window;
    }

    int window() {
        return window;
    }

    void received(long latencyNanos) {
        Thread t = Thread.currentThread();
        Samples mine = latencies.get(t);
        if (mine == null) {
            mine = latencies.computeIfAbsent(t, x -> new Samples(1 << 14));
        }
        mine.add(latencyNanos);
        count.increment();
    }

    long count() {
        return count.sum();
    }

    Collection<Samples> latencies() {
        return latencies.values();
    }
}
