package dev.facecall.signaling.grid;

import com.hazelcast.core.HazelcastInstance;
import dev.facecall.signaling.control.Grid;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The Hazelcast instance of the Payara server this application runs on, as a {@link Grid}: the
 * server started it, joined the cluster with it and stops it; the application starts no
 * Hazelcast of its own.
 */
public final class ServerGrid {

    /** Where Payara binds its Hazelcast instance. */
    static final String JNDI_NAME = "payara/Hazelcast";

    private ServerGrid() {
    }

    /** The server's grid; a server without one stops the deployment with a message that says what to do. */
    public static Grid lookUp() {
        Object found;
        try {
            found = InitialContext.doLookup(JNDI_NAME);
        } catch (NamingException e) {
            throw noGrid("nothing is bound at " + JNDI_NAME + " (" + e.getMessage() + ")");
        }
        if (!(found instanceof HazelcastInstance hazelcast)) {
            throw noGrid(JNDI_NAME + " is a " + (found == null ? "null" : found.getClass().getName()) + ", not a Hazelcast instance");
        }
        if (!hazelcast.getLifecycleService().isRunning()) {
            throw noGrid("the server's Hazelcast instance is not running (started with --nohazelcast?)");
        }
        return new HazelcastGrid(hazelcast);
    }

    private static IllegalStateException noGrid(String why) {
        return new IllegalStateException("facecall.cluster is on, but the server has no data grid: " + why
                + ". Run a cluster with the README's -Dcluster command, or Payara Micro with Hazelcast on.");
    }
}
