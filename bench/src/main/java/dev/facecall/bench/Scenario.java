package dev.facecall.bench;

/**
 * One of the benchmark's scenarios, run once against one server by the {@link Runner}. README.md
 * says what each one measures; their figures are records, which the JSON line writes as they are.
 */
interface Scenario {

    /** The options that shape the load, written in the JSON's {@code params} after procs, concurrency, seed, timeout. */
    Record params();

    /** The default of {@code --timeout}. */
    double defaultTimeoutSec();

    /** Runs it. @throws Watchdog.Stopped when the run is stopped; the figures so far remain. */
    void run();

    /** The figures: all of them after {@link #run}, those of the phases it reached when it was stopped. */
    Record figures();

    /** Whether it ran to the end and every requested client, pair or view was there. */
    boolean ok();

    /** How far the clients in play got. */
    Progress progress();

    /** Every client leaves (once; later calls return the same totals): what they received and ran into. */
    FinalTotals leave();
}
