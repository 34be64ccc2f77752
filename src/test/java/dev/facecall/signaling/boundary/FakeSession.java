package dev.facecall.signaling.boundary;

import jakarta.json.Json;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * A WebSocket session that records what is written ({@code text <message>}, {@code ping},
 * {@code close <code>}) and completes sends only when told to, as a network whose peer reads when
 * the test says so.
 */
final class FakeSession {

    final List<String> written = Collections.synchronizedList(new ArrayList<>());
    final Queue<SendHandler> inFlight = new ArrayDeque<>();
    final Map<String, Object> userProperties = new HashMap<>();
    /** Runs inside {@code close}, as a container runs the endpoint's {@code @OnClose} there. */
    Runnable onClose = () -> { };
    /** Thrown by {@code getId} and {@code sendPing}, as by a session the container has let go of; null: none. */
    RuntimeException idFails;
    private boolean open = true;

    void completeOne() {
        SendHandler handler = inFlight.poll();
        if (handler != null) {
            handler.onResult(new SendResult());
        }
    }

    void completeAll() {
        while (!inFlight.isEmpty()) {
            completeOne();
        }
    }

    /** The next send in flight fails, as a write to a socket whose peer is gone. */
    void failOne() {
        SendHandler handler = inFlight.poll();
        if (handler != null) {
            handler.onResult(new SendResult(new java.io.IOException("connection reset")));
        }
    }

    Session proxy() {
        RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {RemoteEndpoint.Async.class},
                (self, method, args) -> switch (method.getName()) {
                    case "sendText" -> {
                        written.add("text " + Json.createReader(new StringReader((String) args[0])).readObject()
                                .getString("message", "?"));
                        inFlight.add((SendHandler) args[1]);
                        yield null;
                    }
                    case "sendPing" -> {
                        if (idFails != null) {
                            throw idFails;
                        }
                        written.add("ping");
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (Session) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Session.class},
                (self, method, args) -> switch (method.getName()) {
                    case "getAsyncRemote" -> remote;
                    case "getId" -> {
                        if (idFails != null) {
                            throw idFails;
                        }
                        yield "s1";
                    }
                    case "getUserProperties" -> userProperties;
                    case "setMaxIdleTimeout" -> null;
                    case "isOpen" -> open;
                    case "close" -> {
                        written.add("close " + ((CloseReason) args[0]).getCloseCode().getCode());
                        open = false;
                        onClose.run();
                        yield null;
                    }
                    case "toString" -> "fake session";
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
