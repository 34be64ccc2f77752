package dev.facecall.bench;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A WebSocket's outgoing frames, sent in order from any thread: the JDK refuses a second
 * {@code sendText} before the first completes, so one frame is in flight and the rest wait here.
 */
final class SendQueue {

    /** The place of a Close frame (1000) in the queue, compared by identity. */
    private static final String CLOSE_FRAME = new String("close");

    private final ConcurrentLinkedQueue<String> frames = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final Consumer<Throwable> onFailure;
    private volatile WebSocket ws;

    SendQueue(Consumer<Throwable> onFailure) {
        this.onFailure = onFailure;
    }

    /** The socket to send on, once open; what was queued before goes out now. */
    void attach(WebSocket socket) {
        ws = socket;
        pump();
    }

    void text(String frame) {
        frames.add(frame);
        pump();
    }

    /** A Close frame after everything queued before it. */
    void close() {
        text(CLOSE_FRAME);
    }

    private void pump() {
        while (!frames.isEmpty() && sending.compareAndSet(false, true)) {
            WebSocket w = ws;
            if (w == null) {
                sending.set(false);
                return;
            }
            String frame = frames.poll();
            if (frame == null) {
                sending.set(false);
                continue;
            }
            CompletableFuture<WebSocket> sent;
            try {
                sent = frame == CLOSE_FRAME ? w.sendClose(WebSocket.NORMAL_CLOSURE, "") : w.sendText(frame, true);
            } catch (RuntimeException e) {
                onFailure.accept(e);
                sending.set(false);
                continue;
            }
            if (sent.isDone()) {
                sent.exceptionally(e -> {
                    onFailure.accept(e);
                    return null;
                });
                sending.set(false);
                continue;
            }
            sent.whenComplete((x, e) -> {
                if (e != null) {
                    onFailure.accept(e);
                }
                sending.set(false);
                pump();
            });
            return;
        }
    }
}
