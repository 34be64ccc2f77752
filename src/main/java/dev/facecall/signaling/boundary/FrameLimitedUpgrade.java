package dev.facecall.signaling.boundary;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpUpgradeHandler;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * A handshake request whose upgrade to Tyrus (Payara's and GlassFish's WebSocket container) reads
 * the connection through {@link FrameLimitedInput}: Tyrus asks the request for its upgrade handler,
 * and gets its own, subclassed to read through the limit. On any other container, or should the
 * subclass not load, the upgrade is the container's own, and the frame limit is its (Tyrus's own
 * would buffer a frame whole, up to its incoming buffer, before refusing it).
 *
 * <p>Upstream: Tyrus checks an endpoint's {@code maxMessageSize} only once a frame is whole; its
 * frame parser has no limit of its own. Readiness reports whether this is in effect
 * ({@code framesLimitedAsRead}), and {@code BoundedMemoryIT} fails when it is not.
 */
final class FrameLimitedUpgrade extends HttpServletRequestWrapper {

    private static final System.Logger LOG = System.getLogger(FrameLimitedUpgrade.class.getName());
    private static final String TYRUS_HANDLER = "org.glassfish.tyrus.servlet.TyrusHttpUpgradeHandler";
    private static volatile boolean unavailable;

    FrameLimitedUpgrade(HttpServletRequest request) {
        super(request);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws IOException, ServletException {
        if (!unavailable && TYRUS_HANDLER.equals(handlerClass.getName())) {
            try {
                return (T) super.upgrade(FrameLimitedTyrusHandler.class);
            } catch (LinkageError | RuntimeException e) {
                unavailable = true;
                LOG.log(Level.WARNING, "cannot limit frames as they are read; a client may make the server "
                        + "buffer a frame up to Tyrus''s incoming buffer before it is refused: {0}", e.toString());
            }
        }
        return super.upgrade(handlerClass);
    }

    /** Whether the frame limit reads connections on this container: it has, and never failed to. */
    static boolean inEffect() {
        return !unavailable && FrameLimitedTyrusHandler.upgrades() > 0;
    }
}
