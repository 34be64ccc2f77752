package dev.facecall.webcam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.facecall.signaling.boundary.ServerProcess;
import dev.facecall.signaling.boundary.SignalClient;
import dev.facecall.signaling.boundary.TestDeployment;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server stops (Payara Micro is shut down, which undeploys the app): every client is told
 * with 1001, and the page finds the next server that comes up at the same address by itself.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ShutdownIT {

    private static final String APP = "app";

    @Deployment(name = APP, managed = false, testable = false)
    static WebArchive app() {
        return TestDeployment.app();
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void clientsAreToldWith1001AndThePageComesBackOnTheNextServer() {
        Browser.requireChromium();
        deployer.deploy(APP);
        URL base = ServerProcess.payaraMicro().baseUrl();
        try (SignalClient client = SignalClient.login(SignalClient.signalUri(base), "Listener");
                Browser page = new Browser("Page", base)) {
            page.loginAndWait("Steady");
            deployer.undeploy(APP);
            assertEquals(1001, client.awaitClose());
            page.awaitBody("data-connection", "reconnecting");

            deployer.deploy(APP);
            page.awaitBody("data-connection", "online");
            assertEquals("Steady", page.byTestId("self-name").getText());
            page.screenshot("back-on-the-next-server");
        } finally {
            deployer.undeploy(APP);
        }
    }
}
