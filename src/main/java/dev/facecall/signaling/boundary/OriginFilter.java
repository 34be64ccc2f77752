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

/**
 * Refuses WebSocket handshakes from web pages of other origins with 403, before the upgrade: a
 * page elsewhere must not be able to log a visitor's browser in here. A request without
 * {@code Origin} is not from a browser and passes. By default the only allowed origin is the
 * server's own (the request's scheme and {@code Host}); {@code facecall.allowed-origins} replaces it.
 */
@WebFilter(urlPatterns = "/signal", asyncSupported = true)
public class OriginFilter extends HttpFilter {

    private static final System.Logger LOG = System.getLogger(OriginFilter.class.getName());

    @Inject
    Configuration configuration;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (origin != null && !configuration.originPolicy().allows(origin, request.getScheme(), request.getHeader("Host"))) {
            LOG.log(Level.INFO, "refused a handshake from origin {0} at {1}", origin, request.getRemoteAddr());
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "origin not allowed");
            return;
        }
        chain.doFilter(request, response);
    }
}
