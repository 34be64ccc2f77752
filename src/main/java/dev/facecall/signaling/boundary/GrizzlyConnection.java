package dev.facecall.signaling.boundary;

import jakarta.servlet.http.WebConnection;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closes the TCP connection under an upgraded servlet connection just before the container ends
 * the upgrade's HTTP exchange, on Payara (Tyrus over Grizzly's servlet upgrade) only; elsewhere it
 * does nothing. Every close of a WebSocket comes through here, whoever started it: Tyrus closes its
 * servlet {@code WebConnection} once the close handshake's last frame has been written and flushed,
 * or once the connection was found dropped; for a close the server started, the connection waits
 * for the client's answer before it passes that on ({@link FrameLimitedTyrusHandler}).
 *
 * <p>Why: Payara's {@code WebConnectionImpl.close()} completes the suspended HTTP exchange of the
 * upgrade, and Grizzly then forgets that the connection has a request in progress and returns that
 * request's objects (Grizzly's and Catalina's request and response, output buffers, filter chain
 * context) to its pools, while the connection can still be read and the thread that read the
 * close frame may still be in them. Anything the client sends meanwhile (its answer to our close
 * frame, its FIN after our answer to its own) is taken for a new HTTP request on the same
 * connection, and from then on the pools can hand objects still in use to new connections, which
 * get 404s, a 101 without its {@code Upgrade} header, another handshake's
 * {@code Sec-WebSocket-Accept}, or frames meant for another connection. With the TCP connection
 * closed first, Grizzly cancels the exchange instead of completing it: nothing more is read from
 * the connection and nothing of it goes back to the pools.
 *
 * <p>Seen without it: {@code ReconnectIT}, whose takeovers close sessions from the server, got a
 * 404 or a lost 101 about once in ten runs; with the cut made only for closes the server starts,
 * {@code ChurnIT} (ten thousand clients leaving by logout, by their own close frame, or by dropping
 * the socket) still got a 101 without {@code Upgrade} in about one run in five.
 *
 * <p>The path from the servlet connection to Grizzly's is private to Payara and Grizzly, and it is
 * followed when the connection is upgraded, while the objects on it still belong to it.
 *
 * <p>Upstream: the bug is Payara's; it is not reported yet, and no release fixes it. Readiness
 * reports whether this is in effect ({@code closesCutConnections}); an integration test fails when
 * it is not.
 */
final class GrizzlyConnection {

    private static final System.Logger LOG = System.getLogger(GrizzlyConnection.class.getName());
    private static final Runnable NOTHING = () -> { };
    private static final String PAYARA_CONNECTION = "org.apache.catalina.connector.WebConnectionImpl";
    /** From Payara's WebConnectionImpl to the upgrade request's filter chain context. */
    private static final String[] PATH = {
        "request", // Payara's (Catalina's) request of the upgrade
        "coyoteRequest", // Grizzly's request
        "ctx", // Grizzly's filter chain context, which knows the connection
    };
    /** Grizzly's own WebSocket filter (its add-on), whose subclasses Payara puts in a listener's chain when it is on. */
    private static final String GRIZZLY_WEBSOCKET_FILTER = "org.glassfish.grizzly.websockets.BaseWebSocketFilter";
    private static volatile boolean unavailable;
    private static final AtomicLong REACHED = new AtomicLong();
    /** Whether the first connection reached ran through Grizzly's WebSocket filter; null before one was. */
    private static volatile Boolean webSocketAddOn;

    private GrizzlyConnection() {
    }

    /**
     * What closes the TCP connection under {@code upgraded}; call it when the connection is
     * upgraded. At once, not gracefully: a graceful close waits for Grizzly's write queue and so may
     * come after the container has ended the exchange. Tyrus has flushed its last frame by the time
     * it closes, unless the client stopped reading, and then that frame is lost with the connection.
     */
    static Runnable closer(WebConnection upgraded) {
        if (unavailable || !upgraded.getClass().getName().equals(PAYARA_CONNECTION)) {
            return NOTHING;
        }
        try {
            Object context = PrivateFields.follow(upgraded, PATH);
            if (context == null) {
                throw new NoSuchFieldException("the path " + String.join(".", PATH) + " is not set in " + PAYARA_CONNECTION);
            }
            if (webSocketAddOn == null) {
                webSocketAddOn = runsThroughWebSocketFilter(context);
            }
            Object connection = PrivateFields.method(context.getClass(), "getConnection").invoke(context);
            var close = PrivateFields.method(connection.getClass(), "terminateSilently");
            REACHED.incrementAndGet();
            return () -> {
                try {
                    close.invoke(connection);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    LOG.log(Level.DEBUG, "closing the connection {0} failed: {1}", connection, e.toString());
                }
            };
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = true;
            LOG.log(Level.WARNING, "cannot reach the Grizzly connection under an upgraded connection; closing a "
                    + "WebSocket may corrupt other connections on Payara: {0}", e.toString());
            return NOTHING;
        }
    }

    /** Whether the connections under sessions are being reached: at least one was, and none failed. */
    static boolean inEffect() {
        return !unavailable && REACHED.get() > 0;
    }

    /**
     * Whether the listener's Grizzly WebSocket add-on is off, as the run command's pre-boot commands
     * set it: on, it looks at every read of an upgraded connection for a Grizzly WebSocket
     * application this app does not have (docs/performance.md, change 9). False until a connection
     * was reached, and where none can be.
     */
    static boolean webSocketAddOnOff() {
        return Boolean.FALSE.equals(webSocketAddOn);
    }

    /** Whether the filter chain of Grizzly's {@code FilterChainContext} {@code context} holds Grizzly's WebSocket filter. */
    private static boolean runsThroughWebSocketFilter(Object context) throws ReflectiveOperationException {
        for (Object filter : (Iterable<?>) context.getClass().getMethod("getFilterChain").invoke(context)) {
            for (Class<?> c = filter.getClass(); c != null; c = c.getSuperclass()) {
                if (c.getName().equals(GRIZZLY_WEBSOCKET_FILTER)) {
                    return true;
                }
            }
        }
        return false;
    }
}
