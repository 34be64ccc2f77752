package dev.facecall.signaling.boundary;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps every connection, logged in or not, from looking idle to proxies, and drops the dead: a
 * ping after {@code pingAfter} of silence, a close with 1001 after {@code closeAfter}. The client
 * always gets {@code closeAfter - pingAfter} to answer from the moment the ping actually left, so a
 * backlog on our side never counts as silence on its side.
 */
final class Keepalive {

    private static final System.Logger LOG = System.getLogger(Keepalive.class.getName());

    private final long pingAfterNanos;
    private final long closeAfterNanos;
    private final long answerWithinNanos;
    private final Set<SessionLink> links = ConcurrentHashMap.newKeySet();

    Keepalive(Duration pingAfter, Duration closeAfter) {
        this.pingAfterNanos = pingAfter.toNanos();
        this.closeAfterNanos = closeAfter.toNanos();
        this.answerWithinNanos = closeAfterNanos - pingAfterNanos;
    }

    void watch(SessionLink link) {
        links.add(link);
    }

    void forget(SessionLink link) {
        links.remove(link);
    }

    int count() {
        return links.size();
    }

    void closeAll(int code, String reason) {
        links.forEach(link -> link.close(code, reason));
    }

    void sweep() {
        sweep(System.nanoTime());
    }

    void sweep(long now) {
        for (SessionLink link : links) {
            long silent = link.silentNanos(now);
            if (silent >= closeAfterNanos && link.pinged() && link.answerWaitNanos(now) >= answerWithinNanos) {
                LOG.log(Level.INFO, "session {0} silent for {1} s; closing it", link.id(), silent / 1_000_000_000);
                link.drop("no sign of life");
            } else if (silent >= pingAfterNanos && !link.pinged()) {
                link.ping();
            }
        }
    }
}
