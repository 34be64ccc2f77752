package dev.facecall.signaling.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Forwarded headers are believed from trusted proxies only, and read from the proxy nearest the server back. */
class ClientRequestTest {

    private static final Set<String> PROXIES = Set.of("10.0.0.2", "10.0.0.3", "0:0:0:0:0:0:0:1");

    private static ClientRequest request(String remote, String... headers) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.put("Host", "backend:8080");
        for (int i = 0; i < headers.length; i += 2) {
            byName.put(headers[i], headers[i + 1]);
        }
        return ClientRequest.of("http", remote, byName::get, PROXIES);
    }

    @Test
    void aDirectClientIsWhatItsSocketSays() {
        assertEquals(new ClientRequest("http", "backend:8080", "192.0.2.7"), request("192.0.2.7"));
    }

    @Test
    void forwardedHeadersFromAnyoneButATrustedProxyAreIgnored() {
        assertEquals(new ClientRequest("http", "backend:8080", "192.0.2.7"), request("192.0.2.7",
                "X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "call.example.org",
                "Forwarded", "for=203.0.113.9;proto=https;host=call.example.org"));
    }

    @Test
    void behindATrustedProxyTheXForwardedHeadersTell() {
        assertEquals(new ClientRequest("https", "call.example.org", "203.0.113.9"), request("10.0.0.2",
                "X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "call.example.org"));
    }

    @Test
    void theClientIsTheFirstAddressFromTheRightThatIsNoTrustedProxy() {
        assertEquals("203.0.113.9", request("10.0.0.2", "X-Forwarded-For", "198.51.100.1, 203.0.113.9, 10.0.0.3").address(),
                "a client can put anything at the left of the list; only the trusted hops are believed");
        assertEquals("10.0.0.3", request("10.0.0.2", "X-Forwarded-For", "garbage, 10.0.0.3").address(),
                "what is not an address ends the walk at the last hop believed");
    }

    @Test
    void theForwardedHeaderOfRfc7239TakesPrecedence() {
        assertEquals(new ClientRequest("https", "call.example.org", "203.0.113.9"), request("10.0.0.2",
                "Forwarded", "for=198.51.100.1, for=\"203.0.113.9:4711\";proto=https;host=call.example.org",
                "X-Forwarded-For", "192.0.2.200"));
        assertEquals("2001:db8:0:0:0:0:0:1", request("::1", "Forwarded", "for=\"[2001:db8::1]:4711\"").address());
    }

    @Test
    void anIpv6LoopbackProxyIsRecognisedInEitherSpelling() {
        assertEquals("203.0.113.9", request("0:0:0:0:0:0:0:1", "X-Forwarded-For", "203.0.113.9").address());
        assertEquals("203.0.113.9", request("::1", "X-Forwarded-For", "203.0.113.9").address());
    }

    @Test
    void theOwnOriginIsTheSchemeAndHostTheClientAddressed() {
        assertEquals("https://call.example.org", request("10.0.0.2", "X-Forwarded-Proto", "HTTPS",
                "X-Forwarded-Host", "call.example.org").ownOrigin());
    }
}
