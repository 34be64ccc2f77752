package dev.facecall.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The generator's threads: a few {@link HttpClient}s (each owns one selector thread that does
 * the socket I/O of its WebSockets), one small executor they share, and one timer thread. No
 * thread per client: 10 000 connections run on about five threads.
 */
final class Io {

    final HttpClient[] clients;
    final ExecutorService executor;
    final ScheduledThreadPoolExecutor timer;

    Io(int nClients, int nThreads, double connectTimeoutSec) {
        executor = Executors.newFixedThreadPool(Math.max(1, nThreads), daemon("bench-exec-"));
        timer = new ScheduledThreadPoolExecutor(1, daemon("bench-timer-"));
        timer.setRemoveOnCancelPolicy(true);
        clients = new HttpClient[Math.max(1, nClients)];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = HttpClient.newBuilder()
                    .executor(executor)
                    .connectTimeout(Duration.ofMillis((long) (connectTimeoutSec * 1000)))
                    .build();
        }
    }

    HttpClient http(int idx) {
        return clients[Math.floorMod(idx, clients.length)];
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
