package dev.facecall.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /** The totals of several crowds of one run (a soak's rounds); the generator's CPU is the run's. */
    static FinalTotals sum(List<FinalTotals> parts) {
        int clients = 0;
        int open = 0;
        long drops = 0;
        long bytesPayload = 0;
        long bytesWire = 0;
        long pings = 0;
        long stray = 0;
        int notConfirmed = 0;
        Double genCpu = null;
        Map<String, Long> dropReasons = new TreeMap<>();
        Map<String, Long> errors = new TreeMap<>();
        for (FinalTotals t : parts) {
            clients += t.clients;
            open += t.open;
            drops += t.drops;
            bytesPayload += t.bytesPayload;
            bytesWire += t.bytesWire;
            pings += t.pingsAnswered;
            stray += t.stray;
            notConfirmed += t.closesNotConfirmed;
            t.dropReasons.forEach((k, v) -> dropReasons.merge(k, v, Long::sum));
            t.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
            if (t.genCpuSecTotal != null && (genCpu == null || t.genCpuSecTotal > genCpu)) {
                genCpu = t.genCpuSecTotal;
            }
        }
        return new FinalTotals(clients, open, drops, dropReasons, errors, bytesPayload, bytesWire, pings, stray, genCpu,
                notConfirmed);
    }
}
