package dev.facecall.bench;

/**
 * Which of the {@code --url}s a client connects to, by its index in its crowd (a cluster's
 * nodes: issue 14). With one URL every rule gives 0: everything is as without a cluster.
 *
 * <p>{@link Pairs} makes clients two by two, so that pair k is clients 2k (the caller) and 2k+1
 * (the callee).
 */
enum Spread {

    /** Client i on URL i mod n (connect, join-storm, soak's storms). */
    ROUND_ROBIN,
    /**
     * The two members of a pair on different URLs, so that every relayed message crosses nodes:
     * pair k's caller on URL k mod n, its callee on the next one. Each URL gets as many callers
     * as callees (to within one).
     */
    PAIRS_ACROSS,
    /** Both members of pair k on URL k mod n: the same load over the nodes, but no message crosses. */
    PAIRS_WITHIN;

    /** The URL of client {@code index} among {@code urls}. */
    int urlOf(int index, int urls) {
        if (urls <= 1) {
            return 0;
        }
        int pair = index / 2;
        return switch (this) {
            case ROUND_ROBIN -> index % urls;
            case PAIRS_ACROSS -> (pair + index % 2) % urls;
            case PAIRS_WITHIN -> pair % urls;
        };
    }

    /** How relay and saturate pair across URLs, from {@code --pair-spread}. */
    static Spread ofPairs(String pairSpread) {
        return "within".equals(pairSpread) ? PAIRS_WITHIN : PAIRS_ACROSS;
    }
}
