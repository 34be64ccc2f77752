/**
 * What the outside world touches: the WebSocket endpoint at {@code /signal} and the one door it
 * talks to ({@code Signaling}), the per-session writer and keepalive, the handshake's checks
 * (host, origin, connections per address, the frame limit as bytes are read), the page's response
 * headers, where HTTPS is ({@code GET https-address}, and the redirect of plain HTTP from other
 * machines), readiness, and the settings read from MicroProfile Config. It turns sessions into
 * {@link dev.facecall.signaling.control.Link}s and frames into messages, then delegates.
 */
package dev.facecall.signaling.boundary;
