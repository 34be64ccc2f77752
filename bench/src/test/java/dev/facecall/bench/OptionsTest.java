package dev.facecall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    private static Options parse(String... argv) {
        return Options.parse(argv);
    }

    @Test
    void defaultsAreThoseOfLoadJs() {
        Options o = parse("relay");
        assertEquals("relay", o.scenario());
        assertEquals("ws://127.0.0.1:8080/signal", o.string("url"));
        assertEquals(100, o.integer("pairs"));
        assertEquals(20.0, o.number("rate"));
        assertEquals(10.0, o.number("duration"));
        assertEquals(1000.0, o.number("start"));
        assertEquals(4.0, o.number("step-duration"));
        assertEquals(2, o.integer("refine"));
        assertEquals(0.95, o.number("min-delivery"));
        assertEquals(50, o.integer("concurrency"));
        assertFalse(o.isSet("clients"));
        assertFalse(o.flag("quiet"));
    }

    @Test
    void someDefaultsDependOnTheScenario() {
        assertEquals(2000, parse("connect").integer("clients"));
        assertEquals(500, parse("join-storm").integer("clients"));
        assertEquals(10, parse("join-storm").integer("concurrency"));
        Options soak = parse("soak");
        assertEquals(2000, soak.integer("clients"));
        assertEquals(5, soak.integer("rounds"));
        assertEquals(60.0, soak.number("converge-timeout"));
        assertEquals(2.0, soak.number("step-duration"));
        assertEquals(0, soak.integer("refine"));
        assertEquals("alternate", soak.string("leave"));
    }

    @Test
    void whatIsGivenBeatsTheScenariosDefault() {
        assertEquals(300, parse("join-storm", "--clients", "300").integer("clients"));
        assertEquals(50, parse("join-storm", "--concurrency", "50").integer("concurrency"));
        assertEquals(4.0, parse("soak", "--step-duration", "4").number("step-duration"));
        assertEquals(2000, parse("relay").with("scenario", "join-storm").with("clients", 2000L).integer("clients"));
    }

    @Test
    void readsValuesAfterTheOptionOrAfterAnEqualsSign() {
        Options o = parse("--pairs", "20", "--rate=12.5", "connect", "--quiet");
        assertEquals("connect", o.scenario());
        assertEquals(20, o.integer("pairs"));
        assertEquals(12.5, o.number("rate"));
        assertTrue(o.flag("quiet"));
    }

    @Test
    void negatesAFlagWithNo() {
        assertFalse(parse("relay", "--quiet", "--no-quiet").flag("quiet"));
        assertFalse(parse("relay", "--quiet=false").flag("quiet"));
    }

    @Test
    void settingBackToNullRestoresTheDefault() {
        Options o = parse("relay", "--prefix", "abc");
        assertTrue(o.isSet("prefix"));
        assertFalse(o.with("prefix", null).isSet("prefix"));
        assertEquals("abc", o.string("prefix"));
    }

    @Test
    void refusesWhatItDoesNotKnow() {
        assertThrows(IllegalArgumentException.class, () -> parse("relay", "--nope", "1"));
        assertThrows(IllegalArgumentException.class, () -> parse("relay", "connect"));
        assertThrows(IllegalArgumentException.class, () -> parse("relay", "--pairs"));
        assertThrows(IllegalArgumentException.class, () -> parse("relay", "--pairs", "1.5"));
        assertThrows(IllegalArgumentException.class, () -> parse("relay", "--rate", "NaN"));
        assertThrows(IllegalArgumentException.class, () -> parse("relay").with("nope", 1));
        assertThrows(IllegalArgumentException.class, () -> parse("soak", "--leave", "nope"));
    }

    @Test
    void usageListsEveryOptionWithItsDefaults() {
        String usage = Options.usage();
        assertTrue(usage.contains("--pairs INT"));
        assertTrue(usage.contains("[100]"));
        assertTrue(usage.contains("--min-delivery NUM"));
        assertTrue(usage.contains("[0.95]"));
        assertTrue(usage.contains("[50; join-storm 10, soak 10]"));
        assertTrue(usage.contains("[4; soak 2]"));
        assertTrue(usage.contains("[connect 2000, join-storm 500, soak 2000]"));
    }

    @Test
    void oneUrlAndOnePidAreAsBefore() {
        Options o = parse("relay", "--url", "ws://127.0.0.1:8080/signal", "--pid", "1234");
        assertEquals(List.of("ws://127.0.0.1:8080/signal"), o.urls());
        assertEquals(List.of(1234L), o.pids());
        assertEquals(List.of("ws://127.0.0.1:8080/signal"), parse("relay").urls());
        assertEquals(List.of(), parse("relay").pids());
        assertFalse(parse("relay").isSet("pid"));
        assertEquals(List.of(), parse("relay", "--pid", "0").pids(), "0 means no server, as before");
    }

    @Test
    void aClusterIsCommaSeparatedUrlsAndPids() {
        Options o = parse("join-storm", "--url", "ws://127.0.0.1:8081/signal, ws://127.0.0.1:8082/signal",
                "--pid=11,22");
        assertEquals(List.of("ws://127.0.0.1:8081/signal", "ws://127.0.0.1:8082/signal"), o.urls());
        assertEquals(List.of(11L, 22L), o.pids());
        assertEquals(List.of(11L, 22L), o.with("clients", 2000L).pids());
    }

    @Test
    void refusesBrokenLists() {
        assertThrows(IllegalArgumentException.class, () -> parse("relay", "--pid", "11,"));
        assertThrows(IllegalArgumentException.class, () -> parse("relay", "--pid", "11,x"));
        assertThrows(IllegalArgumentException.class, () -> parse("relay", "--url", "ws://a/signal,,ws://b/signal").urls());
        assertThrows(IllegalArgumentException.class, () -> parse("relay", "--pair-spread", "sideways"));
    }

    @Test
    void pairsCrossUrlsUnlessToldOtherwise() {
        assertEquals("across", parse("relay").string("pair-spread"));
        assertEquals("within", parse("saturate", "--pair-spread", "within").string("pair-spread"));
        assertTrue(Options.usage().contains("--pid INT[,INT...]"));
    }
}
