package dev.facecall.signaling.boundary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One hop of an RFC 7239 {@code Forwarded} header: {@code for=192.0.2.60;proto=https;host=example.org}.
 *
 * @param forAddress the address the hop received the request from, or null when it is hidden
 *                   ({@code unknown}, an obfuscated {@code _name}) or not an IP address
 */
record ForwardedElement(String forAddress, String proto, String host) {

    /** The hops of a {@code Forwarded} header, the client's first; a header that does not parse gives none. */
    static List<ForwardedElement> parse(String header) {
        List<ForwardedElement> hops = new ArrayList<>();
        for (String element : splitOutsideQuotes(header, ',')) {
            String forAddress = null;
            String proto = null;
            String host = null;
            for (String pair : splitOutsideQuotes(element, ';')) {
                int equals = pair.indexOf('=');
                if (equals < 0) {
                    continue;
                }
                String name = pair.substring(0, equals).strip().toLowerCase(Locale.ROOT);
                String value = unquoted(pair.substring(equals + 1).strip());
                switch (name) {
                    case "for" -> forAddress = Addresses.normal(withoutPort(value));
                    case "proto" -> proto = value;
                    case "host" -> host = value;
                    default -> { }
                }
            }
            hops.add(new ForwardedElement(forAddress, proto, host));
        }
        return hops;
    }

    /** {@code [2001:db8::1]:4711} → {@code 2001:db8::1}; {@code 192.0.2.60:80} → {@code 192.0.2.60}. */
    private static String withoutPort(String node) {
        if (node.startsWith("[")) {
            int end = node.indexOf(']');
            return end < 0 ? node : node.substring(1, end);
        }
        int colon = node.indexOf(':');
        return colon >= 0 && colon == node.lastIndexOf(':') ? node.substring(0, colon) : node;
    }

    private static String unquoted(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"");
        }
        return value;
    }

    private static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }
}
