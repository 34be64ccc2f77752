package dev.facecall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsAreThoseOfLoadJs() {
        Options o = Options.parse(new String[] {"relay"});
        assertEquals("relay", o.str("scenario"));
        assertEquals("ws://127.0.0.1:8080/signal", o.str("url"));
        assertEquals(100, o.integer("pairs"));
        assertEquals(20.0, o.num("rate"));
        assertEquals(10.0, o.num("duration"));
        assertEquals(1000.0, o.num("start"));
        assertEquals(0.95, o.num("min-delivery"));
        assertFalse(o.isSet("clients"));
        assertFalse(o.bool("quiet"));
    }

    @Test
    void readsValuesAfterTheOptionOrAfterAnEqualsSign() {
        Options o = Options.parse(new String[] {"--pairs", "20", "--rate=12.5", "connect", "--quiet"});
        assertEquals("connect", o.str("scenario"));
        assertEquals(20, o.integer("pairs"));
        assertEquals(12.5, o.num("rate"));
        assertTrue(o.bool("quiet"));
    }

    @Test
    void negatesAFlagWithNo() {
        assertFalse(Options.parse(new String[] {"relay", "--quiet", "--no-quiet"}).bool("quiet"));
        assertFalse(Options.parse(new String[] {"relay", "--quiet=false"}).bool("quiet"));
    }

    @Test
    void refusesWhatItDoesNotKnow() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"relay", "--nope", "1"}));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"relay", "connect"}));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"relay", "--pairs"}));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"relay", "--pairs", "1.5"}));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"relay", "--rate", "NaN"}));
    }

    @Test
    void usageListsEveryOptionWithItsDefault() {
        String usage = Options.usage();
        assertTrue(usage.contains("--pairs INT"));
        assertTrue(usage.contains("[100]"));
        assertTrue(usage.contains("--min-delivery NUM"));
        assertTrue(usage.contains("[0.95]"));
    }
}
