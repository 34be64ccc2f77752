package dev.facecall.signaling.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    private final OriginPolicy ownOrigin = new OriginPolicy(Set.of());
    private final OriginPolicy listed = new OriginPolicy(Set.of("https://call.example.org", "http://localhost:3000"));

    @Test
    void byDefaultOnlyTheServersOwnOriginIsAllowed() {
        assertTrue(ownOrigin.allows("http://localhost:8080", "http", "localhost:8080"));
        assertTrue(ownOrigin.allows("http://LocalHost:8080", "http", "localhost:8080"));
        assertFalse(ownOrigin.allows("http://127.0.0.1:8080", "http", "localhost:8080"));
        assertFalse(ownOrigin.allows("https://localhost:8080", "http", "localhost:8080"));
        assertFalse(ownOrigin.allows("http://localhost:8081", "http", "localhost:8080"));
        assertFalse(ownOrigin.allows("http://evil.example", "http", "localhost:8080"));
    }

    @Test
    void theNullOriginOfSandboxedPagesIsRefused() {
        assertFalse(ownOrigin.allows("null", "http", "localhost:8080"));
        assertFalse(listed.allows("null", "https", "call.example.org"));
    }

    @Test
    void withoutAHostHeaderNoOriginIsTheServersOwn() {
        assertFalse(ownOrigin.allows("http://localhost:8080", "http", null));
    }

    @Test
    void anAllowListReplacesTheDefault() {
        assertTrue(listed.allows("https://call.example.org", "http", "backend:8080"));
        assertTrue(listed.allows("http://localhost:3000", "http", "localhost:8080"));
        assertFalse(listed.allows("http://localhost:8080", "http", "localhost:8080"));
    }
}
