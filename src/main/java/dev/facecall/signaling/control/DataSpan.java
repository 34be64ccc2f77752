package dev.facecall.signaling.control;

/**
 * Where a message's {@code data} object lies in its text, found by a scan that also checks the
 * whole text is one well-formed JSON object. A signal's data is an SDP of a few kilobytes with an
 * escaped line break on every line, and JSON-P's parser (Parsson) copies every character of a
 * string one at a time once it has met an escape: walking the data through the parser was the
 * largest single cost of a relayed message (docs/performance.md, change 13). This scan only looks
 * at each character once.
 *
 * <p>It accepts a strict part of JSON and leaves everything else to the parser: it answers null,
 * and the parser then reads the text as before, for a text that is not JSON, whose top-level names
 * hold an escape, that names {@code data} twice or not as an object, or that holds a number longer
 * than {@value #MAX_NUMBER_LENGTH} characters or with an exponent of more than
 * {@value #MAX_EXPONENT_DIGITS} digits (numbers the parser may refuse), or nesting deeper than
 * {@value #MAX_DEPTH}. So whatever it accepts, the parser would accept too, with the same members.
 *
 * @param start the index of the data object's opening brace
 * @param end the index just after its closing brace
 */
record DataSpan(int start, int end) {

    static final int MAX_DEPTH = 32;
    static final int MAX_NUMBER_LENGTH = 32;
    static final int MAX_EXPONENT_DIGITS = 2;
    private static final int NO = -1;

    /** The top-level {@code data} object of {@code text}, or null where the parser is to read the text as it is. */
    static DataSpan in(String text) {
        int at = space(text, 0);
        DataSpan[] data = new DataSpan[1];
        if (!is(text, at, '{') || (at = object(text, at, 0, data)) == NO || space(text, at) != text.length()) {
            return null;
        }
        return data[0];
    }

    /** The data object's text. */
    String of(String text) {
        return text.substring(start, end);
    }

    /** {@code text} with an empty object in the data's place, for the parser to read the other members. */
    String without(String text) {
        return text.substring(0, start) + "{}" + text.substring(end);
    }

    /** The index just after the value at {@code at}, or {@link #NO}. */
    private static int value(String text, int at, int depth) {
        if (at >= text.length()) {
            return NO;
        }
        return switch (text.charAt(at)) {
            case '{' -> depth > MAX_DEPTH ? NO : object(text, at, depth, null);
            case '[' -> depth > MAX_DEPTH ? NO : array(text, at, depth);
            case '"' -> string(text, at, true);
            case 't' -> word(text, at, "true");
            case 'f' -> word(text, at, "false");
            case 'n' -> word(text, at, "null");
            default -> number(text, at);
        };
    }

    /**
     * The index after the object at {@code at}. At the top level, {@code data} is its one slot for
     * the data object: there names with an escape, and {@code data} twice or not as an object, are
     * refused. Inside, {@code data} is null.
     */
    private static int object(String text, int at, int depth, DataSpan[] data) {
        at = space(text, at + 1);
        if (is(text, at, '}')) {
            return at + 1;
        }
        while (true) {
            int name = at + 1;
            if (!is(text, at, '"') || (at = string(text, at, data == null)) == NO) {
                return NO;
            }
            boolean isData = data != null && at - name == 5 && text.startsWith("data", name);
            if (!is(text, at = space(text, at), ':')) {
                return NO;
            }
            int value = space(text, at + 1);
            if ((at = value(text, value, depth + 1)) == NO) {
                return NO;
            }
            if (isData) {
                if (data[0] != null || text.charAt(value) != '{') {
                    return NO;
                }
                data[0] = new DataSpan(value, at);
            }
            at = space(text, at);
            if (is(text, at, '}')) {
                return at + 1;
            }
            if (!is(text, at, ',')) {
                return NO;
            }
            at = space(text, at + 1);
        }
    }

    private static int array(String text, int at, int depth) {
        at = space(text, at + 1);
        if (is(text, at, ']')) {
            return at + 1;
        }
        while (true) {
            if ((at = value(text, at, depth + 1)) == NO) {
                return NO;
            }
            at = space(text, at);
            if (is(text, at, ']')) {
                return at + 1;
            }
            if (!is(text, at, ',')) {
                return NO;
            }
            at = space(text, at + 1);
        }
    }

    /** The index after the string whose opening quote is at {@code at}; with {@code escapes} false, one with an escape is refused. */
    private static int string(String text, int at, boolean escapes) {
        int length = text.length();
        int i = at + 1;
        while (true) {
            char c = 0;
            while (i < length && (c = text.charAt(i)) >= 0x20 && c != '"' && c != '\\') {
                i++; // the run of plain characters between escapes, a line of an SDP
            }
            if (i >= length || c < 0x20) {
                return NO;
            }
            if (c == '"') {
                return i + 1;
            }
            if (!escapes || i + 1 >= length) {
                return NO;
            }
            switch (text.charAt(i + 1)) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i += 2;
                case 'u' -> {
                    if (i + 5 >= length || !hex(text.charAt(i + 2)) || !hex(text.charAt(i + 3))
                            || !hex(text.charAt(i + 4)) || !hex(text.charAt(i + 5))) {
                        return NO;
                    }
                    i += 6;
                }
                default -> {
                    return NO;
                }
            }
        }
    }

    /** JSON's number: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}, within the limits above. */
    private static int number(String text, int at) {
        int i = at;
        if (is(text, i, '-')) {
            i++;
        }
        if (is(text, i, '0')) {
            i++;
        } else if (i < text.length() && text.charAt(i) >= '1' && text.charAt(i) <= '9') {
            i = digits(text, i);
        } else {
            return NO;
        }
        if (is(text, i, '.')) {
            int fraction = i + 1;
            if ((i = digits(text, fraction)) == fraction) {
                return NO;
            }
        }
        if (is(text, i, 'e') || is(text, i, 'E')) {
            i++;
            if (is(text, i, '+') || is(text, i, '-')) {
                i++;
            }
            int exponent = i;
            i = digits(text, exponent);
            if (i == exponent || i - exponent > MAX_EXPONENT_DIGITS) {
                return NO;
            }
        }
        return i - at > MAX_NUMBER_LENGTH ? NO : i;
    }

    private static int digits(String text, int at) {
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        return at;
    }

    private static int word(String text, int at, String word) {
        return text.startsWith(word, at) ? at + word.length() : NO;
    }

    /** The index of the first character at or after {@code at} that is not JSON's white space. */
    private static int space(String text, int at) {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            at++;
        }
        return at;
    }

    private static boolean is(String text, int at, char c) {
        return at >= 0 && at < text.length() && text.charAt(at) == c;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
