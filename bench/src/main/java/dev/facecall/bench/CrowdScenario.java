package dev.facecall.bench;

/** A scenario played by one crowd of clients: how far they got and their leaving are the crowd's. */
interface CrowdScenario extends Scenario {

    /** The clients in play. */
    Crowd crowd();

    @Override
    default Progress progress() {
        return crowd().progress();
    }

    @Override
    default FinalTotals leave() {
        return crowd().leave();
    }
}
