package dev.facecall.signaling.boundary;

import dev.facecall.signaling.control.IceServers;
import dev.facecall.signaling.control.Settings;
import dev.facecall.signaling.control.TurnCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import java.io.StringReader;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The operator's settings, from MicroProfile Config: system properties, environment variables
 * ({@code FACECALL_RING_SECONDS}, …) or {@code META-INF/microprofile-config.properties}. A value
 * out of its range stops the deployment with a message that names the setting.
 */
@ApplicationScoped
public class Configuration {

    @Inject
    @ConfigProperty(name = "facecall.ring-seconds", defaultValue = "30")
    int ringSeconds;

    @Inject
    @ConfigProperty(name = "facecall.resume-seconds", defaultValue = "15")
    int resumeSeconds;

    /** A JSON array of RTCIceServer objects, for example {@code [{"urls":"stun:stun.example.org:3478"}]}. */
    @Inject
    @ConfigProperty(name = "facecall.ice-servers", defaultValue = "[]")
    String iceServers;

    @Inject
    @ConfigProperty(name = "facecall.presence-coalesce-millis", defaultValue = "20")
    int presenceCoalesceMillis;

    @Inject
    @ConfigProperty(name = "facecall.keepalive.ping-after-millis", defaultValue = "20000")
    long pingAfterMillis;

    @Inject
    @ConfigProperty(name = "facecall.keepalive.close-after-millis", defaultValue = "45000")
    long closeAfterMillis;

    @Inject
    @ConfigProperty(name = "facecall.login-deadline-seconds", defaultValue = "10")
    int loginDeadlineSeconds;

    /** Origins whose pages may open the signaling socket, comma separated; empty: the server's own. */
    @Inject
    @ConfigProperty(name = "facecall.allowed-origins", defaultValue = " ")
    String allowedOrigins;

    /** Host names (with a port or not) the server answers to, comma separated; empty: any. */
    @Inject
    @ConfigProperty(name = "facecall.allowed-hosts", defaultValue = " ")
    String allowedHosts;

    /** Addresses of reverse proxies whose forwarded headers are believed, comma separated. */
    @Inject
    @ConfigProperty(name = "facecall.trusted-proxies", defaultValue = " ")
    String trustedProxies;

    @Inject
    @ConfigProperty(name = "facecall.max-connections-per-address", defaultValue = "100")
    int maxConnectionsPerAddress;

    /** {@code all}, or {@code relay}: pages send media through a TURN relay only. */
    @Inject
    @ConfigProperty(name = "facecall.ice-transport-policy", defaultValue = "all")
    String iceTransportPolicy;

    /**
     * The secret shared with the TURN server (coturn's {@code static-auth-secret}), from which each
     * user's credential is made; never shown, not even in a message about a wrong setting.
     */
    @Inject
    @ConfigProperty(name = "facecall.turn.secret", defaultValue = " ")
    String turnSecret;

    /** The TURN server's {@code turn:} and {@code turns:} URLs, comma separated. */
    @Inject
    @ConfigProperty(name = "facecall.turn.urls", defaultValue = " ")
    String turnUrls;

    @Inject
    @ConfigProperty(name = "facecall.turn.ttl-seconds", defaultValue = "86400")
    long turnTtlSeconds;

    /** The port browsers reach this server on over HTTPS; 0: it serves no HTTPS. */
    @Inject
    @ConfigProperty(name = "facecall.https-port", defaultValue = "0")
    int httpsPort;

    /**
     * Whether this node is one of a cluster, sharing users and calls with the other nodes through
     * the server's data grid ({@code -Dcluster=…} on the run command sets it); off, it is alone.
     */
    @Inject
    @ConfigProperty(name = "facecall.cluster", defaultValue = "false")
    boolean cluster;

    boolean cluster() {
        return cluster;
    }

    OriginPolicy originPolicy() {
        return new OriginPolicy(list(allowedOrigins, false), list(allowedHosts, true));
    }

    Set<String> trustedProxies() {
        return list(trustedProxies, false).stream()
                .map(address -> {
                    String normal = Addresses.normal(address);
                    require(normal != null, "facecall.trusted-proxies", "IP addresses, not " + address);
                    return normal;
                })
                .collect(Collectors.toUnmodifiableSet());
    }

