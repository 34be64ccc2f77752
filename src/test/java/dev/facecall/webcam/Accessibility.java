package dev.facecall.webcam;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * axe-core, the accessibility engine of browsers' dev tools, run in the page as it is now. Its
 * script comes from the axe-core Selenium artifact (no download at test time) and is evaluated
 * through DevTools, because the page's Content-Security-Policy rightly refuses inline scripts.
 */
final class Accessibility {

    private static final String AXE = load();

    private Accessibility() {
    }

    /** The violations of impact {@code serious} or {@code critical}, each as "rule: nodes". */
    static List<String> seriousViolations(Browser browser) {
        browser.evaluateGlobally(AXE);
        List<?> found = (List<?>) browser.jsAsync("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(result => done(result.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))),
                  error => done(['axe failed: ' + error]));
                """);
        return found.stream().map(String::valueOf).toList();
    }

    private static String load() {
        try (InputStream in = Accessibility.class.getResourceAsStream("/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js missing: the com.deque.html.axe-core:selenium test dependency ships it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
