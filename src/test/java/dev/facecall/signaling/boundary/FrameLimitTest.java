package dev.facecall.signaling.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the container reads through the limit: the client's frames unmasked, without their keys,
 * however the bytes are split into reads; an oversize frame stopped at its header.
 */
class FrameLimitTest {

    private static final int MAX = 65_536;

    @Test
    void aMaskedFrameGoesOnUnmaskedWithoutItsKey() {
        byte[] text = "{\"type\":\"signal\",\"data\":{\"candidate\":\"x\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] key = {0x11, 0x22, 0x33, 0x44};
        assertArrayEquals(unmasked(0x81, text), readInPieces(masked(0x81, text, key), new int[] {1 << 20}));
    }

    @Test
    void framesOfEveryLengthSplitAnywhereComeOutTheSame() {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (int frame = 0; frame < 1 + random.nextInt(5); frame++) {
                int length = new int[] {0, 1, 7, 125, 126, 200, 65_535, 65_536}[random.nextInt(8)] + (round % 3 == 0 ? 0 : random.nextInt(5));
                length = Math.min(length, MAX);
                byte[] payload = new byte[length];
                random.nextBytes(payload);
                byte[] key = new byte[4];
                random.nextBytes(key);
                int first = random.nextBoolean() ? 0x81 : 0x89; // a text, or a ping
                sent.writeBytes(masked(first, payload, key));
                expected.writeBytes(unmasked(first, payload));
            }
            int[] pieces = new int[1 + random.nextInt(8)];
            for (int i = 0; i < pieces.length; i++) {
                pieces[i] = 1 + random.nextInt(random.nextBoolean() ? 16 : 70_000);
            }
            assertArrayEquals(expected.toByteArray(), readInPieces(sent.toByteArray(), pieces), "round " + round);
        }
    }

    @Test
    void anOversizeFrameBecomesACloseWith1009AndNothingAfterIt() {
        byte[] small = masked(0x81, "hi".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3, 4});
        byte[] big = {(byte) 0x81, (byte) 0xFF, 0, 0, 0, 0, 0, 1, 0, 1, 9, 9, 9, 9, 5, 5, 5};
        byte[] stream = Arrays.copyOf(small, small.length + big.length);
        System.arraycopy(big, 0, stream, small.length, big.length);
        FrameLimit limit = new FrameLimit(MAX);
        int passed = limit.pass(stream, 0, stream.length);
        byte[] expected = unmasked(0x81, "hi".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(expected, Arrays.copyOf(stream, expected.length));
        assertArrayEquals(FrameLimit.CLOSE_TOO_BIG, Arrays.copyOfRange(stream, expected.length, passed));
        assertTrue(limit.stopped());
    }

    /** Reads {@code stream} through a limit as FrameLimitedInput does, in reads of the given sizes, repeated. */
    private static byte[] readInPieces(byte[] stream, int[] pieces) {
        FrameLimit limit = new FrameLimit(MAX);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[200_000];
        int offset = 0;
        for (int i = 0; offset < stream.length; i++) {
            int held = limit.held();
            int read = Math.min(pieces[i % pieces.length], stream.length - offset);
            System.arraycopy(stream, offset, buffer, 3 + held, read);
            offset += read;
            limit.restoreHeld(buffer, 3);
            int passed = limit.pass(buffer, 3, held + read);
            out.write(buffer, 3, passed);
        }
        assertEquals(0, limit.held());
        return out.toByteArray();
    }

    private static byte[] masked(int first, byte[] payload, byte[] key) {
        byte[] head = head(first, payload.length, true);
        byte[] frame = Arrays.copyOf(head, head.length + 4 + payload.length);
        System.arraycopy(key, 0, frame, head.length, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[head.length + 4 + i] = (byte) (payload[i] ^ key[i % 4]);
        }
        return frame;
    }

    private static byte[] unmasked(int first, byte[] payload) {
        byte[] head = head(first, payload.length, false);
        byte[] frame = Arrays.copyOf(head, head.length + payload.length);
        System.arraycopy(payload, 0, frame, head.length, payload.length);
        return frame;
    }

    private static byte[] head(int first, int length, boolean mask) {
        int maskBit = mask ? 0x80 : 0;
        if (length < 126) {
            return new byte[] {(byte) first, (byte) (maskBit | length)};
        }
        if (length <= 0xFFFF) {
            return new byte[] {(byte) first, (byte) (maskBit | 126), (byte) (length >>> 8), (byte) length};
        }
        byte[] head = new byte[10];
        head[0] = (byte) first;
        head[1] = (byte) (maskBit | 127);
        for (int i = 0; i < 8; i++) {
            head[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
        }
        return head;
    }
}
