package dev.facecall.signaling.boundary;

import dev.facecall.signaling.control.Link;
import dev.facecall.signaling.entity.ServerMessage;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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

    private record Close(CloseReason reason) {}

    private record Ping() {}

    private final Session session;
    private final Runnable whenLost;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile boolean closing;
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile boolean pinged;

    /** {@code whenLost} runs once, when the connection is known to be gone, however that is learnt. */
    SessionLink(Session session, Runnable whenLost) {
        this.session = session;
        this.whenLost = whenLost;
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

    void ping() {
        pinged = true;
        enqueue(new Ping());
    }

    /** Something came in from the client: it is alive. */
    void heard() {
        lastHeardNanos = System.nanoTime();
        pinged = false;
    }

    long silentNanos(long now) {
        return now - lastHeardNanos;
    }

    boolean pinged() {
        return pinged;
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
            sent();
        } else {
            failed(result.getException());
        }
    }

    /** A send failed: the connection is dead, whether or not the container has noticed. */
    private void failed(Throwable error) {
        LOG.log(Level.DEBUG, "send to session {0} failed; closing it: {1}", id(), String.valueOf(error));
        closing = true;
        queue.clear();
        closeNow(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "send failed"));
        lost();
    }

    private void sent() {
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
