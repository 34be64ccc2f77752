package dev.facecall.signaling.boundary;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads the WebSocket frames a client sends as their bytes pass by, and stops a frame whose header
 * announces more than {@code maxPayload} bytes before any of its payload is read: the container
 * would otherwise buffer the whole frame before the endpoint's size limit is checked (Tyrus: up to
 * its incoming buffer, 4 MiB by default, for each connection).
 *
 * <p>Such a frame is replaced, where its header stood, by a close frame with 1009 from the client
 * (RFC 6455 §5.5.1, masked with a zero key); the container answers it as the RFC requires, with its
 * own close frame carrying 1009, and the endpoint hears a close with 1009. Nothing after it is
 * passed on.
 *
 * <p>{@link #pass} works in place on the bytes just read: it returns how many of them to hand on.
 * The bytes of a header that is not complete yet are held back until it is (at most 14), so that
 * the container never holds part of a header that is then replaced.
 *
 * <p>It also unmasks what it passes on: each frame goes on without its masking key, its payload
 * XORed here eight bytes at a time, and its mask bit cleared. Tyrus unmasks byte by byte with a
 * division for each (13 % of the server's CPU samples in a relay), and skips a frame that is not
 * masked; the mask of a client's frame protects proxies on the way, not the server, which may
 * unmask it wherever it likes.
 */
final class FrameLimit {

    /** A close frame from the client with 1009, masked with a zero key. */
    static final byte[] CLOSE_TOO_BIG = {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xF1};
    private static final int MAX_HEAD = 14;
    private static final int OPCODE_CLOSE = 0x8;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final long maxPayload;
    private final byte[] held = new byte[MAX_HEAD];
    private final byte[] key = new byte[4];
    private int heldLength;
    private long payloadLeft;
    private int keyPhase;
    private long keyLong;
    private boolean stopped;
    private volatile boolean closeRead;

    FrameLimit(long maxPayload) {
        this.maxPayload = maxPayload;
    }

    /** Whether an oversize frame has been stopped: nothing more is to be passed on. */
    boolean stopped() {
        return stopped;
    }

    /**
     * Whether the client's own close frame has been passed on: it sends nothing more. Not so for the
     * 1009 put in place of an oversize frame, whose client is likely still sending that frame.
     */
    boolean closeRead() {
        return closeRead;
    }

    /** How many header bytes are held back, waiting for the rest of their header. */
    int held() {
        return heldLength;
    }

    /**
     * Puts the held header bytes at {@code start} of {@code bytes}, where the caller left room for
     * them before the bytes it read; returns how many.
     */
    int restoreHeld(byte[] bytes, int start) {
        System.arraycopy(held, 0, bytes, start, heldLength);
        int restored = heldLength;
        heldLength = 0;
        return restored;
    }

    /**
     * Looks at {@code length} bytes from {@code start} (the held bytes restored in front): returns
     * how many of them, from {@code start}, to pass on; bytes of an unfinished header at the end are
     * held back, and an oversize frame's header is replaced by {@link #CLOSE_TOO_BIG}.
     */
    int pass(byte[] bytes, int start, int length) {
        int end = start + length;
        int at = start; // where the next byte is read
        int out = start; // where it goes: behind, by the masking keys taken out so far
        while (at < end) {
            if (payloadLeft > 0) {
                int count = (int) Math.min(payloadLeft, end - at);
                unmask(bytes, at, out, count);
                payloadLeft -= count;
                at += count;
                out += count;
                continue;
            }
            int headLength = headLength(bytes, at, end);
            if (headLength < 0 || at + headLength > end) {
                heldLength = end - at;
                System.arraycopy(bytes, at, held, 0, heldLength);
                return out - start;
            }
            long payload = payloadLength(bytes, at);
            if (payload > maxPayload) {
                System.arraycopy(CLOSE_TOO_BIG, 0, bytes, out, CLOSE_TOO_BIG.length);
                stopped = true;
                return out - start + CLOSE_TOO_BIG.length;
            }
            if ((bytes[at] & 0x0F) == OPCODE_CLOSE) {
                closeRead = true;
            }
            boolean masked = (bytes[at + 1] & 0x80) != 0;
            int keptLength = masked ? headLength - 4 : headLength;
            if (masked) {
                System.arraycopy(bytes, at + keptLength, key, 0, 4);
            } else {
                Arrays.fill(key, (byte) 0);
            }
            long word = (key[0] & 0xFF) | (key[1] & 0xFF) << 8 | (key[2] & 0xFF) << 16 | (long) (key[3] & 0xFF) << 24;
            keyLong = word | word << 32; // the key twice, as LONGS reads eight bytes
            keyPhase = 0;
            System.arraycopy(bytes, at, bytes, out, keptLength);
            bytes[out + 1] &= 0x7F;
            payloadLeft = payload;
            at += headLength;
            out += keptLength;
        }
        return out - start;
    }

    /**
     * Unmasks {@code count} payload bytes from {@code from} to {@code to} (not after it: the bytes
     * move towards the start, never over one not read yet), going on from where the frame's last
     * read left its key.
     */
    private void unmask(byte[] bytes, int from, int to, int count) {
        int i = 0;
        for (; i < count && (keyPhase & 3) != 0; i++, keyPhase++) {
            bytes[to + i] = (byte) (bytes[from + i] ^ key[keyPhase & 3]);
        }
        for (; i + 8 <= count; i += 8) {
            LONGS.set(bytes, to + i, (long) LONGS.get(bytes, from + i) ^ keyLong);
        }
        for (; i < count; i++, keyPhase++) {
            bytes[to + i] = (byte) (bytes[from + i] ^ key[keyPhase & 3]);
        }
    }

    /** The length of the header at {@code at}, or -1 while its second byte has not come. */
    private static int headLength(byte[] bytes, int at, int end) {
        if (end - at < 2) {
            return -1;
        }
        int second = bytes[at + 1] & 0xFF;
        int lengthCode = second & 0x7F;
        int extended = lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0;
        int mask = (second & 0x80) != 0 ? 4 : 0;
        return 2 + extended + mask;
    }

    /** The payload length the complete header at {@code at} announces (a 64-bit length may read as negative: huge). */
    private static long payloadLength(byte[] bytes, int at) {
        int lengthCode = bytes[at + 1] & 0x7F;
        if (lengthCode < 126) {
            return lengthCode;
        }
        int count = lengthCode == 126 ? 2 : 8;
        long length = 0;
        for (int i = 0; i < count; i++) {
            length = (length << 8) | (bytes[at + 2 + i] & 0xFF);
        }
        return length < 0 ? Long.MAX_VALUE : length;
    }
}
