package dev.facecall.signaling.boundary;

import dev.facecall.signaling.entity.CloseCode;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongUnaryOperator;

/**
 * Keeps every connection, logged in or not, from looking idle to proxies, and drops the dead: a
 * ping after {@code pingAfter} of silence, a close with 1001 after {@code closeAfter}. The client
 * always gets {@code closeAfter - pingAfter} to answer from the moment the ping actually left, so a
 * backlog on our side never counts as silence on its side.
 *
 * <p>Pings are spread out: each connection waits {@code pingAfter} plus its own share of the next
 * quarter of it (20 s plus up to 5 s by default), drawn when it is watched. Users who came at the
 * same moment (a join storm, or everyone resuming after a network blip) would otherwise be pinged
 * in the same sweep every 20 s, and their thousands of pongs would come back as one burst that
 * holds up every call's messages behind it. {@link #sweep()} must run every {@link #sweepEvery()}
 * to keep to the shares.
 */
final class Keepalive {

    private static final System.Logger LOG = System.getLogger(Keepalive.class.getName());

    private final long pingAfterNanos;
    private final long closeAfterNanos;
    private final long answerWithinNanos;
    private final long spreadNanos;
    private final LongUnaryOperator random;
    /** Each connection watched, and the silence after which it is pinged. */
    private final Map<SessionLink, Long> links = new ConcurrentHashMap<>();

    /** @param random a number from 0 (included) to its argument (excluded): a connection's share */
    Keepalive(Duration pingAfter, Duration closeAfter, LongUnaryOperator random) {
        this.pingAfterNanos = pingAfter.toNanos();
        this.closeAfterNanos = closeAfter.toNanos();
        this.answerWithinNanos = closeAfterNanos - pingAfterNanos;
        this.spreadNanos = pingAfterNanos / 4;
        this.random = random;
    }

    /** How often to sweep: each ping leaves within a twentieth of the spread (250 ms) of its moment. */
    Duration sweepEvery() {
        return Duration.ofNanos(spreadNanos / 20);
    }

    void watch(SessionLink link) {
        long share = spreadNanos > 0 ? random.applyAsLong(spreadNanos) : 0;
        links.put(link, pingAfterNanos + share);
    }

    void forget(SessionLink link) {
        links.remove(link);
    }

    int count() {
        return links.size();
    }

    /** The server is going down: closes every connection at once, ahead of what is queued for it; returns how many. */
    int shutDownAll(CloseCode code, String reason) {
        int closed = 0;
        for (SessionLink link : links.keySet()) {
            link.shutDown(code, reason);
            closed++;
        }
        return closed;
    }

    void sweep() {
        try {
            sweep(System.nanoTime());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "a keepalive sweep failed; the next one runs as planned", e);
        }
    }

    /**
     * Pings or drops each connection that is due. What goes wrong with one connection is logged and
     * the sweep goes on: a scheduled task that throws is never run again, for anyone.
     */
    void sweep(long now) {
        links.forEach((link, pingAfter) -> {
            try {
                sweep(link, pingAfter, now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "keepalive failed for one connection; the others go on", e);
            }
        });
    }

    private void sweep(SessionLink link, long pingAfter, long now) {
        long silent = link.silentNanos(now);
        if (silent >= closeAfterNanos && link.pinged() && link.answerWaitNanos(now) >= answerWithinNanos) {
            LOG.log(Level.INFO, "session {0} silent for {1} s; closing it", link.id(), silent / 1_000_000_000);
            link.giveUp(CloseCode.GOING_AWAY, "no sign of life");
        } else if (silent >= pingAfter && !link.pinged()) {
            link.ping();
        }
    }
}
