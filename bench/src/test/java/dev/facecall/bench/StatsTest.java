package dev.facecall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsTest {

    private static Stats.LongBuf millis(long... values) {
        Stats.LongBuf b = new Stats.LongBuf(4);
        for (long v : values) {
            b.add(v * 1_000_000L);
        }
        return b;
    }

    @Test
    void nearestRankOverOneToHundred() {
        long[] v = new long[100];
        for (int i = 0; i < 100; i++) {
            v[i] = 100 - i;
        }
        Map<String, Object> s = Stats.summarizeNanos(List.of(millis(v)));
        assertEquals(100, s.get("n"));
        assertEquals(50.0, s.get("p50"));
        assertEquals(90.0, s.get("p90"));
        assertEquals(99.0, s.get("p99"));
        assertEquals(100.0, s.get("max"));
        assertEquals(1.0, s.get("min"));
        assertEquals(50.5, s.get("mean"));
    }

    @Test
    void mergesTheSamplesOfSeveralThreads() {
        Map<String, Object> s = Stats.summarizeNanos(List.of(millis(3, 1), millis(2)));
        assertEquals(3, s.get("n"));
        assertEquals(2.0, s.get("p50"));
        assertEquals(3.0, s.get("p99"));
    }

    @Test
    void noSamplesGiveNulls() {
        Map<String, Object> s = Stats.summarizeNanos(List.of());
        assertEquals(0, s.get("n"));
        assertNull(s.get("p50"));
        assertNull(s.get("mean"));
    }

    @Test
    void rankIsNearestRank() {
        assertEquals(0, Stats.rank(99, 1));
        assertEquals(98, Stats.rank(99, 100));
        assertEquals(99, Stats.rank(99, 101));
        assertEquals(0, Stats.rank(50, 2));
    }

    @Test
    void roundsHalfUpAndDropsNonFiniteValues() {
        assertEquals(0.123, Stats.round(0.12345, 3));
        assertEquals(2.5, Stats.round(2.45, 1));
        assertNull(Stats.round(Double.NaN, 1));
        assertNull(Stats.round(Double.POSITIVE_INFINITY, 1));
    }
}
