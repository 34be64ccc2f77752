package dev.facecall.signaling.boundary;

import java.util.Locale;
import java.util.Set;

/**
 * Under which host names the server answers, and which web pages may open the signaling socket.
 *
 * @param allowedOrigins origins whose pages may open {@code /signal}; empty: only the server's own
 *                       origin, as its client addressed it ({@link ClientRequest#ownOrigin()}), so
 *                       that {@code http://localhost:8080} and {@code http://127.0.0.1:8080} differ
 * @param allowedHosts the host names (optionally with a port) the server answers to; empty: any. A
 *                     page served under a name the operator did not list (DNS rebinding: a stranger's
 *                     name pointed at this server) is refused, although it is its own origin
 */
record OriginPolicy(Set<String> allowedOrigins, Set<String> allowedHosts) {

    boolean hostAllowed(String host) {
        if (allowedHosts.isEmpty()) {
            return true;
        }
        if (host == null) {
            return false;
        }
        String addressed = host.toLowerCase(Locale.ROOT);
        return allowedHosts.contains(addressed) || allowedHosts.contains(withoutPort(addressed));
    }

    /** {@code Origin: null} (a sandboxed or file page) never matches. */
    boolean originAllowed(String origin, ClientRequest request) {
        if (!allowedOrigins.isEmpty()) {
            return allowedOrigins.contains(origin);
        }
        return request.ownOrigin() != null && origin.equalsIgnoreCase(request.ownOrigin());
    }

    private static String withoutPort(String host) {
        int colon = host.lastIndexOf(':');
        return colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
    }
}
