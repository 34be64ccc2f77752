package dev.facecall.signaling.boundary;

import dev.facecall.signaling.control.Settings;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.tyrus.servlet.TyrusHttpUpgradeHandler;

/**
 * Tyrus's handler of an upgraded connection, reading it through {@link FrameLimitedInput}, and
 * closing its TCP connection before the container ends the upgrade ({@link GrizzlyConnection}).
 */
public class FrameLimitedTyrusHandler extends TyrusHttpUpgradeHandler {

    private static final AtomicLong UPGRADES = new AtomicLong();

    @Override
    public void init(WebConnection connection) {
        UPGRADES.incrementAndGet();
        super.init(new Limited(connection));
    }

    /** The container's connection, its input read through the limit. */
    private static final class Limited implements WebConnection {

        private final WebConnection wrapped;
        private final Runnable cutConnection;
        private ServletInputStream input;

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
            cutConnection.run();
            wrapped.close();
        }
    }

    /** How many connections have been read through the limit. */
    static long upgrades() {
        return UPGRADES.get();
    }
}
