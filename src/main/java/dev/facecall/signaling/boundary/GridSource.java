package dev.facecall.signaling.boundary;

import dev.facecall.signaling.control.Grid;
import dev.facecall.signaling.control.SingleNodeGrid;
import dev.facecall.signaling.grid.ServerGrid;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * The one {@link Grid} of the application: alone, maps in this JVM; in a cluster
 * ({@code facecall.cluster}), the data grid of the server it runs on. The Hazelcast classes are
 * touched only in a cluster, so that the application deploys unchanged where there are none.
 */
@ApplicationScoped
public class GridSource {

    @Inject
    Configuration configuration;

    @Produces
    @ApplicationScoped
    Grid grid() {
        return configuration.cluster() ? ServerGrid.lookUp() : new SingleNodeGrid();
    }
}
