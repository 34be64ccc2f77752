package dev.facecall.signaling.control;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TURN credentials that a TURN server checks without asking us: the scheme of coturn's
 * {@code use-auth-secret} (the "TURN REST API" draft, draft-uberti-behave-turn-rest-00). The
 * username is {@code <expiry in unix seconds>:<user id>}, the credential is
 * base64(HMAC-SHA1(secret, username)); the TURN server, knowing the secret, recomputes it and
 * refuses it once the expiry has passed. So every anonymous visitor gets a relay, but only for a
 * while, and never the secret, which stays here: not in {@link #toString()}, nor in any message.
 */
public final class TurnCredentials implements IceServers {

    private static final String HMAC = "HmacSHA1";

    private final JsonArray fixed;
    private final List<String> urls;
    private final SecretKeySpec secret;
    private final Duration lifetime;

    /**
     * @param fixed servers handed to everyone as they are, ahead of the TURN entry
     * @param urls the TURN server's {@code turn:} and {@code turns:} URLs
     * @param secret the secret shared with the TURN server ({@code static-auth-secret})
     * @param lifetime how long a credential stays good
     */
    public TurnCredentials(JsonArray fixed, List<String> urls, String secret, Duration lifetime) {
        if (urls.isEmpty() || secret.isEmpty() || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("TURN credentials need URLs, a secret and a lifetime");
        }
        this.fixed = fixed;
        this.urls = List.copyOf(urls);
        this.secret = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC);
        this.lifetime = lifetime;
    }

    @Override
    public JsonArray of(String userId, Instant now) {
        String username = now.plus(lifetime).getEpochSecond() + ":" + userId;
        JsonArrayBuilder turnUrls = Json.createArrayBuilder();
        urls.forEach(turnUrls::add);
        return Json.createArrayBuilder(fixed)
                .add(Json.createObjectBuilder()
                        .add("urls", turnUrls)
                        .add("username", username)
                        .add("credential", credential(username)))
                .build();
    }

    /** base64(HMAC-SHA1(secret, username)). */
    String credential(String username) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(secret);
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no " + HMAC + " in this JDK", e); // every JDK has it
        }
    }

    @Override
    public String toString() {
        return "TURN " + String.join(", ", urls) + ", credentials good for " + lifetime.toSeconds() + " s";
    }
}
