package dev.facecall.bench;

/**
 * The stamp a relayed {@code signal} carries in {@code data.bench}: [send time (System.nanoTime),
 * sequence number of the sender, window id (0 in a warm-up)]. It is found and read without
 * parsing the message, as load.js does: relayed signals are most of what a relay run receives.
 */
record BenchStamp(long sentAt, long seq, int window) {

    static final String MARK = "\"bench\":[";

    /** The stamp whose numbers start at {@code from} (just after {@link #MARK}); null when malformed. */
    static BenchStamp parse(String text, int from) {
        int c1 = text.indexOf(',', from);
        int c2 = c1 < 0 ? -1 : text.indexOf(',', c1 + 1);
        int end = c2 < 0 ? -1 : text.indexOf(']', c2 + 1);
        if (end < 0) {
            return null;
        }
        try {
            return new BenchStamp(number(text, from, c1), number(text, c1 + 1, c2), (int) number(text, c2 + 1, end));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Our own stamps are integers; a client of another generator may have written 1.7e12. */
    private static long number(String s, int from, int to) {
        try {
            return Long.parseLong(s, from, to, 10);
        } catch (NumberFormatException e) {
            return (long) Double.parseDouble(s.substring(from, to).trim());
        }
    }
}
