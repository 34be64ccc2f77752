package dev.facecall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.facecall.bench.Percentiles.Distribution;
import java.util.List;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    private static Samples millis(long... values) {
        Samples s = new Samples(4);
        for (long v : values) {
            s.add(v * 1_000_000L);
        }
        return s;
    }

    @Test
    void nearestRankOverOneToHundred() {
        long[] v = new long[100];
        for (int i = 0; i < 100; i++) {
            v[i] = 100 - i;
        }
        assertEquals(new Distribution(100, 50.0, 90.0, 99.0, 100.0, 1.0, 50.5), Percentiles.of(List.of(millis(v))));
    }

    @Test
    void mergesTheSamplesOfSeveralThreads() {
        Distribution d = Percentiles.of(List.of(millis(3, 1), millis(2)));
        assertEquals(3, d.n());
        assertEquals(2.0, d.p50());
        assertEquals(3.0, d.p99());
    }

    @Test
    void noSamplesGiveNulls() {
        assertEquals(new Distribution(0, null, null, null, null, null, null), Percentiles.of(List.of()));
        assertNull(Percentiles.at(new long[0], 99));
    }

    @Test
    void rankIsNearestRank() {
        assertEquals(0, Percentiles.rank(99, 1));
        assertEquals(98, Percentiles.rank(99, 100));
        assertEquals(99, Percentiles.rank(99, 101));
        assertEquals(0, Percentiles.rank(50, 2));
    }

    @Test
    void keepsMicrosecondsOfNanosecondSamples() {
        assertEquals(1.235, Percentiles.at(new long[] {1_234_567L}, 50));
    }

    @Test
    void roundsHalfUpAndDropsNonFiniteValues() {
        assertEquals(0.123, Round.to(0.12345, 3));
        assertEquals(2.5, Round.to(2.45, 1));
        assertNull(Round.to(Double.NaN, 1));
        assertNull(Round.to(Double.POSITIVE_INFINITY, 1));
    }
}
