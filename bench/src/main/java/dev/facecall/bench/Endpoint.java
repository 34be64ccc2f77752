package dev.facecall.bench;

import java.net.URI;

/** Where the clients connect, with which {@code Origin} header ("" for none), and how long a login may take. */
record Endpoint(URI uri, String origin, double loginTimeoutSec) {

    /** The origin the server's default allow-list accepts: the URL's own ({@code http://host:port}). */
    static String originOf(URI uri) {
        return ("wss".equalsIgnoreCase(uri.getScheme()) ? "https://" : "http://") + uri.getRawAuthority();
    }
}
