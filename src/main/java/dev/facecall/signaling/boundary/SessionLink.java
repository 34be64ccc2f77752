package dev.facecall.signaling.boundary;

import dev.facecall.signaling.control.Link;
import dev.facecall.signaling.entity.ServerMessage;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The one writer of a WebSocket session. Any thread may queue a frame; one send is in flight at a
 * time, and the next leaves when it completes, so frames go out whole and in queue order without
 * any caller waiting on a slow network. A session that cannot keep up is closed rather than let
 * its queue grow without end.
 */
final class SessionLink implements Link {

    private static final System.Logger LOG = System.getLogger(SessionLink.class.getName());
    private static final ThreadLocal<SessionLink> PUMPING = new ThreadLocal<>();
    static final int MAX_QUEUED = 4096;
    private static final long NOT_SENT = Long.MIN_VALUE;

    private record Close(CloseReason reason) {}

    private record Ping() {}

    private final Session session;
    private final Runnable whenLost;
    private final LongSupplier clock;
    private final Runnable releaseSentFrame;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final Deque<Object> queue = new ConcurrentLinkedDeque<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile boolean closing;
    private volatile long lastHeardNanos;
    private volatile long lastSentNanos;
    private volatile boolean pinged;
    private volatile long pingSentNanos = NOT_SENT;

    /** {@code whenLost} runs once, when the connection is known to be gone, however that is learnt. */
    SessionLink(Session session, Runnable whenLost) {
        this(session, whenLost, System::nanoTime);
    }

    /** {@code clock} tells the time in nanoseconds, as {@link System#nanoTime()} does. */
    SessionLink(Session session, Runnable whenLost, LongSupplier clock) {
        this.session = session;
        this.whenLost = whenLost;
        this.clock = clock;
        this.releaseSentFrame = GrizzlyWriteBuffer.releaser(session);
        this.lastHeardNanos = clock.getAsLong();
        this.lastSentNanos = lastHeardNanos;
    }

    /**
     * The connection is gone: the container closed it, a send failed, or keepalive gave up. The
     * container does not always report the close of a socket its client dropped, so this does not
     * wait for it.
     */
    void lost() {
        if (lost.compareAndSet(false, true)) {
            whenLost.run();
        }
    }

    @Override
    public void send(ServerMessage message) {
        enqueue(message);
    }

    @Override
    public void close(int code, String reason) {
        enqueue(new Close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason)));
    }

    /**
     * Queues a ping ahead of every message still waiting: a backlog of our own messages must not
     * keep the client from hearing it, and so from answering in time.
     */
    void ping() {
        pinged = true;
        pingSentNanos = NOT_SENT;
        if (!closing) {
            queued.incrementAndGet();
            queue.addFirst(new Ping());
            pump();
        }
    }

    /** Something came in from the client: it is alive. */
    void heard() {
        lastHeardNanos = clock.getAsLong();
        pinged = false;
    }

    long silentNanos(long now) {
        return now - lastHeardNanos;
    }

    boolean pinged() {
        return pinged;
    }

    /**
     * How long the client has had to answer our ping: since the ping left, or, while it still waits
     * behind a send in flight, since a send last completed. A client is given the time to answer
     * once it could have heard the ping, however long our own backlog held the ping back, but a
     * connection whose sends stop completing runs out of time as surely as a silent one.
     */
    long answerWaitNanos(long now) {
        long sentAt = pingSentNanos;
        return now - (sentAt != NOT_SENT ? sentAt : lastSentNanos);
    }

    String id() {
        return session.getId();
    }

    private void enqueue(Object frame) {
        if (closing) {
            return;
        }
        if (queued.incrementAndGet() > MAX_QUEUED) {
            LOG.log(Level.WARNING, "session {0} does not read its messages; closing it", id());
            closing = true;
            queue.clear();
            closeNow(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too slow"));
            return;
        }
        queue.add(frame);
        pump();
    }

    private void pump() {
        if (PUMPING.get() == this) {
            return; // a send completed inside our own send call: the loop below goes on
        }
        PUMPING.set(this);
        try {
            while (!queue.isEmpty() && sending.compareAndSet(false, true)) {
                Object frame = queue.poll();
                if (frame == null) {
                    sending.set(false);
                } else {
                    queued.decrementAndGet();
                    write(frame);
                }
            }
        } finally {
            PUMPING.remove();
        }
    }

    private void write(Object frame) {
        try {
            if (frame instanceof Close close) {
                closing = true;
                closeNow(close.reason());
            } else if (frame instanceof Ping) {
                session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
                pingSentNanos = clock.getAsLong();
                sent();
            } else {
                session.getAsyncRemote().sendObject(frame, this::sent);
            }
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    private void sent(SendResult result) {
        if (result.isOK()) {
            releaseSentFrame.run();
            sent();
        } else {
            failed(result.getException());
        }
    }

    /** A send failed: the connection is dead, whether or not the container has noticed. */
    private void failed(Throwable error) {
        LOG.log(Level.DEBUG, "send to session {0} failed; closing it: {1}", id(), String.valueOf(error));
        drop("send failed");
    }

    /**
     * Gives the connection up as dead: closes it with 1001 at once, not behind what is queued, which
     * may never leave, and treats it as lost.
     */
    void drop(String reason) {
        closing = true;
        queue.clear();
        closeNow(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, reason));
        lost();
    }

    private void sent() {
        lastSentNanos = clock.getAsLong();
        sending.set(false);
        pump();
    }

    private void closeNow(CloseReason reason) {
        try {
            if (session.isOpen()) {
                session.close(reason);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "closing session {0} failed: {1}", id(), e.toString());
        }
    }
}
