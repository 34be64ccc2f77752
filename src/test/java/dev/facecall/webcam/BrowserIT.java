package dev.facecall.webcam;

import java.net.URL;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every browser test shares: Arquillian starts a real Payara Micro with the class's own
 * {@code @Deployment}, the test runs as a client, Chromium must be there (or the tests are skipped,
 * but fail under CI), and the browsers a test opened leave their pages after it: those that only
 * ever loaded pages serve the class's later tests as new ones, the others are closed.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class BrowserIT {

    private static final AtomicInteger RUN = new AtomicInteger();

    @ArquillianResource
    URL base;

    private final List<Browser> browsers = new ArrayList<>();
    /** Browsers at a blank page with nothing stored, left by this class's earlier tests. */
    private static final Deque<Browser> SPARE = new ArrayDeque<>();

    @BeforeAll
    static void chromium() {
        Browser.requireChromium();
    }

    @AfterEach
    void closeBrowsers() {
        for (Browser browser : browsers) {
            if (browser.leave()) {
                SPARE.push(browser);
            } else {
                browser.close();
            }
        }
        browsers.clear();
    }

    @AfterAll
    static void closeSpares() {
        SPARE.forEach(Browser::close);
        SPARE.clear();
    }

    /** A browser at the page, with extra Chromium switches; left or closed after the test. */
    Browser open(String label, List<String> arguments) {
        Browser spare = arguments.isEmpty() ? SPARE.poll() : null;
        return closedAfterTest(spare != null ? spare.reuse(label, base) : new Browser(label, base, arguments));
    }

    Browser open(String label) {
        return open(label, List.of());
    }

    /** A browser this test opened some other way, to be left or closed after it all the same. */
    Browser closedAfterTest(Browser browser) {
        browsers.add(browser);
        return browser;
    }

    /** {@code label} and a number: a name stays taken for the resume grace after the test that used it. */
    static String unique(String label) {
        return label + " " + RUN.incrementAndGet();
    }
}
