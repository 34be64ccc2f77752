package dev.facecall.signaling.boundary;

import jakarta.servlet.http.WebConnection;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Looks after the TCP connection under an upgraded servlet connection, on Payara (Tyrus over
 * Grizzly's servlet upgrade) only; elsewhere it does nothing. It closes the connection just before
 * the container ends the upgrade's HTTP exchange, and it hides the connection from Grizzly's own
 * WebSocket add-on, which would otherwise look at every read ({@link #upgraded}).
 *
 * <p>Every close of a WebSocket comes through here, whoever started it: Tyrus closes its
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
    /** From Payara's WebConnectionImpl to Grizzly's request of the upgrade. */
    private static final String[] PATH = {
        "request", // Payara's (Catalina's) request of the upgrade
        "coyoteRequest", // Grizzly's request
    };
    /** From Grizzly's request to its filter chain context, which knows the connection. */
    private static final String CONTEXT = "ctx";
    /** Grizzly's own WebSocket filter (its add-on), whose subclasses Payara puts in a listener's chain when it is on. */
    private static final String GRIZZLY_WEBSOCKET_FILTER = "org.glassfish.grizzly.websockets.BaseWebSocketFilter";
    /**
     * The upgrade request's {@code Upgrade} token once the connection is upgraded: not "websocket",
     * which Grizzly's WebSocket filter looks for, and not empty, which would make Grizzly parse the
     * frames as HTTP.
     */
    private static final String UPGRADED_TOKEN = "websocket-servlet-upgrade";
    private static volatile boolean unavailable;
    private static final AtomicLong REACHED = new AtomicLong();
    /** Whether the first connection reached ran through Grizzly's WebSocket filter; null before one was. */
    private static volatile Boolean webSocketAddOn;
    private static volatile boolean unrenamed;
    private static final AtomicLong RENAMED = new AtomicLong();

    private GrizzlyConnection() {
    }

    /**
     * Takes in the TCP connection under {@code upgraded}; call it when the connection is upgraded.
     * It hides the connection from Grizzly's WebSocket add-on ({@link #passByWebSocketAddOn}) and
     * returns what closes it. At once, not gracefully: a graceful close waits for Grizzly's write
     * queue and so may come after the container has ended the exchange. Tyrus has flushed its last
     * frame by the time it closes, unless the client stopped reading, and then that frame is lost
     * with the connection.
     */
    static Runnable upgraded(WebConnection upgraded) {
        if (unavailable || !upgraded.getClass().getName().equals(PAYARA_CONNECTION)) {
            return NOTHING;
        }
        try {
            Object request = PrivateFields.follow(upgraded, PATH);
            Object context = request == null ? null : PrivateFields.follow(request, CONTEXT);
            if (context == null) {
                throw new NoSuchFieldException("the path " + String.join(".", PATH) + "." + CONTEXT + " is not set in " + PAYARA_CONNECTION);
            }
            if (webSocketAddOn == null) {
                webSocketAddOn = runsThroughWebSocketFilter(context);
            }
            passByWebSocketAddOn(request);
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

    /**
     * Whether Grizzly's WebSocket add-on passes the upgraded connections by, as in a plain
     * deployment where it is on: their upgrade requests' {@code Upgrade} token is no longer
     * "websocket" (docs/performance.md, change 11). False until a connection was reached, and after
     * a token could not be changed.
     */
    static boolean webSocketAddOnPassedBy() {
        return !unrenamed && RENAMED.get() > 0;
    }

    /**
     * Renames the {@code Upgrade} token of Grizzly's {@code request}. Where the add-on is on (it is
     * unless the pre-boot command turns it off), its filter looks at every read of the connection,
     * finds "websocket" there, takes the read for a handshake and searches for a Grizzly WebSocket
     * application, allocating mapping data each time and never finding one, since this app's
     * WebSocket is Tyrus's. Nothing else looks at the token once the connection is upgraded:
     * Grizzly's HTTP parsing only asks whether there is one, and its HTTP/2 filter whether it is
     * {@code h2c}. If it cannot be renamed, the connection works as before, at that cost.
     */
    private static void passByWebSocketAddOn(Object request) {
        if (unrenamed) {
            return;
        }
        try {
            Object packet = PrivateFields.method(request.getClass(), "getRequest").invoke(request);
            PrivateFields.method(packet.getClass(), "setUpgrade", String.class).invoke(packet, UPGRADED_TOKEN);
            RENAMED.incrementAndGet();
        } catch (ReflectiveOperationException | RuntimeException e) {
            unrenamed = true;
            LOG.log(Level.WARNING, "cannot hide upgraded connections from Grizzly''s WebSocket add-on; where it is on, "
                    + "it looks at every read for nothing: {0}", e.toString());
        }
    }

    /** Whether the filter chain of Grizzly's {@code FilterChainContext} {@code context} holds Grizzly's WebSocket filter. */
    private static boolean runsThroughWebSocketFilter(Object context) throws ReflectiveOperationException {
        for (Object filter : (Iterable<?>) PrivateFields.method(context.getClass(), "getFilterChain").invoke(context)) {
            for (Class<?> c = filter.getClass(); c != null; c = c.getSuperclass()) {
                if (c.getName().equals(GRIZZLY_WEBSOCKET_FILTER)) {
                    return true;
                }
            }
        }
        return false;
    }
}
