package dev.facecall.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The command line: options named and defaulted as in the Node generator's load.js, plus the
 * soak and the generator's own. A few defaults depend on the scenario (a join storm logs 10 in at
 * a time, not 50); {@link #usage()} shows them.
 */
final class Options {

    static final List<String> SCENARIOS = List.of("relay", "saturate", "connect", "join-storm", "soak");

    private enum Type { STRING, INTEGER, NUMBER, FLAG, INTEGERS }

    /** {@code choices}: the values a STRING option may take; empty: any. */
    private record Spec(Type type, Object fallback, Map<String, Object> byScenario, List<String> choices, String help) {
    }

    private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    private static void spec(String name, Type type, Object fallback, String help) {
        spec(name, type, fallback, Map.of(), help);
    }

    private static void spec(String name, Type type, Object fallback, Map<String, Object> byScenario, String help) {
        SPECS.put(name, new Spec(type, fallback, byScenario, List.of(), help));
    }

    private static void choice(String name, String fallback, List<String> choices, String help) {
        SPECS.put(name, new Spec(Type.STRING, fallback, Map.of(), choices, help));
    }

    static {
        spec("scenario", Type.STRING, null, "relay | saturate | connect | join-storm | soak | all (also the first bare argument)");
        spec("url", Type.STRING, "ws://127.0.0.1:8080/signal",
                "server URL; a cluster's nodes: URL,URL,... (clients round-robin; relay/saturate: see --pair-spread)");
        spec("pid", Type.INTEGERS, null, "server process id (the JVM that serves): RSS and CPU are read from /proc/PID; "
                + "a cluster: PID,PID,... (CPU summed over all, RSS per process and summed)");
        spec("timeout", Type.NUMBER, null, "hard limit in seconds for one run (default depends on the scenario and size)");
        spec("concurrency", Type.INTEGER, 50L, Map.of("join-storm", 10L, "soak", 10L), "logins (and pairings) in flight");
        spec("seed", Type.INTEGER, 1L, "seed of the payload generator");
        spec("prefix", Type.STRING, null, "user-name prefix (default: 'j' + 4 random base-36 characters, new for every run)");
        spec("origin", Type.STRING, null, "Origin header (default: the URL's http(s) origin; '' for none)");
        spec("login-timeout", Type.NUMBER, 30.0, "seconds a login or a pairing may take before it counts as failed");
        spec("pairs", Type.INTEGER, 100L, "relay/saturate/soak: pairs of clients");
        choice("pair-spread", "across", List.of("across", "within"), "relay/saturate/soak with several --url: "
                + "across (the two members of every pair on different URLs: every message crosses nodes) or within "
                + "(both on one URL, pairs round-robin over the URLs)");
        spec("rate", Type.NUMBER, 20.0, "relay: messages per second sent by each client (docs/protocol.md allows 50)");
        spec("duration", Type.NUMBER, 10.0, "relay: measured seconds");
        spec("warmup", Type.NUMBER, 2.0, "relay: warm-up seconds (not measured)");
        spec("drain", Type.NUMBER, 3.0, "relay/saturate/soak: seconds to wait for in-flight messages after sending stops");
        spec("sdp-bytes", Type.INTEGER, 1400L, "length of the SDP string (the description JSON is ~120 B more)");
        spec("cand-bytes", Type.INTEGER, 250L, "approximate JSON length of a candidate");
        spec("pool-size", Type.INTEGER, 32L, "distinct SDPs and candidates");
        spec("start", Type.NUMBER, 1000.0, "saturate/soak: first offered load (msgs/s, all clients)");
        spec("factor", Type.NUMBER, 1.5, "saturate/soak: next step = previous * factor");
        spec("max-steps", Type.INTEGER, 12L, "saturate/soak: at most this many ramp steps");
        spec("step-duration", Type.NUMBER, 4.0, Map.of("soak", 2.0), "saturate/soak: measured seconds per step");
        spec("step-warmup", Type.NUMBER, 1.0, "saturate/soak: warm-up seconds per step");
        spec("max-client-rate", Type.NUMBER, 40.0, "saturate/soak: per-client msgs/s cap; more pairs are added beyond it");
        spec("p99-limit", Type.NUMBER, 50.0, "saturate/soak: a step holds while p99 latency <= this (ms)");
        spec("min-delivery", Type.NUMBER, 0.95, "saturate/soak: ... and delivered >= this share of offered");
        spec("refine", Type.INTEGER, 2L, Map.of("soak", 0L),
                "saturate/soak: bisection steps between the last step held and the first that failed");
        spec("clients", Type.INTEGER, null, Map.of("connect", 2000L, "join-storm", 500L, "soak", 2000L),
                "connect/join-storm/soak: number of clients (soak: of each storm)");
        spec("hold", Type.NUMBER, 10.0, "connect: seconds to hold the connections idle");
        spec("settle", Type.NUMBER, 1.0, "connect/join-storm: seconds to wait before the final reading");
        spec("rounds", Type.INTEGER, 5L, "soak: rounds of (saturate, then a join storm) against the same server");
        spec("converge-timeout", Type.NUMBER, 60.0,
                "soak: seconds after a storm's last welcome within which every view must equal the storm");
        choice("leave", "alternate", List.of("logout", "abandon", "alternate"), "soak: how the saturation's clients leave before the storm: logout, "
                + "abandon (connections dropped, no logout: the users stay reconnecting into the storm), "
                + "alternate (logout in odd rounds, abandon in even ones)");
        spec("max-server-rss-mb", Type.INTEGER, 4096L, "with --pid: stop the run if the server RSS exceeds this (0: never)");
        spec("cooldown", Type.NUMBER, 60.0, "with --pid: before a run, wait at most this long for the server to fall below 10 % CPU (0: no wait)");
        spec("io-clients", Type.INTEGER, null, "java.net.http.HttpClient instances (each has one selector thread); default 1 per 2500 clients, at least 2");
        spec("io-threads", Type.INTEGER, 2L, "threads of the executor shared by the HttpClients (listener callbacks, handshakes)");
        spec("gen-warmup", Type.INTEGER, 100L, "clients that warm the generator's JIT up before the first run (log in, signal 2 s, log out; 0: none)");
        spec("label", Type.STRING, "", "free text copied into the JSON");
        spec("quiet", Type.FLAG, false, "no progress on stderr");
        spec("help", Type.FLAG, false, "this text");
    }

    /** The values given on the command line (or set for a derived run); the rest are defaults. */
    private final Map<String, Object> given;

    private Options(Map<String, Object> given) {
        this.given = given;
    }

    static Options parse(String[] argv) {
        Map<String, Object> given = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (!arg.startsWith("--")) {
                if (given.get("scenario") != null) {
                    throw new IllegalArgumentException("unexpected argument " + arg);
                }
                given.put("scenario", arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Spec negated = name.startsWith("no-") ? SPECS.get(name.substring(3)) : null;
            if (negated != null && negated.type() == Type.FLAG) {
                given.put(name.substring(3), false);
                continue;
            }
            Spec spec = SPECS.get(name);
            if (spec == null) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (spec.type() == Type.FLAG) {
                given.put(name, value == null || !value.equals("false"));
                continue;
            }
            if (value == null) {
                if (i + 1 >= argv.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = argv[++i];
            }
            given.put(name, convert(name, spec, value));
        }
        return new Options(given);
    }

    private static Object convert(String name, Spec spec, String value) {
        if (!spec.choices().isEmpty() && !spec.choices().contains(value)) {
            throw new IllegalArgumentException("--" + name + " must be one of " + String.join(", ", spec.choices()));
        }
        Type type = spec.type();
        try {
            return switch (type) {
                case INTEGER -> Long.parseLong(value.trim());
                case INTEGERS -> integers(value);
                case NUMBER -> {
                    double d = Double.parseDouble(value.trim());
                    if (!Double.isFinite(d)) {
                        throw new NumberFormatException();
                    }
                    yield d;
                }
                default -> value;
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": not a " + (type == Type.NUMBER ? "number"
                    : type == Type.INTEGERS ? "comma-separated list of whole numbers" : "whole number"));
        }
    }

    private static List<Long> integers(String value) {
        List<Long> list = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            list.add(Long.parseLong(part.trim()));
        }
        return List.copyOf(list);
    }

    static String usage() {
        StringBuilder b = new StringBuilder();
        b.append("usage: java -jar facecall-bench.jar relay|saturate|connect|join-storm|soak|all [--url URL] [--pid PID] [options]\n\n");
        SPECS.forEach((name, spec) -> {
            String left = "  --" + name + (spec.type() == Type.FLAG ? "" : " " + typeName(spec.type()));
            b.append(String.format("%-28s", left)).append(spec.help()).append(defaults(spec)).append('\n');
        });
        return b.toString();
    }

    private static String typeName(Type type) {
        return switch (type) {
            case STRING -> "STR";
            case INTEGER -> "INT";
            case INTEGERS -> "INT[,INT...]";
            case NUMBER -> "NUM";
            case FLAG -> "";
        };
    }

    /** " [4; soak 2]": the default, then those of the scenarios that differ. */
    private static String defaults(Spec spec) {
        if (spec.type() == Type.FLAG) {
            return "";
        }
        String fallback = spec.fallback() == null || "".equals(spec.fallback()) ? "" : shown(spec.fallback());
        String byScenario = SCENARIOS.stream().filter(spec.byScenario()::containsKey)
                .map(s -> s + " " + shown(spec.byScenario().get(s))).collect(Collectors.joining(", "));
        if (fallback.isEmpty() && byScenario.isEmpty()) {
            return "";
        }
        return " [" + fallback + (!fallback.isEmpty() && !byScenario.isEmpty() ? "; " : "") + byScenario + "]";
    }

    private static String shown(Object value) {
        return value instanceof Double d && d == Math.rint(d) ? String.valueOf(d.longValue()) : String.valueOf(value);
    }

    /** A copy with {@code name} set to {@code value} (null: back to its default). */
    Options with(String name, Object value) {
        if (!SPECS.containsKey(name)) {
            throw new IllegalArgumentException(name);
        }
        Map<String, Object> copy = new HashMap<>(given);
        copy.put(name, value);
        return new Options(copy);
    }

    private Object value(String name) {
        if (given.containsKey(name)) {
            return given.get(name);
        }
        Spec spec = SPECS.get(name);
        Object scenario = given.get("scenario");
        return scenario != null && spec.byScenario().containsKey(scenario) ? spec.byScenario().get(scenario) : spec.fallback();
    }

    boolean isSet(String name) {
        return value(name) != null;
    }

    String scenario() {
        return string("scenario");
    }

    String string(String name) {
        Object v = value(name);
        return v == null ? null : v.toString();
    }

    long integer(String name) {
        return ((Number) value(name)).longValue();
    }

    double number(String name) {
        return ((Number) value(name)).doubleValue();
    }

    /** {@code --url}, split at commas: one URL per node of a cluster, in the order given. */
    List<String> urls() {
        List<String> urls = new ArrayList<>();
        for (String part : string("url").split(",", -1)) {
            String url = part.trim();
            if (url.isEmpty()) {
                throw new IllegalArgumentException("--url: an empty URL in " + string("url"));
            }
            urls.add(url);
        }
        return List.copyOf(urls);
    }

    /** The servers' process ids ({@code --pid}); empty: none watched (0 means none, as before). */
    @SuppressWarnings("unchecked")
    List<Long> pids() {
        Object v = value("pid");
        return v == null ? List.of() : ((List<Long>) v).stream().filter(p -> p > 0).toList();
    }

    boolean flag(String name) {
        return Boolean.TRUE.equals(value(name));
    }
}
