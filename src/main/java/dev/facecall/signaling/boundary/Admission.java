package dev.facecall.signaling.boundary;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a new connection may come in: not while the server drains, and not past
 * {@code maxPerAddress} open connections from one client address (0: no cap). A connection holds
 * its place from its handshake until it is lost.
 */
final class Admission {

    enum Verdict { ADMITTED, DRAINING, TOO_MANY }

    private final int maxPerAddress;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
    private volatile boolean draining;

    Admission(int maxPerAddress) {
        this.maxPerAddress = maxPerAddress;
    }

    /** Takes a place for a connection from {@code address}, unless the answer is no. */
    Verdict admit(String address) {
        if (draining) {
            return Verdict.DRAINING;
        }
        boolean[] admitted = {false};
        open.compute(address, (key, count) -> {
            int now = count == null ? 0 : count;
            if (maxPerAddress > 0 && now >= maxPerAddress) {
                return count;
            }
            admitted[0] = true;
            return now + 1;
        });
        return admitted[0] ? Verdict.ADMITTED : Verdict.TOO_MANY;
    }

    /** The connection from {@code address} is gone: its place is free. */
    void release(String address) {
        open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** Open connections from {@code address}. */
    int count(String address) {
        return open.getOrDefault(address, 0);
    }

    /** From now on nobody new comes in: the server is going down. */
    void drain() {
        draining = true;
    }

    boolean isDraining() {
        return draining;
    }
}
