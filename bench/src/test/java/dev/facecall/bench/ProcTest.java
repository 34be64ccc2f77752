package dev.facecall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecall.bench.Proc.MachineTicks;
import org.junit.jupiter.api.Test;

class ProcTest {

    @Test
    void cpuTicksAreUtimePlusStimeEvenWhenTheCommandHasSpacesAndParentheses() {
        String stat = "4242 (java (a b)) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 61 0 100 0 0";
        assertEquals(1234 + 567, Proc.cpuTicksOf(stat));
    }

    @Test
    void machineTicksCountIdleAndIowaitAsNotBusy() {
        MachineTicks t = Proc.machineTicksOf("cpu  100 10 50 1000 20 5 5 3 0 0");
        assertEquals(100 + 10 + 50 + 5 + 5 + 3, t.busy());
        assertEquals(100 + 10 + 50 + 1000 + 20 + 5 + 5 + 3, t.total());
    }

    @Test
    void busyPercentCountsEveryCpu() {
        assertEquals(150.0, Proc.busyPct(new MachineTicks(0, 0), new MachineTicks(75, 100), 2));
        assertNull(Proc.busyPct(new MachineTicks(0, 100), new MachineTicks(0, 100), 2));
        assertNull(Proc.busyPct(null, new MachineTicks(0, 100), 2));
    }

    @Test
    void statusFieldsAreKilobytesOrCounts() {
        String status = "Name:\tjava\nVmRSS:\t  733000 kB\nThreads:\t61\n";
        assertEquals(733000L, Proc.statusFieldOf(status, "VmRSS:"));
        assertEquals(61L, Proc.statusFieldOf(status, "Threads:"));
        assertNull(Proc.statusFieldOf(status, "VmSwap:"));
    }

    @Test
    void readsThisProcess() {
        assertTrue(Proc.cpuTicks(0) >= 0);
        assertTrue(Proc.rssKB(ProcessHandle.current().pid()) > 0);
    }
}
