/**
 * What the outside world touches: the WebSocket endpoint at {@code /signal}, its JSON codecs, the
 * per-session writer, keepalive, and the settings read from MicroProfile Config. It turns sessions
 * into {@link dev.facecall.signaling.control.Link}s and frames into messages, then delegates.
 */
package dev.facecall.signaling.boundary;
