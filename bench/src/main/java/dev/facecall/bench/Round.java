package dev.facecall.bench;

/** Rounding of figures as lib/stats.js rounds them; a value that is not finite becomes null. */
final class Round {

    private Round() {
    }

    static Double to(double value, int digits) {
        if (!Double.isFinite(value)) {
            return null;
        }
        double f = Math.pow(10, digits);
        return Math.round(value * f) / f;
    }

    /** Nanoseconds as milliseconds with 3 decimals: the Node generator's samples are milliseconds. */
    static Double millis(long nanos) {
        return to(nanos / 1e6, 3);
    }
}
