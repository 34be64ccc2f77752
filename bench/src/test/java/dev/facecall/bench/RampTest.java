package dev.facecall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RampTest {

    private final List<Double> tried = new ArrayList<>();

    private boolean holdsBelow(double limit, double offered) {
        tried.add(offered);
        return offered < limit;
    }

    @Test
    void stepsUpUntilAFailureThenBisectsGeometrically() {
        Ramp.Bounds b = Ramp.search(1000, 2, 12, 2, x -> holdsBelow(5000, x));
        assertEquals(List.of(1000.0, 2000.0, 4000.0, 8000.0, 5657.0, 4757.0), tried);
        assertEquals(new Ramp.Bounds(4757.0, 5657.0), b);
    }

    @Test
    void aRampThatNeverFailsHasNoUpperBound() {
        assertEquals(new Ramp.Bounds(4000.0, null), Ramp.search(1000, 2, 3, 2, x -> holdsBelow(1e9, x)));
        assertEquals(List.of(1000.0, 2000.0, 4000.0), tried);
    }

    @Test
    void aFirstStepThatFailsHasNoLowerBoundAndNoBisection() {
        assertEquals(new Ramp.Bounds(null, 1000.0), Ramp.search(1000, 2, 12, 2, x -> holdsBelow(10, x)));
        assertEquals(List.of(1000.0), tried);
    }

    @Test
    void bisectionStopsWhenNoWholeNumberIsLeftBetween() {
        Ramp.Bounds b = Ramp.search(10, 1.1, 12, 5, x -> holdsBelow(11.5, x));
        assertEquals(List.of(10.0, 11.0, 12.100000000000001, 12.0), tried);
        assertEquals(new Ramp.Bounds(11.0, 12.0), b);
    }
}
