package dev.facecall.signaling.control;

import java.text.Normalizer;

/** How the protocol counts and trims strings: code points after NFC, Unicode White_Space. */
final class Texts {

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

    /** Without Unicode White_Space at either end; linear, whatever the input. */
    static String stripWhiteSpace(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isWhiteSpace(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && isWhiteSpace(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }

    /** The Unicode White_Space property (Java's own isWhitespace is a different set). */
    static boolean isWhiteSpace(int codePoint) {
        return (codePoint >= 0x09 && codePoint <= 0x0D) || codePoint == 0x20 || codePoint == 0x85
                || codePoint == 0xA0 || codePoint == 0x1680 || (codePoint >= 0x2000 && codePoint <= 0x200A)
                || codePoint == 0x2028 || codePoint == 0x2029 || codePoint == 0x202F || codePoint == 0x205F
                || codePoint == 0x3000;
    }

    static boolean isBlank(String text) {
        return text.codePoints().allMatch(Texts::isWhiteSpace);
    }
}
