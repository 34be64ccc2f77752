package dev.facecall.bench;

/**
 * Warms the generator's JVM up before the first measured run: in a fresh JVM the JIT has not
 * compiled the handshake, send and receive paths yet (Node needs no such thing), and the first
 * 500 logins of a cold generator took up to twice as long as the same logins from a warm one.
 * {@code clients} clients that keep views log in, pair up, exchange 2 s of signals, and log out.
 * Nothing is printed. With several --url (a cluster) each pair is on one node, pairs round-robin
 * over the nodes: the warm-up needs no call between nodes, which a server may not offer.
 */
final class GeneratorWarmUp {

    private GeneratorWarmUp() {
    }

    static void run(Options options, Io io, int clients) {
        Run run = new Run(options.with("scenario", "relay").with("quiet", true).with("prefix", null), io);
        int pairCount = Math.max(1, clients / 2);
        Crowd crowd = Crowd.withViews(run, run.prefix(), 2 * pairCount, false, Spread.PAIRS_WITHIN);
        Pairs pairs = new Pairs(crowd, run.concurrency());
        try {
            pairs.growTo(pairCount);
            if (pairs.count() > 0) {
                SignalWindow.run(pairs, 20, 0.5, 2, 1);
            }
        } catch (RuntimeException e) {
            run.log().say("  (generator warm-up failed: " + e + ")");
        } finally {
            crowd.leave();
        }
    }
}
