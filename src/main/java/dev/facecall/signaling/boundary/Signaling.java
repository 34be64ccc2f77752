package dev.facecall.signaling.boundary;

import dev.facecall.signaling.control.Calls;
import dev.facecall.signaling.control.Exchange;
import dev.facecall.signaling.control.Settings;
import dev.facecall.signaling.control.Timers;
import dev.facecall.signaling.control.Users;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The signaling service of this application: the rules wired to the registries, the settings and
 * the clock, and the scheduler for ring timeouts, presence ticks and keepalive.
 */
@ApplicationScoped
public class Signaling {

    @Inject
    Users users;

    @Inject
    Calls calls;

    @Inject
    Configuration configuration;

    @Resource
    ManagedThreadFactory threadFactory;

    private ScheduledExecutorService scheduler;
    private Exchange exchange;
    private Keepalive keepalive;

    @PostConstruct
    void start() {
        scheduler = Executors.newScheduledThreadPool(2, threadFactory);
        Timers timers = (delay, task) -> scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        Settings settings = configuration.settings();
        exchange = new Exchange(users, calls, timers, settings, Clock.systemUTC());
        keepalive = new Keepalive(configuration.pingAfter(), configuration.closeAfter(),
                bound -> ThreadLocalRandom.current().nextLong(bound));
        long sweep = keepalive.sweepEvery().toNanos();
        scheduler.scheduleWithFixedDelay(keepalive::sweep, sweep, sweep, TimeUnit.NANOSECONDS);
    }

    /** The app is undeployed or the server stops: every client is told (1001) and may go elsewhere. */
    @PreDestroy
    void stop() {
        keepalive.closeAll(CloseReason.CloseCodes.GOING_AWAY.getCode(), "server shutting down");
        scheduler.shutdownNow();
    }

    Exchange exchange() {
        return exchange;
    }

    Keepalive keepalive() {
        return keepalive;
    }
}
