package dev.facecall.signaling.control;

import dev.facecall.signaling.entity.ErrorCode;
import dev.facecall.signaling.entity.Refusal;
import java.util.Locale;
import java.util.regex.Pattern;

/** The protocol's rules for user names: the form a name is kept in, and when two are the same. */
final class Names {

    static final int MAX_CODE_POINTS = 32;
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{M}\\p{Nd} ._-]{1," + MAX_CODE_POINTS + "}");

    private Names() {
    }

    /** The name as it is kept and shown: trimmed of white space and in NFC; refused if it breaks the rules. */
    static String canonical(String requested) {
        String name = Texts.nfc(Texts.stripWhiteSpace(requested));
        if (!ALLOWED.matcher(name).matches()) {
            throw new Refusal(ErrorCode.INVALID_NAME,
                    "a name is 1 to " + MAX_CODE_POINTS + " letters, digits, spaces, '.', '_' or '-'");
        }
        return name;
    }

    /** Two names are the same user name when their keys are equal. */
    static String key(String canonicalName) {
        return canonicalName.toLowerCase(Locale.ROOT);
    }
}
