package dev.facecall.bench;

/** Progress and summaries for a person, on stderr (stdout has only the JSON line); silent with {@code --quiet}. */
final class Log {

    private final boolean quiet;

    Log(boolean quiet) {
        this.quiet = quiet;
    }

    void say(String line) {
        if (!quiet) {
            System.err.println(line);
            System.err.flush();
        }
    }

    /** A figure as a person reads it: whole numbers without ".0", others to 3 decimals, "-" for none. */
    static String num(Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return String.valueOf(d.longValue());
            }
            return String.valueOf(Round.to(d, 3));
        }
        return String.valueOf(v);
    }

    static String num(double v) {
        return num((Object) v);
    }

    /** Bytes as megabytes (10^6) with {@code decimals} decimals. */
    static String mb(long bytes, int decimals) {
        return String.format("%." + decimals + "f", bytes / 1e6);
    }
}
