package dev.facecall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.facecall.bench.JsonLine.Inline;
import dev.facecall.bench.JsonLine.Key;
import dev.facecall.bench.JsonLine.OmitIfNull;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLineTest {

    record Latency(Double p50, Double p99) {
    }

    record Stage(long welcomed, Double allWelcomedMs) {
    }

    record Report(String scenario, Latency latencyMs, @OmitIfNull String error, @Inline Stage stage,
            @Key("final") @OmitIfNull Map<String, Long> totals) {
    }

    @Test
    void writesARecordsComponentsInOrderUnderTheirNames() {
        assertEquals("{\"p50\":0.5,\"p99\":null}", JsonLine.write(new Latency(0.5, null)));
    }

    @Test
    void omitsWhatIsMarkedSoWhileNullAndInlinesStages() {
        Report early = new Report("connect", new Latency(1.0, 2.25), null, null, null);
        assertEquals("{\"scenario\":\"connect\",\"latencyMs\":{\"p50\":1,\"p99\":2.25}}", JsonLine.write(early));
        Report late = new Report("connect", null, "boom", new Stage(3, null), Map.of("open", 3L));
        assertEquals("{\"scenario\":\"connect\",\"latencyMs\":null,\"error\":\"boom\",\"welcomed\":3,"
                + "\"allWelcomedMs\":null,\"final\":{\"open\":3}}", JsonLine.write(late));
    }

    @Test
    void writesNumbersAsJavaScriptDoes() {
        assertEquals("[1,1.5,null,7,true]", JsonLine.write(Arrays.asList(1.0, 1.5, Double.NaN, 7, true)));
    }

    @Test
    void writesMapsInTheirOrderAndEscapesStrings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", "a\"b\\c\n\u0001");
        m.put("a", List.of());
        assertEquals("{\"b\":\"a\\\"b\\\\c\\n\\u0001\",\"a\":[]}", JsonLine.write(m));
    }
}
