package dev.facecall.signaling.control;

/**
 * A connection's token bucket: {@value #CAPACITY} messages, refilled at {@value #PER_SECOND} a
 * second. A dropped message is answered with {@code rate-limited} at most once a second; a run of
 * drops (drops less than a second apart) that lasts {@value #CLOSE_AFTER_SECONDS} s closes the
 * connection, once: whatever the closing connection still sends is dropped without a word.
 */
final class RateLimit {

    enum Verdict { PASS, DROP_AND_TELL, DROP, CLOSE }

    static final int CAPACITY = 200;
    static final int PER_SECOND = 50;
    static final int CLOSE_AFTER_SECONDS = 10;
    private static final long SECOND = 1_000_000_000L;
    private static final long NANOS_PER_TOKEN = SECOND / PER_SECOND;

    private long tokens = CAPACITY;
    private long refilledAt = Long.MIN_VALUE;
    private long runStartedAt;
    private long lastDropAt;
    private long toldAt;
    private boolean inRun;
    private boolean told;
    private boolean closed;

    /** One message arrives at {@code now} (nanoseconds on any monotonic clock). */
    synchronized Verdict take(long now) {
        if (closed) {
            return Verdict.DROP;
        }
        refill(now);
        if (tokens > 0) {
            tokens--;
            return Verdict.PASS;
        }
        if (!inRun || now - lastDropAt >= SECOND) {
            inRun = true;
            runStartedAt = now;
        }
        lastDropAt = now;
        if (now - runStartedAt >= CLOSE_AFTER_SECONDS * SECOND) {
            closed = true;
            return Verdict.CLOSE;
        }
        if (!told || now - toldAt >= SECOND) {
            told = true;
            toldAt = now;
            return Verdict.DROP_AND_TELL;
        }
        return Verdict.DROP;
    }

    private void refill(long now) {
        if (refilledAt == Long.MIN_VALUE) {
            refilledAt = now;
            return;
        }
        long earned = (now - refilledAt) / NANOS_PER_TOKEN;
        if (earned > 0) {
            tokens = Math.min(CAPACITY, tokens + earned);
            refilledAt = tokens == CAPACITY ? now : refilledAt + earned * NANOS_PER_TOKEN;
        }
    }
}
