package dev.facecall.signaling.boundary;

import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closes the TCP connection under a session that the server closes, before the container ends the
 * upgraded HTTP exchange, on Payara (Tyrus over Grizzly's servlet upgrade) only; elsewhere it does
 * nothing.
 *
 * <p>Why: when a session is closed, Tyrus sends the close frame and then closes its servlet
 * {@code WebConnection}; Payara then completes the suspended HTTP exchange of the upgrade, and
 * Grizzly forgets that the connection has a request in progress and returns that request's
 * objects (Grizzly's and Catalina's request and response, output buffers, filter chain context) to
 * its per-thread pools. If the client's answer to our close frame (or anything else it sends)
 * arrives meanwhile, another worker thread takes it for a new HTTP request on the same connection
 * and replays the old upgrade request through the servlet pipeline with the same Catalina objects,
 * while this thread recycles them; from then on the pools hand objects that are still in use to new
 * connections, which get 404s, no 101, another handshake's {@code Sec-WebSocket-Accept}, or frames
 * meant for another connection. The client answers at once when the server closes (the takeover
 * with 4001, keepalive, a failed send), so those closes hit the window; a close that the client
 * starts is handled on the connection's own thread and does not. With the TCP connection closed
 * first, Grizzly cancels the exchange instead of completing it: nothing more is read from the
 * connection and nothing of it goes back to the pools.
 *
 * <p>The path from the session to the connection is private to Tyrus, Payara and Grizzly, and it
 * is followed when the session opens, while the objects on it still belong to this connection.
 *
 * <p>Upstream: the bug is Payara's ({@code WebConnectionImpl.close()} completes the upgraded
 * exchange while the connection can still be read); it is not reported yet, and no release fixes
 * it. Readiness reports whether this is in effect ({@code closesCutConnections}); an integration
 * test fails when it is not, and {@code ReconnectIT}, whose takeovers close sessions from the
 * server, saw a 404 or a lost 101 on a later handshake about once in ten runs without it.
 */
final class GrizzlyConnection {

    private static final System.Logger LOG = System.getLogger(GrizzlyConnection.class.getName());
    private static final Runnable NOTHING = () -> { };
    /** From the session's async remote endpoint to the upgrade request's filter chain context; "?" where a link may be absent. */
    private static final String[] PATH = {
        "webSocket", // Tyrus: the remote endpoint's web socket
        "protocolHandler", // Tyrus: its framing
        "writer", // Tyrus servlet container: TyrusServletWriter
        "tyrusHttpUpgradeHandler", // its upgrade handler, a proxy in Tyrus 2.1
        "?handler", // the proxied upgrade handler, which has the WebConnection
        "wc", // the servlet WebConnection: Payara's WebConnectionImpl,
        "?wrapped", // or our frame limit's wrapper of it (FrameLimitedTyrusHandler)
        "request", // Payara's (Catalina's) request of the upgrade
        "coyoteRequest", // Grizzly's request
        "ctx", // Grizzly's filter chain context, which knows the connection
    };
    private static volatile boolean unavailable;
    private static final AtomicLong REACHED = new AtomicLong();

    private GrizzlyConnection() {
    }

    /**
     * What closes the TCP connection of {@code session} at once; call it at open. At once, not
     * gracefully: a graceful close waits for Grizzly's write queue and so may come after the container
     * has ended the exchange. Our close frame has been handed to the socket by then, unless the client
     * stopped reading, and then it is lost with the connection.
     */
    static Runnable closer(Session session) {
        if (unavailable || !session.getClass().getName().startsWith("org.glassfish.tyrus.")) {
            return NOTHING;
        }
        try {
            Object at = session.getAsyncRemote();
            for (String step : PATH) {
                boolean optional = step.startsWith("?");
                String name = optional ? step.substring(1) : step;
                Field field = optional ? optionalField(at.getClass(), name) : field(at.getClass(), name);
                Object next = field == null ? null : field.get(at);
                if (next != null) {
                    at = next;
                } else if (!optional) {
                    throw new NoSuchFieldException(name + " is not set in " + at.getClass().getName());
                }
            }
            Object connection = at.getClass().getMethod("getConnection").invoke(at);
            var close = connection.getClass().getMethod("terminateSilently");
            REACHED.incrementAndGet();
            return () -> {
                try {
                    close.invoke(connection);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    LOG.log(Level.DEBUG, "closing the connection of session {0} failed: {1}", session.getId(), e.toString());
                }
            };
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = true;
            LOG.log(Level.WARNING, "cannot reach the Grizzly connection under a session; closing a session "
                    + "may corrupt other connections on Payara: {0}", e.toString());
            return NOTHING;
        }
    }

    /** Whether the connections under sessions are being reached: at least one was, and none failed. */
    static boolean inEffect() {
        return !unavailable && REACHED.get() > 0;
    }

    private static Field optionalField(Class<?> type, String name) {
        try {
            return field(type, name);
        } catch (NoSuchFieldException absent) {
            return null;
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException notHere) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }
}
