package dev.facecall.signaling.boundary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Payara Micro process that Arquillian started for this test JVM, measured from outside as an
 * operator would: its thread count from {@code /proc}, its live objects from {@code jcmd}.
 */
public final class ServerProcess {

    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern TOTAL_ROW = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");

    /** What a class histogram says: live instances per class name, and the bytes of all live objects. */
    record Live(Map<String, Long> instances, Map<String, Long> bytesByClass, long bytes) {

        long of(String className) {
            return instances.getOrDefault(className, 0L);
        }

        /** The classes whose live bytes grew most since {@code before}, for a failure message. */
        String grownSince(Live before, int top) {
            return bytesByClass.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - before.bytesByClass.getOrDefault(e.getKey(), 0L)))
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(top)
                    .map(e -> e.getKey() + " +" + e.getValue() + " B (" + of(e.getKey()) + " live)")
                    .collect(java.util.stream.Collectors.joining("\n  ", "  ", ""));
        }
    }

    private final ProcessHandle process;

    private ServerProcess(ProcessHandle process) {
        this.process = process;
    }

    public static ServerProcess payaraMicro() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(line -> line.contains("payara-micro")).orElse(false))
                .findFirst()
                .map(ServerProcess::new)
                .orElseThrow(() -> new IllegalStateException("no Payara Micro process below this JVM"));
    }

    /** Where the server listens: the {@code --port} Arquillian gave it, or 8080 (free in the tests' namespace). */
    public URL baseUrl() {
        String[] arguments = process.info().arguments().orElseThrow();
        String port = "8080"; // Payara Micro's default
        for (int i = 0; i < arguments.length - 1; i++) {
            if ("--port".equals(arguments[i])) {
                port = arguments[i + 1];
            }
        }
        try {
            return URI.create("http://localhost:" + port + "/").toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    int threads() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring("Threads:".length()).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no thread count for " + pid());
    }

    /** Live objects after a full collection (the class histogram collects first). */
    Live live() {
        Map<String, Long> instances = new HashMap<>();
        Map<String, Long> bytesByClass = new HashMap<>();
        long bytes = 0;
        for (String line : jcmd("GC.class_histogram").split("\n")) {
            Matcher row = HISTOGRAM_ROW.matcher(line);
            Matcher total = TOTAL_ROW.matcher(line);
            if (row.find()) {
                instances.merge(row.group(3), Long.parseLong(row.group(1)), Long::sum);
                bytesByClass.merge(row.group(3), Long.parseLong(row.group(2)), Long::sum);
            } else if (total.find()) {
                bytes = Long.parseLong(total.group(2));
            }
        }
        return new Live(instances, bytesByClass, bytes);
    }

    /** Dumps the server's live heap to {@code target/<name>-<pid>.hprof}, for a failure to be looked into; returns the path. */
    String heapDump(String name) {
        Path file = Path.of("target", name + "-" + pid() + ".hprof").toAbsolutePath();
        jcmd("GC.heap_dump " + file);
        return file.toString();
    }

    private String jcmd(String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            List<String> line = new ArrayList<>(List.of(jcmd.toString(), String.valueOf(pid())));
            line.addAll(List.of(command.split(" ")));
            Process run = new ProcessBuilder(line)
                    .redirectErrorStream(true).start();
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (run.waitFor() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
