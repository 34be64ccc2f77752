package dev.facecall.signaling.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.facecall.signaling.entity.Envelope;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scan that finds a signal's data without the JSON parser walking through it: it finds the
 * data of the signals pages send, and whatever it finds, the parser reads the same message from.
 */
class DataSpanTest {

    /** An offer as Chromium writes it, shortened: an escaped line break on every line. */
    private static final String OFFER = "{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 4611731400430051336 2 IN IP4 "
            + "127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\na=group:BUNDLE 0 1\\r\\na=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51\\r\\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\nc=IN IP4 0.0.0.0\\r\\na=rtpmap:111 opus/48000/2\\r\\n\"}}";
    private static final String CANDIDATE = "{\"candidate\":{\"candidate\":\"candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host "
            + "generation 0\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":null}}";

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"signal\",\"call\":\"c1\",\"to\":\"u1\",\"data\":%s}",
        "{\"data\":%s,\"type\":\"signal\",\"call\":\"c1\",\"to\":\"u1\",\"ref\":\"r1\"}",
        " {\r\n\t\"type\" : \"signal\" , \"data\" : %s , \"call\":\"c1\",\"to\":\"u1\" }\n",
    })
    void findsTheDataOfTheSignalsPagesSend(String shape) {
        for (String data : new String[] {OFFER, CANDIDATE, "{}"}) {
            String text = shape.formatted(data);

            DataSpan span = DataSpan.in(text);

            assertNotNull(span, text);
            assertEquals(data, span.of(text));
            assertEquals(data, ((Envelope.Typed) MessageReader.open(text)).body().get("data").toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"signal\",\"data\":{},\"data\":{}}", // twice: the last one counts, as the parser decides
        "{\"type\":\"signal\",\"data\":\"sdp\"}",
        "{\"type\":\"signal\",\"data\":[]}",
        "{\"type\":\"signal\",\"d\\u0061ta\":{}}", // a name with an escape
        "{\"type\":\"signal\",\"d\\u0061ta\":{\"a\":1},\"data\":{\"b\":2}}", // data twice, once escaped
        "{\"type\":\"signal\",\"data\":{\"n\":1e100}}", // an exponent the parser may refuse
        "{\"type\":\"signal\",\"data\":{\"n\":123456789012345678901234567890123}}",
        "{\"type\":\"signal\",\"data\":{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}",
        "{\"type\":\"signal\",\"data\":{}} {}",
        "{\"type\":\"signal\",\"data\":{},}",
        "\uFEFF{\"type\":\"signal\",\"data\":{}}",
        "[{\"type\":\"signal\",\"data\":{}}]",
        "{\"type\":\"signal\"}",
        "{\"type\":\"signal\",\"data\":{\"a\":\"\\x\"}}",
        "{\"type\":\"signal\",\"data\":{\"a\":01}}",
        "{\"type\":\"signal\",\"data\":{\"a\":\"raw\u0001control\"}}",
        "{\"type\":\"signal\",\"data\":{\"a\":tru}}",
        "{\"type\":\"signal\",\"data\":{\"a\"}}",
        "{\"type\":\"signal\",\"data\":{\"a\":\"unterminated}}",
    })
    void leavesToTheParserWhatItDoesNotSurelyRead(String text) {
        assertNull(DataSpan.in(text));
        assertEquals(String.valueOf(MessageReader.open(text, null)), String.valueOf(MessageReader.open(text)));
    }

    @Test
    void readsNestingUpToItsDepthItself() {
        String text = "{\"type\":\"signal\",\"data\":" + "{\"a\":".repeat(DataSpan.MAX_DEPTH) + "1"
                + "}".repeat(DataSpan.MAX_DEPTH) + "}";

        assertNotNull(DataSpan.in(text));
        assertNull(DataSpan.in(text.replace("{\"a\":1}", "{\"a\":{\"a\":1}}")));
    }

    /** The message read with the scan is the message the parser reads alone: members, ref, errors, data's text. */
    @Property(tries = 3000)
    void theMessageIsTheOneTheParserReadsAlone(@ForAll("frames") String text) {
        assertEquals(described(MessageReader.open(text, null)), described(MessageReader.open(text)));
        DataSpan span = DataSpan.in(text);
        if (span != null) {
            JsonObject tree = Json.createReader(new StringReader(text)).readObject();
            assertEquals(tree.get("data"), Json.createReader(new StringReader(span.of(text))).readObject());
        }
    }

    @Provide
    Arbitrary<String> frames() {
        Arbitrary<String> space = Arbitraries.of("", " ", "\n", "\r\n\t ");
        Arbitrary<String> signal = Combinators.combine(AlmostValidFrames.anyJson(), space, space, Arbitraries.of(true, false))
                .as((data, before, after, dataFirst) -> dataFirst
                        ? "{" + before + "\"data\"" + after + ":" + before + data + after + ",\"type\":\"signal\",\"call\":\"c1\",\"to\":\"u1\"}"
                        : "{\"type\":\"signal\",\"call\":\"c1\",\"to\":\"u1\"," + before + "\"data\":" + data + after + "}");
        Arbitrary<String> wellFormedData = AlmostValidFrames.anyJson()
                .map(inner -> "{\"type\":\"signal\",\"call\":\"c1\",\"to\":\"u1\",\"data\":{\"a\":" + inner + ",\"sdp\":\"v=0\\r\\n\"}}");
        return Arbitraries.frequencyOf(
                Tuple.of(40, AlmostValidFrames.frames().map(frame -> frame.render(NOBODY))),
                Tuple.of(30, signal),
                Tuple.of(30, wellFormedData))
                .map(AlmostValidFrames::wellFormed);
    }

    /** An envelope as text: its record, and the data's own text, which a tree's equality would not compare. */
    private static String described(Envelope envelope) {
        if (envelope instanceof Envelope.Typed typed && typed.body().get("data") != null) {
            return envelope + " data " + typed.body().get("data");
        }
        return String.valueOf(envelope);
    }

    private static final AlmostValidFrames.Known NOBODY = new AlmostValidFrames.Known() {
        @Override
        public String userId(int back) {
            return "u" + back;
        }

        @Override
        public String callId(int back) {
            return "c" + back;
        }

        @Override
        public String token(int back) {
            return "t" + back;
        }

        @Override
        public String ownId() {
            return "u0";
        }

        @Override
        public String myCall() {
            return "c0";
        }

        @Override
        public String myPeer() {
            return "u1";
        }
    };
}
