package dev.facecall.signaling.boundary;

import dev.facecall.signaling.control.Settings;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.tyrus.core.CloseReasons;
import org.glassfish.tyrus.servlet.TyrusHttpUpgradeHandler;
import org.glassfish.tyrus.spi.Connection;

/**
 * Tyrus's handler of an upgraded connection, reading it through {@link FrameLimitedInput}, and
 * closing its TCP connection before the container ends the upgrade ({@link GrizzlyConnection}).
 *
 * <p>Its reads skip a layer of Tyrus's: for every read, Tyrus's handler formatted a log line
 * whether or not it was logged ({@code String.format}, with a new {@code DecimalFormatSymbols}) and
 * copied the bytes read into a new array and then into a buffer of its own, which Tyrus's frame
 * reader copies once more, keeping what it cannot use yet. Here the bytes are read into an array
 * that the thread reuses and handed to the frame reader directly (docs/performance.md). Where
 * Tyrus's fields are not as expected (another version), its own reads run.
 */
public class FrameLimitedTyrusHandler extends TyrusHttpUpgradeHandler {

    private static final System.Logger LOG = System.getLogger(FrameLimitedTyrusHandler.class.getName());
    private static final AtomicLong UPGRADES = new AtomicLong();
    private static final TyrusFields TYRUS = TyrusFields.find();
    /** One read at most, the frame limit's held header included; the frame reader copies what it keeps. */
    private static final ThreadLocal<byte[]> READ = ThreadLocal.withInitial(() -> new byte[FrameLimitedInput.MAX_READ]);

    private static volatile boolean readDirectly;

    private volatile Limited limited;

    @Override
    public void init(WebConnection connection) {
        UPGRADES.incrementAndGet();
        limited = new Limited(connection);
        super.init(limited);
    }

    @Override
    public void onDataAvailable() {
        Limited connection = limited;
        if (TYRUS == null || connection == null) {
            super.onDataAvailable();
            return;
        }
        Connection tyrus;
        try {
            ((CountDownLatch) TYRUS.latch.get(this)).await(); // Tyrus's connection is made in init
            tyrus = (Connection) TYRUS.connection.get(this);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            ServletInputStream input = connection.getInputStream();
            byte[] bytes = READ.get();
            do {
                int read = input.read(bytes, 0, bytes.length);
                if (read < 0) {
                    return; // the client's end of the stream: the container calls onAllDataRead
                }
                if (read > 0) {
                    tyrus.getReadHandler().handle(ByteBuffer.wrap(bytes, 0, read));
                    if (!readDirectly) {
                        readDirectly = true;
                    }
                }
            } while (!(boolean) TYRUS.closed.getVolatile(this) && input.isReady());
        } catch (IOException e) {
            tyrus.close(CloseReasons.CANNOT_ACCEPT.getCloseReason());
        }
    }

    /** The private fields of Tyrus's handler that its read path uses, or null where they are not there. */
    private record TyrusFields(VarHandle latch, VarHandle connection, VarHandle closed) {

        static TyrusFields find() {
            try {
                MethodHandles.Lookup tyrus = MethodHandles.privateLookupIn(TyrusHttpUpgradeHandler.class, MethodHandles.lookup());
                return new TyrusFields(
                        tyrus.findVarHandle(TyrusHttpUpgradeHandler.class, "connectionLatch", CountDownLatch.class),
                        tyrus.findVarHandle(TyrusHttpUpgradeHandler.class, "connection", Connection.class),
                        tyrus.findVarHandle(TyrusHttpUpgradeHandler.class, "closed", boolean.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.INFO, "Tyrus reads its connections itself, not as fast: {0}", e.toString());
                return null;
            }
        }
    }

    /**
     * The container's connection, its input read through the limit. Tyrus closes it once its close
     * frame has left. When the client started the close, its close frame has been read by then, and
     * the connection goes at once. When the server did (the 1009 for an oversize frame among these,
     * though it reaches Tyrus as the client's close: that client is likely still sending the frame),
     * the client's answer is still to come, and
     * it would be read as a new HTTP request once the container has ended the upgrade
     * ({@link GrizzlyConnection}); cut at once instead, a client still sending would get a reset,
     * and might lose our close frame with it. So the connection waits for that answer, which Tyrus
     * reads (dropping it, and whatever else came first) and then closes the connection again, or at
     * most {@link #ANSWER_WAIT}.
     */
    private static final class Limited implements WebConnection {

        private static final Duration ANSWER_WAIT = Duration.ofSeconds(2);
        private final WebConnection wrapped;
        private final Runnable cutConnection;
        private final AtomicBoolean waiting = new AtomicBoolean();
        private final AtomicBoolean ended = new AtomicBoolean();
        private FrameLimitedInput input;

        Limited(WebConnection wrapped) {
            this.wrapped = wrapped;
            this.cutConnection = GrizzlyConnection.upgraded(wrapped);
        }

        @Override
        public synchronized ServletInputStream getInputStream() throws IOException {
            if (input == null) {
                input = new FrameLimitedInput(wrapped.getInputStream(), Settings.MAX_MESSAGE_BYTES);
            }
            return input;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            return wrapped.getOutputStream();
        }

        @Override
        public void close() throws Exception {
            if (!clientDone() && waiting.compareAndSet(false, true)) {
                CompletableFuture.delayedExecutor(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS).execute(this::endLate);
                return;
            }
            end();
        }

        private synchronized boolean clientDone() {
            return input != null && input.clientDone();
        }

        private void end() throws Exception {
            if (ended.compareAndSet(false, true)) {
                cutConnection.run();
                wrapped.close();
            }
        }

        private void endLate() {
            try {
                end();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "closing a connection whose client did not answer our close failed: {0}", e.toString());
            }
        }
    }

    /** Whether reads skip Tyrus's copies: at least one did. */
    static boolean readsDirectly() {
        return readDirectly;
    }

    /** How many connections have been read through the limit. */
    static long upgrades() {
        return UPGRADES.get();
    }
}
