package dev.facecall.signaling.control;

import java.time.Duration;
import java.util.concurrent.Future;

/** Runs a task later: the container's scheduler in production, a hand-cranked clock in unit tests. */
@FunctionalInterface
public interface Timers {

    Future<?> after(Duration delay, Runnable task);
}
