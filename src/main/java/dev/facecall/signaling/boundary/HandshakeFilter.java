package dev.facecall.signaling.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * The door of every request, before the container's WebSocket upgrade (Tyrus registers its own
 * filter after the application's): a {@code Host} the operator did not list is refused (403), a
 * plain-HTTP request from another machine is sent to HTTPS when the server serves it (307; see
 * {@link HttpsAddress}), and a WebSocket handshake, on whatever path, is refused from a web page of another origin (403),
 * while the server drains (503), or past the connections one client address may hold (429).
 *
 * <p>An admitted handshake hands the client's address to {@link HandshakeConfigurator} on this
 * thread, which keeps it with the session until the connection is lost and its place freed.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class HandshakeFilter extends HttpFilter {

    private static final System.Logger LOG = System.getLogger(HandshakeFilter.class.getName());
    static final int TOO_MANY_REQUESTS = 429;
    /** Temporary: should the operator turn HTTPS off, browsers have not learnt to go there for good. */
    static final int TEMPORARY_REDIRECT = 307;

    /** The place taken for the handshake under way on this thread, until the configurator claims it. */
    static final ThreadLocal<Place> UNDER_WAY = new ThreadLocal<>();

    /** A place at the door, for one connection from {@code address}. */
    static final class Place {

        private final String address;
        private boolean claimed;

        Place(String address) {
            this.address = address;
        }

        String claim() {
            claimed = true;
            return address;
        }
    }

    @Inject
    Signaling signaling;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        ClientRequest client = signaling.clientOf(request.getScheme(), request.getRemoteAddr(), request::getHeader);
        if (!signaling.originPolicy().hostAllowed(client.host())) {
            LOG.log(Level.INFO, "refused a request for host {0} from {1}", client.host(), client.address());
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "host not allowed");
            return;
        }
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            String query = request.getQueryString();
            Optional<String> secure = signaling.httpsAddress()
                    .redirect(client, request.getRequestURI() + (query == null ? "" : "?" + query));
            if (secure.isPresent()) {
                response.setStatus(TEMPORARY_REDIRECT);
                response.setHeader("Location", secure.get());
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !signaling.originPolicy().originAllowed(origin, client)) {
            LOG.log(Level.INFO, "refused a handshake from origin {0} at {1}", origin, client.address());
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "origin not allowed");
            return;
        }
        switch (signaling.admission().admit(client.address())) {
            case ADMITTED -> upgrade(request, response, chain, new Place(client.address()));
            case DRAINING -> response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "server shutting down");
            case TOO_MANY -> {
                LOG.log(Level.INFO, "refused a handshake from {0}: too many connections from there", client.address());
                response.sendError(TOO_MANY_REQUESTS, "too many connections from your address");
            }
        }
    }

    private void upgrade(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Place place)
            throws IOException, ServletException {
        UNDER_WAY.set(place);
        try {
            chain.doFilter(new FrameLimitedUpgrade(request), response);
        } finally {
            UNDER_WAY.remove();
            if (!place.claimed) {
                signaling.admission().release(place.address); // no session came of it
            }
        }
    }
}
