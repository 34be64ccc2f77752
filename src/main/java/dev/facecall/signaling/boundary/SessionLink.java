package dev.facecall.signaling.boundary;

import dev.facecall.signaling.control.Link;
import dev.facecall.signaling.control.MessageWriter;
import dev.facecall.signaling.entity.CloseCode;
import dev.facecall.signaling.entity.ServerMessage;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The one writer of a WebSocket session. Any thread may queue a frame; one send is in flight at a
 * time, and the next leaves when it completes, so frames go out whole and in queue order without
 * any caller waiting on a slow network.
 *
 * <p>Memory per client is bounded: a message is written to its JSON text when it is queued, and a
 * client with more than {@value #MAX_QUEUED_CHARS} characters waiting (about 1 MiB: the JSON is
 * almost all ASCII) does not read; it is closed with 1013 and given up.
 *
 * <p>Nothing here runs a close or the lost-connection path on the thread that queued a frame or
 * completed a send: that thread may hold the rules' locks, or the container's, and both paths take
 * others (closing a Tyrus session runs the endpoint's {@code @OnClose} under the session's lock;
 * the lost-connection path takes a call's lock, then a user's). They run on {@code offThread}.
 */
final class SessionLink implements Link {

    private static final System.Logger LOG = System.getLogger(SessionLink.class.getName());
    private static final ThreadLocal<SessionLink> PUMPING = new ThreadLocal<>();
    static final long MAX_QUEUED_CHARS = 1 << 20;
    private static final long NOT_SENT = Long.MIN_VALUE;

    private sealed interface Frame {}

    private record Text(String json) implements Frame {}

    private record Close(CloseReason reason) implements Frame {}

    private record Ping() implements Frame {}

    private final Session session;
    private final Runnable whenLost;
    private final Executor offThread;
    private final LongSupplier clock;
    private final Runnable releaseSentFrame;
    private final EncodedTextFrames.Sender texts;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Deque<Frame> queue = new ConcurrentLinkedDeque<>();
    private final AtomicLong queuedChars = new AtomicLong();
    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile boolean closing;
    private volatile long lastHeardNanos;
    private volatile long lastSentNanos;
    private volatile boolean pinged;
    private volatile long pingSentNanos = NOT_SENT;

    /**
     * @param whenLost runs once, when the connection is known to be gone, however that is learnt
     * @param offThread where closes and {@code whenLost} run, never on the thread that learnt of them
     * @param clock tells the time in nanoseconds, as {@link System#nanoTime()} does
     */
    SessionLink(Session session, Runnable whenLost, Executor offThread, LongSupplier clock) {
        this.session = session;
        this.whenLost = whenLost;
        this.offThread = offThread;
        this.clock = clock;
        this.releaseSentFrame = GrizzlyWriteBuffer.releaser(session);
        this.texts = EncodedTextFrames.senderFor(session);
        this.lastHeardNanos = clock.getAsLong();
        this.lastSentNanos = lastHeardNanos;
    }

    /**
     * The connection is gone: the container closed it, a send failed, or keepalive gave up. The
     * container does not always report the close of a socket its client dropped, so this does not
     * wait for it.
     */
    void lost() {
        closing = true;
        if (lost.compareAndSet(false, true)) {
            offThread.execute(whenLost);
        }
    }

    @Override
    public void send(ServerMessage message) {
        if (!closing) {
            enqueue(new Text(MessageWriter.write(message)));
        }
    }

    @Override
    public void close(CloseCode code, String reason) {
        enqueue(new Close(reasonOf(code, reason)));
    }

    @Override
    public void closeNow(CloseCode code, String reason) {
        giveUp(code, reason);
    }

    /**
     * Queues a ping ahead of every message still waiting: a backlog of our own messages must not
     * keep the client from hearing it, and so from answering in time.
     */
    void ping() {
        pinged = true;
        pingSentNanos = NOT_SENT;
        if (!closing) {
            queue.addFirst(new Ping());
            pump();
        }
    }

    /** Whether the connection is closing or gone: what the client still sends is not for us. */
    boolean closing() {
        return closing;
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

    /**
     * Gives the connection up as dead or unwanted: closes it at once with {@code code}, not behind
     * what is queued, which may never leave, and treats it as lost.
     */
    void giveUp(CloseCode code, String reason) {
        closing = true;
        queue.clear();
        queuedChars.set(0);
        closeSession(reasonOf(code, reason));
        lost();
    }

    private void enqueue(Frame frame) {
        if (closing) {
            return;
        }
        if (frame instanceof Text text && queuedChars.addAndGet(text.json().length()) > MAX_QUEUED_CHARS) {
            LOG.log(Level.WARNING, "session {0} has more than {1} characters waiting and does not read them; closing it",
                    id(), MAX_QUEUED_CHARS);
            giveUp(CloseCode.TRY_AGAIN_LATER, "not reading");
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
                Frame frame = queue.poll();
                if (frame == null) {
                    sending.set(false);
                } else {
                    write(frame);
                }
            }
        } finally {
            PUMPING.remove();
        }
    }

    private void write(Frame frame) {
        try {
            if (frame instanceof Text text) {
                queuedChars.addAndGet(-text.json().length());
                texts.send(text.json(), this::sent);
            } else if (frame instanceof Ping) {
                session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
                pingSentNanos = clock.getAsLong();
                sent();
            } else if (frame instanceof Close close) {
                closing = true;
                closeSession(close.reason());
            }
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    private void sent(SendResult result) {
        if (result.isOK()) {
            if (!lost.get()) {
                releaseSentFrame.run(); // after the connection is lost, its container objects may serve another
            }
            sent();
        } else {
            failed(result.getException());
        }
    }

    /** A send failed: the connection is dead, whether or not the container has noticed. */
    private void failed(Throwable error) {
        LOG.log(Level.DEBUG, "send to session {0} failed; closing it: {1}", id(), String.valueOf(error));
        giveUp(CloseCode.GOING_AWAY, "send failed");
    }

    private void sent() {
        lastSentNanos = clock.getAsLong();
        sending.set(false);
        pump();
    }

    /**
     * The server is going down: closes at once, ahead of what is queued, on this thread, which holds
     * no lock of the rules (the application is being stopped), so that the close goes out before
     * the container tears the connection down.
     */
    void shutDown(CloseCode code, String reason) {
        closing = true;
        queue.clear();
        queuedChars.set(0);
        if (closed.compareAndSet(false, true)) {
            closeSessionHere(reasonOf(code, reason));
        }
    }

    /** Closes the session once, on {@code offThread}. */
    private void closeSession(CloseReason reason) {
        if (closed.compareAndSet(false, true)) {
            offThread.execute(() -> closeSessionHere(reason));
        }
    }

    private void closeSessionHere(CloseReason reason) {
        try {
            if (session.isOpen()) {
                session.close(reason);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "closing session {0} failed: {1}", id(), e.toString());
        }
    }

    private static CloseReason reasonOf(CloseCode code, String reason) {
        return new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), reason);
    }
}
