package dev.facecall.signaling.boundary;

import dev.facecall.signaling.control.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import java.io.StringReader;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The operator's settings, from MicroProfile Config: system properties, environment variables
 * ({@code FACECALL_RING_SECONDS}, …) or {@code META-INF/microprofile-config.properties}.
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

    /** Origins whose pages may open the signaling socket, comma separated; empty: the server's own. */
    @Inject
    @ConfigProperty(name = "facecall.allowed-origins", defaultValue = " ")
    String allowedOrigins;

    OriginPolicy originPolicy() {
        return new OriginPolicy(Arrays.stream(allowedOrigins.split(","))
                .map(String::strip)
                .filter(origin -> !origin.isEmpty())
                .collect(Collectors.toUnmodifiableSet()));
    }

    Settings settings() {
        return new Settings(Duration.ofSeconds(ringSeconds), Duration.ofSeconds(resumeSeconds),
                iceServers(), Duration.ofMillis(presenceCoalesceMillis));
    }

    Duration pingAfter() {
        return Duration.ofMillis(pingAfterMillis);
    }

    Duration closeAfter() {
        return Duration.ofMillis(closeAfterMillis);
    }

    private JsonArray iceServers() {
        try (var reader = Json.createReader(new StringReader(iceServers))) {
            return reader.readArray();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("facecall.ice-servers must be a JSON array: " + e.getMessage(), e);
        }
    }
}
