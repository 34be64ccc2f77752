package dev.facecall.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line options, named and defaulted as in the Node generator's load.js. */
final class Options {

    static final List<String> SCENARIOS = List.of("relay", "saturate", "connect", "join-storm");

    private record Spec(String type, Object def, String help) {}

    private static final Map<String, Spec> SPEC = new LinkedHashMap<>();

    private static void spec(String name, String type, Object def, String help) {
        SPEC.put(name, new Spec(type, def, help));
    }

    static {
        spec("scenario", "str", null, "relay | saturate | connect | join-storm | all (also the first bare argument)");
        spec("url", "str", "ws://127.0.0.1:8080/signal", "server URL");
        spec("pid", "int", 0L, "server process id (the JVM that serves): RSS and CPU are read from /proc/PID");
        spec("timeout", "num", null, "hard limit in seconds for one run (default depends on the scenario and size)");
        spec("concurrency", "int", null, "logins (and pairings) in flight (relay/saturate/connect 50, join-storm 10)");
        spec("seed", "int", 1L, "seed of the payload generator");
        spec("prefix", "str", null, "user-name prefix (default: 'j' + 4 random base-36 characters, new for every run)");
        spec("origin", "str", null, "Origin header (default: the URL's http(s) origin; '' for none)");
        spec("login-timeout", "num", 30.0, "seconds a login or a pairing may take before it counts as failed");
        spec("pairs", "int", 100L, "relay/saturate: pairs of clients");
        spec("rate", "num", 20.0, "relay: messages per second sent by each client (PROTOCOL.md allows 50)");
        spec("duration", "num", 10.0, "relay: measured seconds");
        spec("warmup", "num", 2.0, "relay: warm-up seconds (not measured)");
        spec("drain", "num", 3.0, "relay/saturate: seconds to wait for in-flight messages after sending stops");
        spec("sdp-bytes", "int", 1400L, "length of the SDP string (the description JSON is ~120 B more)");
        spec("cand-bytes", "int", 250L, "approximate JSON length of a candidate");
        spec("pool-size", "int", 32L, "distinct SDPs and candidates");
        spec("start", "num", 1000.0, "saturate: first offered load (msgs/s, all clients)");
        spec("factor", "num", 1.5, "saturate: next step = previous * factor");
        spec("max-steps", "int", 12L, "saturate: at most this many ramp steps");
        spec("step-duration", "num", 4.0, "saturate: measured seconds per step");
        spec("step-warmup", "num", 1.0, "saturate: warm-up seconds per step");
        spec("max-client-rate", "num", 40.0, "saturate: per-client msgs/s cap; more pairs are added beyond it");
        spec("p99-limit", "num", 50.0, "saturate: a step holds while p99 latency <= this (ms)");
        spec("min-delivery", "num", 0.95, "saturate: ... and delivered >= this share of offered");
        spec("refine", "int", 2L, "saturate: bisection steps between the last step held and the first that failed");
        spec("clients", "int", null, "connect/join-storm: number of clients (connect 2000, join-storm 500)");
        spec("hold", "num", 10.0, "connect: seconds to hold the connections idle");
        spec("settle", "num", 1.0, "connect/join-storm: seconds to wait before the final reading");
        spec("max-server-rss-mb", "int", 4096L, "with --pid: stop the run if the server RSS exceeds this (0: never)");
        spec("cooldown", "num", 60.0, "with --pid: before a run, wait at most this long for the server to fall below 10 % CPU (0: no wait)");
        spec("io-clients", "int", null, "java.net.http.HttpClient instances (each has one selector thread); default 1 per 2500 clients, at least 2");
        spec("io-threads", "int", 2L, "threads of the executor shared by the HttpClients (listener callbacks, handshakes)");
        spec("gen-warmup", "int", 100L, "clients that warm the generator's JIT up before the first run (log in, signal 2 s, log out; 0: none)");
        spec("label", "str", "", "free text copied into the JSON");
        spec("quiet", "bool", false, "no progress on stderr");
        spec("help", "bool", false, "this text");
    }

    private final Map<String, Object> values = new LinkedHashMap<>();

    private Options() {
    }

    static Options parse(String[] argv) {
        Options o = new Options();
        for (Map.Entry<String, Spec> e : SPEC.entrySet()) {
            o.values.put(e.getKey(), e.getValue().def());
        }
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--")) {
                if (o.values.get("scenario") == null) {
                    o.values.put("scenario", a);
                    continue;
                }
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            a = a.substring(2);
            String v = null;
            int eq = a.indexOf('=');
            if (eq >= 0) {
                v = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            if (a.startsWith("no-") && SPEC.containsKey(a.substring(3)) && SPEC.get(a.substring(3)).type().equals("bool")) {
                o.values.put(a.substring(3), false);
                continue;
            }
            Spec s = SPEC.get(a);
            if (s == null) {
                throw new IllegalArgumentException("unknown option --" + a);
            }
            if (s.type().equals("bool")) {
                o.values.put(a, v == null || !v.equals("false"));
                continue;
            }
            if (v == null) {
                if (i + 1 >= argv.length) {
                    throw new IllegalArgumentException("--" + a + " needs a value");
                }
                v = argv[++i];
            }
            try {
                switch (s.type()) {
                    case "int" -> o.values.put(a, Long.parseLong(v.trim()));
                    case "num" -> {
                        double d = Double.parseDouble(v.trim());
                        if (!Double.isFinite(d)) {
                            throw new NumberFormatException();
                        }
                        o.values.put(a, d);
                    }
                    default -> o.values.put(a, v);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + a + ": not a " + (s.type().equals("int") ? "whole number" : "number"));
            }
        }
        return o;
    }

    static String usage() {
        StringBuilder b = new StringBuilder();
        b.append("usage: java -jar facecall-bench.jar relay|saturate|connect|join-storm|all [--url URL] [--pid PID] [options]\n\n");
        for (Map.Entry<String, Spec> e : SPEC.entrySet()) {
            Spec s = e.getValue();
            String left = "  --" + e.getKey() + (s.type().equals("bool") ? "" : " " + s.type().toUpperCase());
            b.append(String.format("%-28s", left)).append(s.help());
            Object d = s.def();
            if (d != null && !s.type().equals("bool") && !"".equals(d)) {
                b.append(" [").append(d instanceof Double dd && dd == Math.rint(dd) ? String.valueOf(dd.longValue()) : d).append(']');
            }
            b.append('\n');
        }
        return b.toString();
    }

    Options copy() {
        Options o = new Options();
        o.values.putAll(values);
        return o;
    }

    void set(String name, Object value) {
        if (!SPEC.containsKey(name)) {
            throw new IllegalArgumentException(name);
        }
        values.put(name, value);
    }

    boolean isSet(String name) {
        return values.get(name) != null;
    }

    String str(String name) {
        Object v = values.get(name);
        return v == null ? null : v.toString();
    }

    long integer(String name) {
        return ((Number) values.get(name)).longValue();
    }

    double num(String name) {
        return ((Number) values.get(name)).doubleValue();
    }

    boolean bool(String name) {
        return Boolean.TRUE.equals(values.get(name));
    }
}
