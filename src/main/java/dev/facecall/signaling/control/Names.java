package dev.facecall.signaling.control;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import dev.facecall.signaling.entity.ErrorCode;
import dev.facecall.signaling.entity.Refusal;
import java.util.Locale;
import java.util.regex.Pattern;

/** The protocol's rules for user names: the form a name is kept in, and when two are the same. */
final class Names {

    static final int MAX_CODE_POINTS = 32;
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{M}\\p{Nd} ._-]{1," + MAX_CODE_POINTS + "}");
    private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance(); // immutable, shared

    private Names() {
    }

    /** The name as it is kept and shown: trimmed of white space and in NFC; refused if it breaks the rules. */
    static String canonical(String requested) {
        String name = Texts.nfc(Texts.stripWhiteSpace(requested));
        if (!ALLOWED.matcher(name).matches()) {
            throw new Refusal(ErrorCode.INVALID_NAME,
                    "a name is 1 to " + MAX_CODE_POINTS + " letters, digits, spaces, '.', '_' or '-'");
        }
        if (name.codePoints().anyMatch(Names::isInvisible)) {
            throw new Refusal(ErrorCode.INVALID_NAME, "a name has no invisible characters");
        }
        if (name.codePoints().noneMatch(Names::isLetterOrDigit)) {
            throw new Refusal(ErrorCode.INVALID_NAME, "a name has at least one letter or digit");
        }
        return name;
    }

    /**
     * Two names are the same user name when their keys are equal: when they are equal once
     * lower-cased in the root locale, and when they look alike, having the same skeleton once
     * NFKC-casefolded ({@code аlice} with a Cyrillic {@code а}, {@code ａｌｉｃｅ} and
     * {@code ALICE} are {@code alice}). The key is computed from the lower-cased name, so that
     * the first rule holds by construction; casefolding it then gives what casefolding the name
     * would, so the key is exactly the second rule.
     */
    static String key(String canonicalName) {
        return LookAlikes.skeleton(NFKC_CASEFOLD.normalize(canonicalName.toLowerCase(Locale.ROOT)));
    }

    /**
     * Unicode's Default_Ignorable_Code_Point, a property the JDK lacks. Among letters and marks these
     * are the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), shown as a blank or as nothing, so
     * that a name looks like another or like no name; and the grapheme joiner, Khmer inherent vowels
     * and variation selectors, drawn as nothing, which would also shield a space at an end from the
     * stripping. Refused rather than ignored when names are compared, since a name is shown as typed;
     * what a variation selector would change (a Japanese variant glyph, a Mongolian variant form)
     * is written with the plain letter.
     */
    private static boolean isInvisible(int codePoint) {
        return UCharacter.hasBinaryProperty(codePoint, UProperty.DEFAULT_IGNORABLE_CODE_POINT);
    }

    /** The same letters and digits as {@link #ALLOWED}'s {@code \p{L}} and {@code \p{Nd}}. */
    private static boolean isLetterOrDigit(int codePoint) {
        return Character.isLetter(codePoint) || Character.getType(codePoint) == Character.DECIMAL_DIGIT_NUMBER;
    }
}
