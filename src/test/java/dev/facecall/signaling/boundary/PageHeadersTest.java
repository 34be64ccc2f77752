package dev.facecall.signaling.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The policy the page is served with, read as a browser reads it. Served for real: PageLooksIT. */
class PageHeadersTest {

    private static final Map<String, String> DIRECTIVES = Arrays.stream(PageHeaders.CONTENT_SECURITY_POLICY.split(";"))
            .map(String::trim)
            .collect(Collectors.toMap(d -> d.split(" ", 2)[0], d -> d.split(" ", 2)[1]));

    @Test
    void scriptsStylesAndSocketsComeOnlyFromThePagesOwnServer() {
        assertEquals("'none'", DIRECTIVES.get("default-src"), "anything not named is refused");
        assertEquals("'self'", DIRECTIVES.get("script-src"));
        assertEquals("'self'", DIRECTIVES.get("style-src"));
        assertEquals("'self'", DIRECTIVES.get("connect-src"), "covers ws: and wss: to the same host");
        assertFalse(PageHeaders.CONTENT_SECURITY_POLICY.contains("unsafe"), "no inline script or style, no eval");
    }

    @Test
    void noSiteMayFrameThePage() {
        assertEquals("'none'", DIRECTIVES.get("frame-ancestors"));
        assertEquals("DENY", PageHeaders.HEADERS.get("X-Frame-Options"), "for browsers before CSP 2");
    }

    @Test
    void cameraMicrophoneAndScreenAreForThePageItselfOnly() {
        Map<String, String> features = Arrays.stream(PageHeaders.HEADERS.get("Permissions-Policy").split(","))
                .map(String::trim)
                .collect(Collectors.toMap(f -> f.split("=")[0], f -> f.split("=")[1]));
        for (String feature : new String[] {"camera", "microphone", "display-capture"}) {
            assertEquals("(self)", features.get(feature), feature);
        }
        assertEquals("nosniff", PageHeaders.HEADERS.get("X-Content-Type-Options"));
        assertEquals("no-referrer", PageHeaders.HEADERS.get("Referrer-Policy"));
    }
}
