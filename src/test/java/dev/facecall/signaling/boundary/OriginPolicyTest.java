package dev.facecall.signaling.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    private final OriginPolicy ownOrigin = new OriginPolicy(Set.of(), Set.of());
    private final OriginPolicy listed = new OriginPolicy(Set.of("https://call.example.org", "http://localhost:3000"), Set.of());
    private final OriginPolicy hosts = new OriginPolicy(Set.of(), Set.of("call.example.org", "localhost:8080"));

    private static ClientRequest at(String scheme, String host) {
        return new ClientRequest(scheme, host, "127.0.0.1");
    }

    @Test
    void byDefaultOnlyTheServersOwnOriginIsAllowed() {
        assertTrue(ownOrigin.originAllowed("http://localhost:8080", at("http", "localhost:8080")));
        assertTrue(ownOrigin.originAllowed("http://LocalHost:8080", at("http", "localhost:8080")));
        assertFalse(ownOrigin.originAllowed("http://127.0.0.1:8080", at("http", "localhost:8080")));
        assertFalse(ownOrigin.originAllowed("https://localhost:8080", at("http", "localhost:8080")));
        assertFalse(ownOrigin.originAllowed("http://localhost:8081", at("http", "localhost:8080")));
        assertFalse(ownOrigin.originAllowed("http://evil.example", at("http", "localhost:8080")));
    }

    @Test
    void theNullOriginOfSandboxedPagesIsRefused() {
        assertFalse(ownOrigin.originAllowed("null", at("http", "localhost:8080")));
        assertFalse(listed.originAllowed("null", at("https", "call.example.org")));
    }

    @Test
    void withoutAHostHeaderNoOriginIsTheServersOwn() {
        assertFalse(ownOrigin.originAllowed("http://localhost:8080", at("http", null)));
    }

    @Test
    void anAllowListReplacesTheDefault() {
        assertTrue(listed.originAllowed("https://call.example.org", at("http", "backend:8080")));
        assertTrue(listed.originAllowed("http://localhost:3000", at("http", "localhost:8080")));
        assertFalse(listed.originAllowed("http://localhost:8080", at("http", "localhost:8080")));
    }

    @Test
    void withoutAHostListEveryHostIsAnswered() {
        assertTrue(ownOrigin.hostAllowed("anything.example:1234"));
        assertTrue(ownOrigin.hostAllowed(null));
    }

    @Test
    void aHostListRefusesNamesTheOperatorDidNotListAgainstDnsRebinding() {
        assertTrue(hosts.hostAllowed("call.example.org"));
        assertTrue(hosts.hostAllowed("CALL.example.org:443"), "a listed name without a port takes any port");
        assertTrue(hosts.hostAllowed("localhost:8080"));
        assertFalse(hosts.hostAllowed("localhost:8081"), "a listed name with a port takes that port only");
        assertFalse(hosts.hostAllowed("rebound.attacker.example:8080"));
        assertFalse(hosts.hostAllowed(null));
    }

    @Test
    void theConfiguratorsOwnCheckFromHeadersAloneRefusesWhatTheFilterWould() {
        assertNull(HandshakeConfigurator.refusal(ownOrigin, "localhost:8080", null), "no Origin: not a browser");
        assertNull(HandshakeConfigurator.refusal(ownOrigin, "localhost:8080", "http://localhost:8080"));
        assertNull(HandshakeConfigurator.refusal(ownOrigin, "localhost:8080", "https://localhost:8080"),
                "the scheme is not known to it");
        assertEquals("origin not allowed", HandshakeConfigurator.refusal(ownOrigin, "localhost:8080", "http://evil.example"));
        assertEquals("origin not allowed", HandshakeConfigurator.refusal(ownOrigin, "localhost:8080", "null"));
        assertEquals("host not allowed", HandshakeConfigurator.refusal(hosts, "rebound.example", "http://rebound.example"));
    }
}
