package dev.facecall.signaling.boundary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The frames made for Tyrus's writer: RFC 6455's header for each length, the payload in UTF-8. */
class EncodedTextFramesTest {

    @Test
    void aShortTextHasATwoByteHeader() {
        byte[] frame = EncodedTextFrames.frame("{\"type\":\"pong\"}");
        assertEquals((byte) 0x81, frame[0]);
        assertEquals(15, frame[1]);
        assertEquals("{\"type\":\"pong\"}", new String(frame, 2, 15, StandardCharsets.UTF_8));
    }

    @Test
    void lengthsFrom126To65535TakeSixteenBits() {
        for (int length : new int[] {125, 126, 127, 65_535}) {
            byte[] frame = EncodedTextFrames.frame("x".repeat(length));
            if (length < 126) {
                assertEquals(length, frame[1]);
                assertEquals(2 + length, frame.length);
            } else {
                assertEquals(126, frame[1]);
                assertEquals(length, ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF));
                assertEquals(4 + length, frame.length);
            }
        }
    }

    @Test
    void longerTextsTakeSixtyFourBits() {
        byte[] frame = EncodedTextFrames.frame("y".repeat(70_000));
        assertEquals(127, frame[1]);
        long length = 0;
        for (int i = 2; i < 10; i++) {
            length = (length << 8) | (frame[i] & 0xFF);
        }
        assertEquals(70_000, length);
        assertEquals(10 + 70_000, frame.length);
    }

    @Test
    void theLengthCountsBytesNotCharacters() {
        String text = "{\"name\":\"张伟 Zoë\"}";
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] frame = EncodedTextFrames.frame(text);
        assertEquals(payload.length, frame[1]);
        assertArrayEquals(payload, Arrays.copyOfRange(frame, 2, frame.length));
    }

    @Test
    void oneTextSentToManyIsFramedOnce() {
        String presence = "{\"type\":\"presence\",\"users\":[]}";
        assertSame(EncodedTextFrames.frame(presence), EncodedTextFrames.frame(presence));
    }
}
