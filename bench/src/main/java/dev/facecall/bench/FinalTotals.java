package dev.facecall.bench;

import java.util.Map;

/**
 * The JSON's {@code final}: what the clients received and ran into, taken when they leave (the
 * counts before closing, as lib/worker.js finish takes them). {@code closesNotConfirmed}: clients
 * whose close handshake did not finish in time after logout; they were aborted.
 */
record FinalTotals(int clients, int open, long drops, Map<String, Long> dropReasons, Map<String, Long> errors,
        long bytesPayload, long bytesWire, long pingsAnswered, long stray, Double genCpuSecTotal,
        int closesNotConfirmed) {

    FinalTotals withClosesNotConfirmed(int notConfirmed) {
        return new FinalTotals(clients, open, drops, dropReasons, errors, bytesPayload, bytesWire, pingsAnswered, stray,
                genCpuSecTotal, notConfirmed);
    }
}
