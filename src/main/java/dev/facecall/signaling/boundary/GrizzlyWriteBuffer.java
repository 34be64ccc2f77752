package dev.facecall.signaling.boundary;

import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets go of the last large frame a connection sent, on Payara (Tyrus over Grizzly's servlet
 * upgrade) only; elsewhere it does nothing.
 *
 * <p>Why: Grizzly's HTTP output buffer sends a write larger than its 8 KB buffer straight from the
 * caller's array, through a wrapper that it keeps for the life of the connection, and the wrapper
 * keeps the array. For a WebSocket connection, which is one long HTTP response, that is the
 * connection's last large frame: its {@code welcome}, which lists every user. Measured with 2000
 * idle users: 116 MB of welcomes held, 57 KB per connection, and the heap grew with the square of
 * the user count until 10 000 users did not fit in 512 MB. Once a send has completed, the frame has
 * been written or copied by Grizzly, so the wrapper can drop it.
 *
 * <p>The path from the session to the wrapper is private to Tyrus, Payara and Grizzly. If it is not
 * there, nothing is released and the server works as before, with the memory cost above.
 *
 * <p>Upstream: Grizzly lets go of the array when the response is recycled (the fix of
 * eclipse-ee4j/glassfish-grizzly#1291, "Potential memory leak when response larger than 8k"), and a
 * WebSocket connection's response is recycled only when the connection closes. Readiness reports
 * whether this is in effect ({@code sentFramesReleased}), and an integration test fails when it is
 * not, besides {@code ChurnIT}'s measure of the memory an idle connection costs.
 */
final class GrizzlyWriteBuffer {

    private static final System.Logger LOG = System.getLogger(GrizzlyWriteBuffer.class.getName());
    private static final Runnable NOTHING = () -> { };
    /** From the session's async remote endpoint to Grizzly's wrapper of the last direct write. */
    private static final String[] PATH = {
        "webSocket", // Tyrus: the remote endpoint's web socket
        "protocolHandler", // Tyrus: its framing
        "writer", // Tyrus servlet container: TyrusServletWriter
        "servletOutputStream", // the upgraded connection's output stream, set at the first write
        "ob", // Payara's CoyoteOutputStream: its output buffer
        "grizzlyOutputBuffer", // Payara's output buffer: Grizzly's
        "temporaryWriteBuffer", // Grizzly's wrapper of the last direct write
    };
    private static final AtomicLong RELEASED = new AtomicLong();
    private static volatile boolean unavailable;

    private GrizzlyWriteBuffer() {
    }

    /** Whether sent frames are being released: at least one was, and nothing failed. */
    static boolean inEffect() {
        return !unavailable && RELEASED.get() > 0;
    }

    /** What to run after each completed send on {@code session} to release the frame it kept. */
    static Runnable releaser(Session session) {
        if (unavailable || !session.getClass().getName().startsWith("org.glassfish.tyrus.")) {
            return NOTHING;
        }
        return new Releaser(session);
    }

    private static final class Releaser implements Runnable {

        private final Session session;
        private Object wrapper;
        private Method recycle;

        Releaser(Session session) {
            this.session = session;
        }

        @Override
        public void run() {
            if (unavailable) {
                return;
            }
            try {
                if (wrapper == null) {
                    wrapper = PrivateFields.follow(session.getAsyncRemote(), PATH);
                    recycle = wrapper == null ? null : PrivateFields.method(wrapper.getClass(), "recycle");
                }
                if (wrapper != null) {
                    recycle.invoke(wrapper); // after every send: looked up once per connection
                    RELEASED.incrementAndGet();
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                unavailable = true;
                LOG.log(Level.WARNING, "cannot release Grizzly''s copy of large frames; each connection "
                        + "keeps its largest recent frame: {0}", e.toString());
            }
        }
    }
}
