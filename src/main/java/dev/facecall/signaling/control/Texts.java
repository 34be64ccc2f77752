package dev.facecall.signaling.control;

import java.text.Normalizer;
import java.util.regex.Pattern;

/** How the protocol counts and trims strings: code points after NFC, Unicode White_Space. */
final class Texts {

    private static final Pattern EDGE_WHITE_SPACE =
            Pattern.compile("^\\p{IsWhite_Space}+|\\p{IsWhite_Space}+$");
    private static final Pattern ALL_WHITE_SPACE = Pattern.compile("\\p{IsWhite_Space}*");

    private Texts() {
    }

    static String nfc(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    static int codePoints(String text) {
        String normalized = nfc(text);
        return normalized.codePointCount(0, normalized.length());
    }

    static boolean lengthWithin(String text, int min, int max) {
        int count = codePoints(text);
        return count >= min && count <= max;
    }

    static String stripWhiteSpace(String text) {
        return EDGE_WHITE_SPACE.matcher(text).replaceAll("");
    }

    static boolean isBlank(String text) {
        return ALL_WHITE_SPACE.matcher(text).matches();
    }
}
