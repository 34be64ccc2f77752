package dev.facecall.signaling.boundary;

import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every black-box test of the signaling endpoint shares: Arquillian starts a real Payara Micro
 * with the class's own {@code @Deployment} (one static method in each subclass, from
 * {@link TestDeployment}), the test runs as a client, and the clients it opened are closed after
 * each test.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class SignalingIT {

    @ArquillianResource
    URL base;

    /** The signaling clients of the test under way, closed when it ends. */
    final Clients clients = new Clients(() -> base);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    /** {@code ws://…/signal} of the server under test. */
    URI uri() {
        return clients.uri();
    }
}
