package dev.facecall.signaling.boundary;

import java.util.Set;

/**
 * Which web origins may open the signaling socket: those of the allow-list, or, when it is empty,
 * only the server's own (the request's scheme and {@code Host}: {@code http://localhost:8080} and
 * {@code http://127.0.0.1:8080} are different origins). {@code Origin: null} never matches.
 */
record OriginPolicy(Set<String> allowList) {

    boolean allows(String origin, String scheme, String host) {
        if (!allowList.isEmpty()) {
            return allowList.contains(origin);
        }
        return host != null && origin.equalsIgnoreCase(scheme + "://" + host);
    }
}
