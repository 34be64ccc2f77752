/**
 * The project's load benchmark: a generator that speaks docs/protocol.md to a running server and
 * prints one JSON line per run, field for field as the shared Node harness (load.js) does.
 *
 * <p>How it is put together, from the top:
 * <ul>
 *   <li>{@link dev.facecall.bench.Main} reads the command line ({@link dev.facecall.bench.Options}),
 *       warms the JVM up ({@link dev.facecall.bench.GeneratorWarmUp}) and hands each run to a
 *       {@link dev.facecall.bench.Runner}, which reports it whatever happens.</li>
 *   <li>One class per {@link dev.facecall.bench.Scenario}: relay, saturate, connect, join-storm,
 *       soak. Their figures are records, written by {@link dev.facecall.bench.JsonLine} as they are.</li>
 *   <li>The building blocks the scenarios share: a {@link dev.facecall.bench.Crowd} of
 *       {@link dev.facecall.bench.BenchClient}s, {@link dev.facecall.bench.Pairs} in calls and their
 *       {@link dev.facecall.bench.SignalWindow}s, a {@link dev.facecall.bench.LoginWave}, a
 *       {@link dev.facecall.bench.Storm} whose clients keep {@link dev.facecall.bench.PresenceView}s.</li>
 *   <li>Measuring: the {@link dev.facecall.bench.Sampler} (server and machine from /proc, via
 *       {@link dev.facecall.bench.Proc}), {@link dev.facecall.bench.Percentiles}, and the
 *       {@link dev.facecall.bench.Watchdog} that stops a run that goes wrong.</li>
 * </ul>
 *
 * <p>Everything runs on a few threads ({@link dev.facecall.bench.Io}): the main thread paces and
 * waits, the HttpClients' threads receive. Classes say which of their fields which thread touches.
 */
package dev.facecall.bench;
