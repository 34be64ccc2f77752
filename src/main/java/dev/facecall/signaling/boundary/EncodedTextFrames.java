package dev.facecall.signaling.boundary;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;

/**
 * Sends text frames on Tyrus (Payara's and GlassFish's WebSocket container) as bytes framed here,
 * handed to the connection's writer; elsewhere, and whenever that writer cannot be reached, through
 * {@code getAsyncRemote().sendText}.
 *
 * <p>Why: Tyrus encodes every outgoing text to UTF-8 character by character into a buffer three
 * times the frame, then copies it into the frame: 9 % of the server's CPU in a relay, the largest
 * single cost of a join storm. The JDK's own {@code String.getBytes(UTF_8)} copies an ASCII text in
 * one pass. And the same presence goes to every user who heard the same changes: its frame is made
 * once and its bytes shared (each send reads them through its own buffer; nothing writes them).
 *
 * <p>A server's frame is unmasked: FIN and the text opcode, the payload's length in 7, 16 or 64
 * bits, the payload (RFC 6455, 5.2). No extension is negotiated on {@code /signal}, so none applies.
 * The frames go to the same writer Tyrus writes its own frames (pings, closes, pongs) to, which
 * queues and orders them; {@link SessionLink} keeps one of ours in flight at a time.
 */
final class EncodedTextFrames {

    private static final System.Logger LOG = System.getLogger(EncodedTextFrames.class.getName());
    /** From the session's async remote endpoint to the connection's writer. */
    private static final String[] PATH = {
        "webSocket", // Tyrus: the remote endpoint's web socket
        "protocolHandler", // Tyrus: its framing
        "writer", // Tyrus: the container's writer (on Payara TyrusServletWriter)
    };
    private static final AtomicLong SENT = new AtomicLong();
    private static volatile boolean unavailable;
    /** The last frame made: a presence round sends one text to many users in a row. */
    private static volatile Encoded last;

    private record Encoded(String text, byte[] frame) {}

    /** Sends one text frame, reporting to {@code handler} once it has left or failed. */
    interface Sender {
        void send(String text, SendHandler handler);
    }

    private EncodedTextFrames() {
    }

    /** Whether frames are being sent as bytes framed here: at least one was, and nothing failed. */
    static boolean inEffect() {
        return !unavailable && SENT.get() > 0;
    }

    static Sender senderFor(Session session) {
        Sender container = (text, handler) -> session.getAsyncRemote().sendText(text, handler);
        if (unavailable || !session.getClass().getName().startsWith("org.glassfish.tyrus.")) {
            return container;
        }
        try {
            return new Framing(session, container);
        } catch (LinkageError e) {
            unavailable = true;
            LOG.log(Level.WARNING, "cannot frame texts for Tyrus''s writer; Tyrus encodes them: {0}", e.toString());
            return container;
        }
    }

    private static final class Framing implements Sender {

        private final Session session;
        private final Sender container;
        private Writer writer;

        Framing(Session session, Sender container) {
            this.session = session;
            this.container = container;
        }

        @Override
        public void send(String text, SendHandler handler) {
            Writer to = writer();
            if (to == null) {
                container.send(text, handler);
                return;
            }
            SENT.incrementAndGet();
            to.write(ByteBuffer.wrap(frame(text)), new CompletionHandler<>() {
                @Override
                public void completed(ByteBuffer result) {
                    handler.onResult(new SendResult());
                }

                @Override
                public void failed(Throwable error) {
                    handler.onResult(new SendResult(error));
                }

                @Override
                public void cancelled() {
                    handler.onResult(new SendResult(new IllegalStateException("send cancelled")));
                }
            });
        }

        /** The connection's writer, or null while it is not set, or where it cannot be reached. */
        private Writer writer() {
            if (writer == null && !unavailable) {
                try {
                    writer = (Writer) PrivateFields.follow(session.getAsyncRemote(), PATH);
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    unavailable = true;
                    LOG.log(Level.WARNING, "cannot reach Tyrus''s writer; Tyrus encodes every text: {0}", e.toString());
                }
            }
            return unavailable ? null : writer;
        }
    }

    /** The whole frame of {@code text}, made once for a text sent to many in a row. */
    static byte[] frame(String text) {
        Encoded known = last;
        if (known != null && known.text() == text) {
            return known.frame();
        }
        byte[] frame = frameOf(text.getBytes(StandardCharsets.UTF_8));
        last = new Encoded(text, frame);
        return frame;
    }

    private static byte[] frameOf(byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) 0x81; // FIN, text
        if (header == 2) {
            frame[1] = (byte) length;
        } else if (header == 4) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, length);
        return frame;
    }
}
