package dev.facecall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SoakRulesTest {

    @Test
    void alternateLogsOutInOddRoundsAndAbandonsInEvenOnes() {
        assertFalse(SoakScenario.abandons("alternate", 1));
        assertTrue(SoakScenario.abandons("alternate", 2));
        assertFalse(SoakScenario.abandons("alternate", 3));
        assertTrue(SoakScenario.abandons("abandon", 1));
        assertFalse(SoakScenario.abandons("logout", 2));
    }

    @Test
    void theTotalsOfARunAddUpItsCrowdsAndKeepTheRunsGeneratorCpu() {
        FinalTotals saturate = new FinalTotals(40, 40, 0, Map.of(), Map.of("ended-busy", 1L), 100, 120, 0, 7, 2.5, 0);
        FinalTotals storm = new FinalTotals(300, 299, 1, Map.of("close-1013", 1L), Map.of("ended-busy", 2L), 1000, 1100, 3, 0,
                4.0, 2);
        assertEquals(new FinalTotals(340, 339, 1, Map.of("close-1013", 1L), Map.of("ended-busy", 3L), 1100, 1220, 3, 7, 4.0, 2),
                FinalTotals.sum(List.of(saturate, storm)));
    }
}
