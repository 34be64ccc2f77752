package dev.facecall.signaling.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code GET /health/ready}: UP while the signaling service takes clients, DOWN before it has
 * started, while its node is in no cluster (its data grid has not joined, or has stopped), and
 * from the moment it begins to shut down, so that a load balancer sends nobody new; with the
 * cluster's size (1 alone), the number of users, calls, resume tokens and connections it holds, and whether the savings
 * that reach into the container (Tyrus and Grizzly on Payara) are in effect: on another container
 * they are not, and the server works without them.
 */
@Readiness
@ApplicationScoped
public class SignalingHealth implements HealthCheck {

    @Inject
    Signaling signaling;

    @Override
    public HealthCheckResponse call() {
        Signaling.Census census = signaling.census();
        int clusterSize = signaling.clusterSize();
        return HealthCheckResponse.named("signaling")
                .status(signaling.isServing() && clusterSize > 0)
                .withData("clusterSize", clusterSize)
                .withData("users", census.users())
                .withData("calls", census.calls())
                .withData("resumeTokens", census.resumeTokens())
                .withData("connections", census.connections())
                .withData("idleTimersOff", TyrusIdleTimer.inEffect())
                .withData("sentFramesReleased", GrizzlyWriteBuffer.inEffect())
                .withData("framesLimitedAsRead", FrameLimitedUpgrade.inEffect())
                .withData("closesCutConnections", GrizzlyConnection.inEffect())
                .withData("textsFramedOnce", EncodedTextFrames.inEffect())
                .withData("readsHandedOnDirectly", FrameLimitedTyrusHandler.readsDirectly())
                .withData("grizzlyWebSocketAddOnOff", GrizzlyConnection.webSocketAddOnOff())
                .withData("grizzlyWebSocketAddOnPassedBy", GrizzlyConnection.webSocketAddOnPassedBy())
                .build();
    }
}
