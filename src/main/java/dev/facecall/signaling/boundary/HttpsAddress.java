package dev.facecall.signaling.boundary;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where browsers reach this server over HTTPS, when it serves HTTPS: the host the client addressed
 * (behind a trusted proxy, the host it forwards), at {@code facecall.https-port}. Browsers give a
 * camera only to secure pages, and a plain-HTTP page is one only on this machine's own
 * {@code localhost}; so a plain-HTTP request from another machine is sent there, and a page
 * that is not secure all the same (say, behind a proxy that forwards plain HTTP) can link there.
 *
 * @param port the HTTPS port browsers use; 0: this server serves no HTTPS
 */
record HttpsAddress(int port) {

    /** A host name or an IPv4 literal, or an IPv6 literal in brackets: nothing else is echoed into a URL. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]");

    /** The application's HTTPS address for {@code client}, e.g. {@code https://192.168.1.20:8443/}. */
    Optional<String> page(ClientRequest client, String contextPath) {
        return origin(client).map(origin -> origin + contextPath + "/");
    }

    /**
     * Where a plain-HTTP request from another machine is sent instead: the same path and query
     * over HTTPS. None when this server serves no HTTPS, for requests made over HTTPS (the scheme
     * a trusted proxy forwards counts), and for requests from this machine, which may go on using
     * {@code http://localhost}.
     *
     * @param pathAndQuery the request's path from the root, with its query, as the client sent them
     */
    Optional<String> redirect(ClientRequest client, String pathAndQuery) {
        if (!"http".equals(client.scheme()) || isLoopback(client.address())) {
            return Optional.empty();
        }
        return origin(client).map(origin -> origin + pathAndQuery);
    }

    private Optional<String> origin(ClientRequest client) {
        if (port == 0 || client.host() == null) {
            return Optional.empty();
        }
        String host = withoutPort(client.host());
        if (!HOST.matcher(host).matches()) {
            return Optional.empty();
        }
        return Optional.of("https://" + host + (port == 443 ? "" : ":" + port));
    }

    private static String withoutPort(String host) {
        int colon = host.lastIndexOf(':');
        return colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
    }

    /** {@code address} is a literal in {@link Addresses#normal} form (no DNS); null: unknown, so not loopback. */
    private static boolean isLoopback(String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
