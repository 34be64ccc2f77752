package dev.facecall.bench;

import java.util.Arrays;

/** A growable array of long samples (nanoseconds), written by one thread. */
final class Samples {

    private long[] values;
    private int size;

    Samples(int capacity) {
        values = new long[Math.max(16, capacity)];
    }

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = value;
    }

    int size() {
        return size;
    }

    /** Copies the samples into {@code into} from {@code offset}; returns the offset after them. */
    int copyInto(long[] into, int offset) {
        System.arraycopy(values, 0, into, offset, size);
        return offset + size;
    }

    long[] sorted() {
        long[] copy = Arrays.copyOf(values, size);
        Arrays.sort(copy);
        return copy;
    }
}
