package dev.facecall.signaling.control;

import com.ibm.icu.text.SpoofChecker;

/** When two strings look alike: they have the same UTS #39 skeleton, from ICU's confusables data. */
final class LookAlikes {

    /*
     * One checker for all threads: ICU documents a built SpoofChecker as immutable, its checks safe
     * to call concurrently on the same instance ("Thread Safety" in its class documentation), and
     * building one loads the confusables data.
     */
    private static final SpoofChecker CHECKER = new SpoofChecker.Builder().setChecks(SpoofChecker.CONFUSABLE).build();

    private LookAlikes() {
    }

    /**
     * Each character replaced by the one its confusables family is known by ({@code а} by
     * {@code a}, {@code m} by {@code rn}), in NFD, without Default_Ignorable_Code_Point. The data
     * change with ICU releases, so a skeleton is never stored beyond the running server.
     */
    static String skeleton(String text) {
        return CHECKER.getSkeleton(text);
    }
}
