package dev.facecall.signaling.boundary;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * An HTTP request as its client made it: the scheme and host the client addressed, and the client's
 * own address. Behind a trusted proxy these come from the proxy's {@code Forwarded} header (RFC
 * 7239) or, without one, its {@code X-Forwarded-For}, {@code -Proto} and {@code -Host}; from anyone
 * else those headers are ignored, since any client can send them.
 *
 * @param scheme {@code http} or {@code https}
 * @param host the host and port the client addressed, as in a {@code Host} header; null if none
 * @param address the client's IP address, as {@link Addresses#normal} writes it
 */
record ClientRequest(String scheme, String host, String address) {

    /** The origin of the server as this client addresses it, e.g. {@code https://chat.example.org}. */
    String ownOrigin() {
        return host == null ? null : scheme + "://" + host;
    }

    /**
     * @param header a request header by name, or null when absent (several values joined by commas)
     * @param trustedProxies addresses (in {@link Addresses#normal} form) whose forwarded headers are believed
     */
    static ClientRequest of(String scheme, String remoteAddress, Function<String, String> header,
            Set<String> trustedProxies) {
        String peer = Addresses.normal(remoteAddress);
        ClientRequest direct = new ClientRequest(scheme.toLowerCase(Locale.ROOT), header.apply("Host"), peer);
        if (!trustedProxies.contains(peer)) {
            return direct;
        }
        String forwarded = header.apply("Forwarded");
        if (forwarded != null) {
            return throughForwarded(direct, forwarded, trustedProxies);
        }
        return throughXForwarded(direct, header, trustedProxies);
    }

    private static ClientRequest throughForwarded(ClientRequest direct, String header, Set<String> trustedProxies) {
        List<ForwardedElement> hops = ForwardedElement.parse(header);
        String address = direct.address;
        ForwardedElement clientFacing = null;
        for (int i = hops.size() - 1; i >= 0; i--) {
            ForwardedElement hop = hops.get(i);
            clientFacing = hop;
            if (hop.forAddress() == null) {
                break;
            }
            address = hop.forAddress();
            if (!trustedProxies.contains(address)) {
                break;
            }
        }
        if (clientFacing == null) {
            return direct;
        }
        return new ClientRequest(
                clientFacing.proto() != null ? clientFacing.proto().toLowerCase(Locale.ROOT) : direct.scheme,
                clientFacing.host() != null ? clientFacing.host() : direct.host,
                address);
    }

    private static ClientRequest throughXForwarded(ClientRequest direct, Function<String, String> header,
            Set<String> trustedProxies) {
        String address = direct.address;
        String forwardedFor = header.apply("X-Forwarded-For");
        if (forwardedFor != null) {
            List<String> hops = List.of(forwardedFor.split(","));
            for (int i = hops.size() - 1; i >= 0; i--) {
                String hop = Addresses.normal(hops.get(i).strip());
                if (hop == null) {
                    break;
                }
                address = hop;
                if (!trustedProxies.contains(hop)) {
                    break;
                }
            }
        }
        String proto = firstOf(header.apply("X-Forwarded-Proto"));
        String host = firstOf(header.apply("X-Forwarded-Host"));
        return new ClientRequest(
                proto != null ? proto.toLowerCase(Locale.ROOT) : direct.scheme,
                host != null ? host : direct.host,
                address);
    }

    private static String firstOf(String values) {
        if (values == null) {
            return null;
        }
        String first = values.split(",", 2)[0].strip();
        return first.isEmpty() ? null : first;
    }
}
