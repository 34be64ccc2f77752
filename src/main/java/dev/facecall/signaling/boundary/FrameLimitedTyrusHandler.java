package dev.facecall.signaling.boundary;

import dev.facecall.signaling.control.Settings;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.tyrus.servlet.TyrusHttpUpgradeHandler;

/**
 * Tyrus's handler of an upgraded connection, reading it through {@link FrameLimitedInput}, and
 * closing its TCP connection before the container ends the upgrade ({@link GrizzlyConnection}).
 */
public class FrameLimitedTyrusHandler extends TyrusHttpUpgradeHandler {

    private static final System.Logger LOG = System.getLogger(FrameLimitedTyrusHandler.class.getName());
    private static final AtomicLong UPGRADES = new AtomicLong();

    @Override
    public void init(WebConnection connection) {
        UPGRADES.incrementAndGet();
        super.init(new Limited(connection));
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
            this.cutConnection = GrizzlyConnection.closer(wrapped);
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

    /** How many connections have been read through the limit. */
    static long upgrades() {
        return UPGRADES.get();
    }
}
