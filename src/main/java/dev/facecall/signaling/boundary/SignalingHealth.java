package dev.facecall.signaling.boundary;

import dev.facecall.signaling.control.Calls;
import dev.facecall.signaling.control.Users;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code GET /health/ready}: the signaling service is up, and how many users, calls and connections it holds. */
@Readiness
@ApplicationScoped
public class SignalingHealth implements HealthCheck {

    @Inject
    Signaling signaling;

    @Inject
    Users users;

    @Inject
    Calls calls;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("signaling")
                .status(signaling.exchange() != null)
                .withData("users", users.count())
                .withData("calls", calls.count())
                .withData("resumeTokens", users.tokens())
                .withData("connections", signaling.keepalive().count())
                .build();
    }
}
