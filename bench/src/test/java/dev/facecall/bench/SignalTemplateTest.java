package dev.facecall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class SignalTemplateTest {

    private final Payload payload = new Payload(1, 0, 4, 1400, 250);
    private final SignalTemplate template = new SignalTemplate("c\"1", "u2", payload);

    @Test
    void alternatesDescriptionsAndCandidatesAroundTheStamp() {
        JsonObject even = MessageReader.object(template.message(4, 123456789012L, 7));
        assertEquals("signal", even.getString("type"));
        assertEquals("c\"1", even.getString("call"));
        assertEquals("u2", even.getString("to"));
        JsonObject data = even.getJsonObject("data");
        assertEquals("[123456789012,4,7]", data.getJsonArray("bench").toString());
        assertTrue(data.containsKey("description"));
        assertTrue(MessageReader.object(template.message(5, 1, 7)).getJsonObject("data").containsKey("candidate"));
    }

    @Test
    void theStampIsFoundWithoutParsing() {
        String m = template.message(9, 42, 3);
        assertEquals(new BenchStamp(42, 9, 3), BenchStamp.parse(m, m.indexOf(BenchStamp.MARK) + BenchStamp.MARK.length()));
    }

    @Test
    void stampsOfOtherGeneratorsAndBrokenStampsAreRead() {
        String node = "{\"data\":{\"bench\":[1.7e3,2,1]}}";
        assertEquals(new BenchStamp(1700, 2, 1), BenchStamp.parse(node, node.indexOf(BenchStamp.MARK) + BenchStamp.MARK.length()));
        String broken = "{\"data\":{\"bench\":[1,2";
        assertNull(BenchStamp.parse(broken, broken.indexOf(BenchStamp.MARK) + BenchStamp.MARK.length()));
    }
}
