package dev.facecall.bench;

import java.util.function.DoublePredicate;

/**
 * The search for the highest offered load that holds (saturate): steps from {@code start}, each
 * {@code factor} times the last, until one fails; then {@code refine} geometric bisection steps
 * between the last load held and the first that failed.
 */
final class Ramp {

    /** The highest load that held and the lowest that failed; null where there was none. */
    record Bounds(Double maxHeld, Double firstFailed) {
    }

    private Ramp() {
    }

    static Bounds search(double start, double factor, long maxSteps, long refine, DoublePredicate holds) {
        Double held = null;
        Double failed = null;
        double offered = start;
        for (long i = 0; i < maxSteps; i++) {
            if (!holds.test(offered)) {
                failed = offered;
                break;
            }
            held = offered;
            offered *= factor;
        }
        if (held != null && failed != null) {
            for (long i = 0; i < refine; i++) {
                double mid = Math.round(Math.sqrt(held * failed));
                if (mid <= held || mid >= failed) {
                    break;
                }
                if (holds.test(mid)) {
                    held = mid;
                } else {
                    failed = mid;
                }
            }
        }
        return new Bounds(held, failed);
    }
}
