package dev.facecall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplerTest {

    @Test
    void aClusterIsTheSumOfItsProcesses() {
        assertEquals(300L, Sampler.sum(List.of(100L, 200L)));
        assertEquals(100L, Sampler.sum(List.of(100L)));
    }

    @Test
    void aSumIsUnknownWhenAnyProcessIs() {
        assertNull(Sampler.sum(Arrays.asList(100L, null)));
        assertNull(Sampler.sum(List.of()));
    }

    @Test
    void withoutPidNothingIsWatched() {
        Sampler none = new Sampler(List.of());
        assertFalse(none.watchesServer());
        assertNull(none.serverRssKB());
        assertNull(none.serverCpuSec());
        assertEquals(-1, none.serverCpuTicks());
        assertNull(none.serverRssKBEachIfSeveral());
    }

    @Test
    void ownProcessCanBeWatchedTwiceAndSums() {
        long self = ProcessHandle.current().pid();
        Sampler one = new Sampler(List.of(self));
        Sampler two = new Sampler(List.of(self, self));
        assertTrue(two.watchesServer());
        assertNull(one.serverRssKBEachIfSeveral());
        List<Long> each = two.serverRssKBEach();
        assertEquals(2, each.size());
        assertTrue(each.get(0) > 0);
        assertTrue(two.serverCpuTicks() >= 0);
        assertEquals(2, two.serverRssKBEachIfSeveral().size());
    }

    @Test
    void aProcessThatIsGoneMakesTheSumsUnknown() {
        Sampler withGone = new Sampler(List.of(ProcessHandle.current().pid(), Long.MAX_VALUE));
        assertNull(withGone.serverRssKB());
        assertEquals(-1, withGone.serverCpuTicks());
        assertNull(withGone.serverCpuSec());
    }

    @Test
    void cooldownLooksAtTheBusiestProcess() {
        // 1 s: one process used 5 ticks (5 %), the other 30 (30 %)
        assertEquals(30.0, Cooldown.busiestPct(new long[] {100, 200}, new long[] {105, 230}, 1.0), 1e-9);
        assertNull(Cooldown.busiestPct(new long[] {100, -1}, new long[] {105, 230}, 1.0));
    }
}