    int maxConnectionsPerAddress() {
        require(maxConnectionsPerAddress >= 0, "facecall.max-connections-per-address", "0 (no cap) or more");
        return maxConnectionsPerAddress;
    }

    Settings settings() {
        require(ringSeconds > 0, "facecall.ring-seconds", "at least 1");
        require(resumeSeconds > 0, "facecall.resume-seconds", "at least 1");
        require(presenceCoalesceMillis >= 0 && presenceCoalesceMillis <= 1000,
                "facecall.presence-coalesce-millis", "0 to 1000");
        require(loginDeadlineSeconds > 0, "facecall.login-deadline-seconds", "at least 1");
        require(iceTransportPolicy.equals("all") || iceTransportPolicy.equals("relay"),
                "facecall.ice-transport-policy", "all or relay, not " + iceTransportPolicy);
        return new Settings(Duration.ofSeconds(ringSeconds), Duration.ofSeconds(resumeSeconds),
                iceServersPerUser(), Duration.ofMillis(presenceCoalesceMillis), Duration.ofSeconds(loginDeadlineSeconds),
                iceTransportPolicy);
    }

    HttpsAddress httpsAddress() {
        require(httpsPort >= 0 && httpsPort <= 65_535, "facecall.https-port", "0 (no HTTPS) to 65535");
        return new HttpsAddress(httpsPort);
    }

    /** The fixed servers, and a TURN entry with credentials of each user's own when a TURN secret is set. */
    private IceServers iceServersPerUser() {
        JsonArray fixed = iceServers();
        List<String> urls = turnUrls();
        boolean secret = !turnSecret.isBlank();
        if (urls.isEmpty() && !secret) {
            return IceServers.fixed(fixed);
        }
        require(secret, "facecall.turn.secret", "set when facecall.turn.urls is");
        require(!urls.isEmpty(), "facecall.turn.urls", "one or more turn: or turns: URLs when facecall.turn.secret is set");
        require(turnTtlSeconds >= 60, "facecall.turn.ttl-seconds", "at least 60");
        return new TurnCredentials(fixed, urls, turnSecret.strip(), Duration.ofSeconds(turnTtlSeconds));
    }

    private List<String> turnUrls() {
        List<String> urls = Arrays.stream(turnUrls.split(",")).map(String::strip).filter(url -> !url.isEmpty()).toList();
        for (String url : urls) {
            String scheme = url.toLowerCase(Locale.ROOT);
            require(scheme.startsWith("turn:") || scheme.startsWith("turns:"), "facecall.turn.urls",
                    "turn: or turns: URLs, not " + url);
        }
        return urls;
    }

    Duration pingAfter() {
        require(pingAfterMillis >= 100, "facecall.keepalive.ping-after-millis", "at least 100");
        return Duration.ofMillis(pingAfterMillis);
    }

    Duration closeAfter() {
        require(closeAfterMillis > pingAfterMillis, "facecall.keepalive.close-after-millis",
                "more than facecall.keepalive.ping-after-millis (" + pingAfterMillis + ")");
        return Duration.ofMillis(closeAfterMillis);
    }

    private JsonArray iceServers() {
        try (var reader = Json.createReader(new StringReader(iceServers))) {
            return reader.readArray();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("facecall.ice-servers must be a JSON array: " + e.getMessage(), e);
        }
    }

    private static Set<String> list(String commaSeparated, boolean lowerCase) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .map(entry -> lowerCase ? entry.toLowerCase(Locale.ROOT) : entry)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static void require(boolean holds, String setting, String expected) {
        if (!holds) {
            throw new IllegalArgumentException(setting + " must be " + expected);
        }
    }

    @Override
    public String toString() {
        return "ring " + ringSeconds + " s, resume " + resumeSeconds + " s, login within " + loginDeadlineSeconds
                + " s, keepalive " + pingAfterMillis + "/" + closeAfterMillis + " ms, at most "
                + (maxConnectionsPerAddress == 0 ? "any number of" : String.valueOf(maxConnectionsPerAddress))
                + " connections per address, "
                + (turnUrls.isBlank() ? "no TURN credentials" : "TURN credentials for " + turnUrls.strip()
                        + " good for " + turnTtlSeconds + " s")
                + (httpsPort == 0 ? "" : ", HTTPS on port " + httpsPort)
                + (cluster ? ", one node of a cluster" : ", alone");
    }
}
