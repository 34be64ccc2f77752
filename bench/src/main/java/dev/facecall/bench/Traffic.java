package dev.facecall.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What a crowd's clients received and ran into, counted from the I/O threads. */
final class Traffic {

    private final LongAdder payloadBytes = new LongAdder();
    /** Payload plus WebSocket frame headers (the server declines permessage-deflate): the TCP bytes but the 101 response. */
    private final LongAdder wireBytes = new LongAdder();
    private final LongAdder pings = new LongAdder();
    private final LongAdder drops = new LongAdder();
    private final LongAdder dupOrReorder = new LongAdder();
    private final LongAdder stray = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> dropReasons = new ConcurrentHashMap<>();
    private final AtomicInteger welcomed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    /** A text or binary frame of {@code bytes} payload bytes. */
    void frame(int bytes) {
        payloadBytes.add(bytes);
        wireBytes.add(bytes + (bytes < 126 ? 2 : bytes < 65536 ? 4 : 10));
    }

    /** A ping the JDK answered by itself. */
    void ping(int payloadBytes) {
        pings.increment();
        wireBytes.add(2 + payloadBytes);
    }

    void closeFrame(String reason) {
        wireBytes.add(4 + (reason == null ? 0 : utf8Length(reason)));
    }

    void error(String code) {
        errors.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    /** A logged-in client's connection was closed by the server or failed. */
    void drop(String why) {
        drops.increment();
        dropReasons.computeIfAbsent(why, k -> new LongAdder()).increment();
    }

    /** A stamped signal whose sequence number was not above the last one received from that peer. */
    void outOfOrder() {
        dupOrReorder.increment();
    }

    /** A stamped signal of no window being measured (a warm-up's, or one late after its window). */
    void strayStamp() {
        stray.increment();
    }

    void welcomed() {
        welcomed.incrementAndGet();
    }

    void failed() {
        failed.incrementAndGet();
    }

    int welcomedCount() {
        return welcomed.get();
    }

    int failedCount() {
        return failed.get();
    }

    long payloadBytes() {
        return payloadBytes.sum();
    }

    long wireBytes() {
        return wireBytes.sum();
    }

    long pings() {
        return pings.sum();
    }

    long drops() {
        return drops.sum();
    }

    long dupOrReorder() {
        return dupOrReorder.sum();
    }

    long strayStamps() {
        return stray.sum();
    }

    Map<String, Long> errors() {
        return sorted(errors);
    }

    Map<String, Long> dropReasons() {
        return sorted(dropReasons);
    }

    private static Map<String, Long> sorted(Map<String, LongAdder> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    static int utf8Length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c)) {
                    bytes += 2; // 4 bytes for the pair, 2 chars
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }
}
