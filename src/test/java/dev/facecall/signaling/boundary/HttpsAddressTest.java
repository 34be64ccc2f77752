package dev.facecall.signaling.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a page's HTTPS address is, and which plain-HTTP requests are sent there. */
class HttpsAddressTest {

    private final HttpsAddress on = new HttpsAddress(8443);
    private final HttpsAddress off = new HttpsAddress(0);

    private static ClientRequest from(String scheme, String host, String address) {
        return new ClientRequest(scheme, host, address);
    }

    @Test
    void theHttpsAddressIsTheHostTheClientAddressedAtTheHttpsPort() {
        assertEquals(Optional.of("https://192.168.1.20:8443/"), on.page(from("http", "192.168.1.20:8080", "192.168.1.7"), ""));
        assertEquals(Optional.of("https://laptop.local:8443/app/"), on.page(from("http", "laptop.local", "192.168.1.7"), "/app"));
        assertEquals(Optional.of("https://[fd00::20]:8443/"), on.page(from("http", "[fd00::20]:8080", "fd00::7"), ""));
        assertEquals(Optional.of("https://call.example.org/"), new HttpsAddress(443).page(from("http", "call.example.org", "192.0.2.7"), ""));
    }

    @Test
    void noneWithoutHttpsOrWithoutAHostThatIsAName() {
        assertEquals(Optional.empty(), off.page(from("http", "192.168.1.20:8080", "192.168.1.7"), ""));
        assertEquals(Optional.empty(), on.page(from("http", null, "192.168.1.7"), ""));
        assertEquals(Optional.empty(), on.page(from("http", "evil.example/\"><script>", "192.168.1.7"), ""));
        assertEquals(Optional.empty(), on.page(from("http", "a@b:8080", "192.168.1.7"), ""));
    }

    @Test
    void plainHttpFromAnotherMachineIsSentToHttpsWithItsPathAndQuery() {
        assertEquals(Optional.of("https://192.168.1.20:8443/js/app.js?v=2"),
                on.redirect(from("http", "192.168.1.20:8080", "192.168.1.7"), "/js/app.js?v=2"));
    }

    @Test
    void thisMachineHttpsRequestsAndServersWithoutHttpsAreNotRedirected() {
        assertEquals(Optional.empty(), on.redirect(from("http", "localhost:8080", "127.0.0.1"), "/"));
        assertEquals(Optional.empty(), on.redirect(from("http", "192.168.1.20:8080", "0:0:0:0:0:0:0:1"), "/"));
        assertEquals(Optional.empty(), on.redirect(from("https", "192.168.1.20:8443", "192.168.1.7"), "/"));
        assertEquals(Optional.empty(), off.redirect(from("http", "192.168.1.20:8080", "192.168.1.7"), "/"));
    }

    @Test
    void behindATrustedProxyItsForwardedSchemeAndHostDecide() {
        ClientRequest viaTls = ClientRequest.of("http", "127.0.0.1",
                header -> switch (header) {
                    case "Host" -> "127.0.0.1:8080";
                    case "X-Forwarded-For" -> "203.0.113.9";
                    case "X-Forwarded-Proto" -> "https";
                    case "X-Forwarded-Host" -> "call.example.org";
                    default -> null;
                }, java.util.Set.of("127.0.0.1"));
        ClientRequest viaPlain = ClientRequest.of("http", "127.0.0.1",
                header -> switch (header) {
                    case "Host" -> "127.0.0.1:8080";
                    case "X-Forwarded-For" -> "203.0.113.9";
                    case "X-Forwarded-Host" -> "call.example.org";
                    default -> null;
                }, java.util.Set.of("127.0.0.1"));

        assertEquals(Optional.empty(), new HttpsAddress(443).redirect(viaTls, "/"));
        assertEquals(Optional.of("https://call.example.org/"), new HttpsAddress(443).redirect(viaPlain, "/"));
    }
}
