package dev.facecall.signaling.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdmissionTest {

    @Test
    void anAddressHoldsAtMostItsCapOfConnectionsAndAPlaceFreesWhenOneIsLost() {
        Admission admission = new Admission(2);
        assertEquals(Admission.Verdict.ADMITTED, admission.admit("192.0.2.1"));
        assertEquals(Admission.Verdict.ADMITTED, admission.admit("192.0.2.1"));
        assertEquals(Admission.Verdict.TOO_MANY, admission.admit("192.0.2.1"));
        assertEquals(Admission.Verdict.ADMITTED, admission.admit("192.0.2.2"), "another address has its own places");
        admission.release("192.0.2.1");
        assertEquals(1, admission.count("192.0.2.1"));
        assertEquals(Admission.Verdict.ADMITTED, admission.admit("192.0.2.1"));
    }

    @Test
    void aCapOfZeroIsNoCap() {
        Admission admission = new Admission(0);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(Admission.Verdict.ADMITTED, admission.admit("127.0.0.1"));
        }
        assertEquals(10_000, admission.count("127.0.0.1"));
    }

    @Test
    void anAddressWithNoConnectionLeftIsForgotten() {
        Admission admission = new Admission(5);
        admission.admit("192.0.2.1");
        admission.release("192.0.2.1");
        admission.release("192.0.2.1");
        assertEquals(0, admission.count("192.0.2.1"));
        assertEquals(Admission.Verdict.ADMITTED, admission.admit("192.0.2.1"));
    }

    @Test
    void whileTheServerDrainsNobodyNewComesIn() {
        Admission admission = new Admission(0);
        admission.drain();
        assertEquals(Admission.Verdict.DRAINING, admission.admit("192.0.2.1"));
    }
}
