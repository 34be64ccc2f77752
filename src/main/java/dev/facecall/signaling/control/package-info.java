/**
 * The rules of signaling, in plain Java: who may log in under which name, who may call whom, what
 * is relayed to whom, and who hears of which change. Nothing here imports {@code jakarta.websocket};
 * a connection is only a {@link dev.facecall.signaling.control.Link}, so unit tests drive the
 * rules with links of their own.
 */
package dev.facecall.signaling.control;
