package dev.facecall.bench;

import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * What the parts of one run share: its options, the generator's threads, where the server is,
 * the user-name prefix, the payloads, the sampler, the watchdog, the log, and the phase the run
 * is in (reported when it is stopped).
 */
final class Run {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Options options;
    private final Io io;
    /** One per --url, in the order given (a cluster's nodes); clients are spread over them by their crowd. */
    private final List<Endpoint> endpoints;
    private final String prefix;
    private final Payload payload;
    private final Sampler sampler;
    private final Watchdog watchdog;
    private final Log log;
    private final long startedAt = System.nanoTime();
    private final long generatorTicksAtStart = Sampler.generatorCpuTicks();
    private volatile String phase = "start";

    Run(Options options, Io io) {
        this.options = options;
        this.io = io;
        String origin = options.string("origin");
        List<Endpoint> list = new ArrayList<>();
        for (String url : options.urls()) {
            URI uri = URI.create(url);
            // each node's own origin: what its default allow-list accepts
            list.add(new Endpoint(uri, origin != null ? origin : Endpoint.originOf(uri), options.number("login-timeout")));
        }
        this.endpoints = List.copyOf(list);
        this.prefix = options.isSet("prefix") ? options.string("prefix") : randomPrefix();
        this.payload = new Payload((int) options.integer("seed"), 0, (int) options.integer("pool-size"),
                (int) options.integer("sdp-bytes"), (int) options.integer("cand-bytes"));
        this.sampler = new Sampler(options.pids());
        this.watchdog = new Watchdog(io.timer);
        this.log = new Log(options.flag("quiet"));
    }

    /** 'j' and four base-36 characters, new for every run, so that runs back to back never share a name. */
    private static String randomPrefix() {
        StringBuilder s = new StringBuilder("j");
        for (int i = 0; i < 4; i++) {
            s.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return s.toString();
    }

    Options options() {
        return options;
    }

    Io io() {
        return io;
    }

    /** The first --url (the only one without a cluster). */
    Endpoint endpoint() {
        return endpoints.get(0);
    }

    List<Endpoint> endpoints() {
        return endpoints;
    }

    /** The URLs for the log: the one URL, or all of them separated by commas. */
    String where() {
        return String.join(",", endpoints.stream().map(e -> e.uri().toString()).toList());
    }

    String prefix() {
        return prefix;
    }

    Payload payload() {
        return payload;
    }

    Sampler sampler() {
        return sampler;
    }

    Watchdog watchdog() {
        return watchdog;
    }

    Log log() {
        return log;
    }

    /** Logins (and pairings) in flight. */
    int concurrency() {
        return (int) Math.max(1, options.integer("concurrency"));
    }

    String phase() {
        return phase;
    }

    void phase(String now) {
        phase = now;
    }

    /** Seconds since the run began. */
    double elapsedSec() {
        return (System.nanoTime() - startedAt) / 1e9;
    }

    /** The generator's CPU seconds since the run began. */
    Double generatorCpuSec() {
        return Round.to((Sampler.generatorCpuTicks() - generatorTicksAtStart) / Proc.CLK_TCK, 2);
    }
}
