package dev.facecall.signaling.boundary;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/**
 * An upgraded connection's input as the WebSocket container reads it, with {@link FrameLimit}
 * applied: bytes pass through in place (unmasked, their masking keys taken out), and a frame announcing more than the limit becomes a close
 * with 1009 before its payload is read. Once it has, what the client still sends is read and
 * dropped, so that the container buffers nothing more of it.
 *
 * <p>One read hands on at most {@value #MAX_READ} bytes: with an unfinished frame of at most the
 * limit before them, the container's buffer never holds more than twice the limit
 * ({@code WEB-INF/web.xml} sets Tyrus's to that), however much a client sends at once.
 */
final class FrameLimitedInput extends ServletInputStream {

    static final int MAX_READ = 65_536;

    private final ServletInputStream input;
    private final FrameLimit limit;
    private byte[] drain; // made only once a frame was stopped: an idle connection costs no more than its limit
    private volatile boolean ended;

    FrameLimitedInput(ServletInputStream input, long maxPayload) {
        this.input = input;
        this.limit = new FrameLimit(maxPayload);
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (limit.stopped()) {
            if (drain == null) {
                drain = new byte[8192];
            }
            int drained;
            do {
                drained = input.isReady() ? input.read(drain) : 0;
            } while (drained > 0); // the client's frame is not wanted: nothing of it is kept
            ended |= drained < 0;
            return 0;
        }
        int held = limit.held();
        if (length <= held) {
            return 0; // no room for a held header and more: the container asks again with more
        }
        int read = input.read(bytes, offset + held, Math.min(length, MAX_READ) - held);
        if (read < 0) {
            ended = true;
            return read;
        }
        limit.restoreHeld(bytes, offset);
        return limit.pass(bytes, offset, held + read);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read;
        do {
            read = read(one, 0, 1);
        } while (read == 0 && isReady());
        return read <= 0 ? -1 : one[0] & 0xFF;
    }

    /**
     * Whether the client will send nothing more: its close frame has been read, or the end of its
     * stream. A client whose oversize frame was stopped is not done: it may still be sending it.
     */
    boolean clientDone() {
        return limit.closeRead() || ended;
    }

    @Override
    public int available() throws IOException {
        return limit.stopped() ? 0 : input.available() + limit.held();
    }

    @Override
    public boolean isFinished() {
        return input.isFinished();
    }

    @Override
    public boolean isReady() {
        return !limit.stopped() && input.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        input.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
