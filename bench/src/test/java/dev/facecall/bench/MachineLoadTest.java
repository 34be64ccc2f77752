package dev.facecall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.facecall.bench.Proc.MachineTicks;
import dev.facecall.bench.Sampler.CpuReading;
import org.junit.jupiter.api.Test;

class MachineLoadTest {

    private static final int CPUS = Runtime.getRuntime().availableProcessors();
    private static final long SECOND = 1_000_000_000L;

    // one second in which the machine is fully busy, the server uses half a core, the generator a quarter
    private final CpuReading from = new CpuReading(0, 1000, 500, new MachineTicks(0, 0));
    private final CpuReading to = new CpuReading(SECOND, 1050, 525, new MachineTicks(100, 100));

    @Test
    void theRestIsWhatNeitherTheServerNorTheGeneratorUsed() {
        MachineLoad.SinceLogin load = MachineLoad.sinceLogin(from, to, true);
        assertEquals(100.0 * CPUS, load.busyPct());
        assertEquals(new MachineLoad.Split(50.0, 25.0, 100.0 * CPUS - 75, null), load.split());
        assertEquals(new MachineLoad.OfWindow(100.0 * CPUS, 100.0 * CPUS - 75, null), MachineLoad.ofWindow(from, to, true));
    }

    @Test
    void withoutAPidTheServerIsPartOfTheRest() {
        CpuReading blindFrom = new CpuReading(0, -1, 500, new MachineTicks(0, 0));
        CpuReading blindTo = new CpuReading(SECOND, -1, 525, new MachineTicks(100, 100));
        assertEquals(new MachineLoad.Split(null, 25.0, null, 100.0 * CPUS - 25),
                MachineLoad.sinceLogin(blindFrom, blindTo, false).split());
        assertEquals(new MachineLoad.OfWindow(100.0 * CPUS, null, 100.0 * CPUS - 25),
                MachineLoad.ofWindow(blindFrom, blindTo, false));
    }

    @Test
    void unreadableMachineCountersLeaveOnlyTheBusyFigure() {
        CpuReading unknown = new CpuReading(SECOND, 1050, 525, null);
        assertEquals(new MachineLoad.SinceLogin(null, null), MachineLoad.sinceLogin(from, unknown, true));
        assertNull(MachineLoad.ofWindow(from, unknown, true).otherPct());
    }
}
