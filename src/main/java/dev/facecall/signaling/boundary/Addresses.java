package dev.facecall.signaling.boundary;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP address literals in one written form, so that {@code ::1} and {@code 0:0:0:0:0:0:0:1} are the same. */
final class Addresses {

    /** Literals only, never a name that would need DNS: four decimal parts, or hex groups with colons. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f]*:[0-9A-Fa-f:.]*(%[0-9A-Za-z_.-]+)?");

    private Addresses() {
    }

    /** The address in one form, or null when {@code text} is not an IPv4 or IPv6 literal. */
    static String normal(String text) {
        if (text == null || !IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
