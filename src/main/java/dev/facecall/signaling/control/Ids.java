package dev.facecall.signaling.control;

import java.security.SecureRandom;
import java.util.Base64;

/** Server-chosen ids and secrets: URL-safe, random, and of different shapes so they never mix. */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

    private Ids() {
    }

    /** A user's id: "u" and 12 random characters. */
    static String user() {
        return "u" + random(9);
    }

    /** A call's id: "c" and 12 random characters. */
    static String call() {
        return "c" + random(9);
    }

    /** A resume secret: 192 random bits in 32 characters. */
    static String secret() {
        return random(24);
    }

    private static String random(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return URL_SAFE.encodeToString(buffer);
    }
}
