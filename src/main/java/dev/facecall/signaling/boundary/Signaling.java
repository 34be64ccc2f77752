package dev.facecall.signaling.boundary;

import dev.facecall.signaling.control.Calls;
import dev.facecall.signaling.control.Exchange;
import dev.facecall.signaling.control.Grid;
import dev.facecall.signaling.control.Settings;
import dev.facecall.signaling.control.Timers;
import dev.facecall.signaling.control.Users;
import dev.facecall.signaling.entity.CloseCode;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The signaling service of this application, and the one door the web layer talks to: the rules
 * wired to the registries, the settings and the clock; the scheduler for ring timeouts, presence
 * rounds, keepalive and everything that must not run on the thread that learnt of it; and who may
 * come in. It starts with the application, so that a wrong setting stops the deployment with a
 * message instead of failing the first client.
 */
@ApplicationScoped
public class Signaling {

    private static final System.Logger LOG = System.getLogger(Signaling.class.getName());
    /**
     * Loaded with this class: by the time {@link #stop()} runs, Payara may have closed the
     * application's class loader, and a class first needed then is not found (the clients would
     * get no close frame at all).
     */
    private static final CloseCode SHUTTING_DOWN = CloseCode.GOING_AWAY;
    /** How long a stopping node waits for the other nodes to take in its users in calls across nodes. */
    private static final Duration HAND_OVER_WAIT = Duration.ofSeconds(2);

    @Inject
    Users users;

    @Inject
    Calls calls;

    @Inject
    Configuration configuration;

    @Inject
    Grid grid;

    @Resource
    ManagedThreadFactory threadFactory;

    private ScheduledExecutorService scheduler;
    private Exchange exchange;
    private Keepalive keepalive;
    private Admission admission;
    private OriginPolicy originPolicy;
    private HttpsAddress httpsAddress;
    private volatile boolean serving;

    void start(@Observes @Initialized(ApplicationScoped.class) Object application) {
        Settings settings = configuration.settings();
        originPolicy = configuration.originPolicy();
        httpsAddress = configuration.httpsAddress();
        admission = new Admission(configuration.maxConnectionsPerAddress());
        scheduler = Executors.newScheduledThreadPool(2, threadFactory);
        Timers timers = this::later;
        exchange = new Exchange(users, calls, timers, settings, Clock.systemUTC());
        keepalive = new Keepalive(configuration.pingAfter(), configuration.closeAfter(),
                bound -> ThreadLocalRandom.current().nextLong(bound));
        long sweep = keepalive.sweepEvery().toNanos();
        scheduler.scheduleWithFixedDelay(keepalive::sweep, sweep, sweep, TimeUnit.NANOSECONDS);
        serving = true;
        LOG.log(Level.INFO, "signaling ready: {0}; node {1} of {2}", configuration, grid.node(), clusterSize());
    }

    /**
     * The app is undeployed or the server stops: readiness says DOWN first, then nobody new comes
     * in (handshakes get 503, a login on an open connection closes it); in a cluster the node says
     * it is leaving and hands its users in calls across nodes to the other members' nodes (at most
     * {@link #HAND_OVER_WAIT}); then every client is told 1001 at once, ahead of anything still
     * queued for it, so that it resumes on another server.
     */
    @PreDestroy
    void stop() {
        serving = false;
        admission.drain();
        try {
            grid.leave(); // the clients told 1001 below resume on the other nodes, which take their users over
            exchange.handOver(HAND_OVER_WAIT); // and those in calls across nodes, with their calls, first
        } catch (RuntimeException gridGone) {
            LOG.log(Level.DEBUG, "the data grid is gone already: {0}", gridGone.toString());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        int clients = keepalive.shutDownAll(SHUTTING_DOWN, "server shutting down");
        LOG.log(Level.INFO, "signaling stopped; {0} clients told to go elsewhere", clients);
        scheduler.shutdownNow();
    }

    /** Runs {@code task} on the scheduler after {@code delay}; once it has stopped, never. */
    private Future<?> later(Duration delay, Runnable task) {
        try {
            return scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            LOG.log(Level.DEBUG, "the server is stopping; not scheduled: {0}", task);
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Whether this server takes clients: started, and not draining. */
    boolean isServing() {
        return serving;
    }

    /** A new WebSocket session, as the endpoint opens it. */
    Peer open(Session session) {
        TyrusIdleTimer.disable(session); // keepalive is ours: the container's idle timer is off,
        session.setMaxIdleTimeout(0); // and on Tyrus not even re-armed for every frame
        var properties = session.getUserProperties();
        Peer peer = new Peer(session, (String) properties.get(HandshakeConfigurator.ADDRESS), exchange, keepalive,
                admission, task -> later(Duration.ZERO, task));
        Object refused = properties.get(HandshakeConfigurator.REFUSED);
        if (refused != null) {
            peer.refuse(refused.toString());
        }
        return peer;
    }

    /** The request as its client made it, read through the trusted proxies. */
    ClientRequest clientOf(String scheme, String remoteAddress, Function<String, String> header) {
        return ClientRequest.of(scheme, remoteAddress, header, configuration.trustedProxies());
    }

    OriginPolicy originPolicy() {
        return originPolicy;
    }

    /** Where browsers reach this server over HTTPS, if they can. */
    HttpsAddress httpsAddress() {
        return httpsAddress;
    }

    Admission admission() {
        return admission;
    }

    /** For readiness: users, calls, tokens and open connections. */
    Census census() {
        return new Census(users.count(), calls.count(), grid.tokensStoredHere(), keepalive == null ? 0 : keepalive.count());
    }

    record Census(int users, int calls, int resumeTokens, int connections) {}

    /**
     * How many nodes share this one's grid, itself included; 0 while it is not in one (its data grid
     * has not joined yet, or has stopped). A server alone is a cluster of one.
     */
    int clusterSize() {
        try {
            return grid.size();
        } catch (RuntimeException notRunning) {
            LOG.log(Level.DEBUG, "the data grid does not answer: {0}", notRunning.toString());
            return 0;
        }
    }
}
