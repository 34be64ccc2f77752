package dev.facecall.signaling.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one user's client can tell about its calls from the messages it received, in order, over
 * all its connections: {@code calling}, {@code incoming} and {@code accepted} open a call,
 * {@code ended} closes it. A call may open while another is still live only if the other's
 * {@code ended} is on its way (a resume restates the live call before it hands over what was
 * held; a call can end on one thread while the next one starts on another): such a call must end
 * later, and a call never ends twice.
 */
final class CallView {

    private final String user;
    private final Set<String> live = new LinkedHashSet<>();
    private final Set<String> opened = new LinkedHashSet<>();
    private final Set<String> overtaken = new LinkedHashSet<>();
    private final Map<String, Integer> endings = new HashMap<>();

    CallView(String user) {
        this.user = user;
    }

    /** Takes in one received message; fails when a call ends a second time. */
    void apply(JsonObject message) {
        switch (message.getString("type")) {
            case "calling", "incoming", "accepted" -> open(message.getString("call"));
            case "ended" -> end(message.getString("call"), message);
            default -> { }
        }
    }

    private void open(String call) {
        if (!live.contains(call)) {
            overtaken.addAll(live);
        }
        live.add(call);
        opened.add(call);
    }

    private void end(String call, JsonObject message) {
        int times = endings.merge(call, 1, Integer::sum);
        assertEquals(1, times, () -> user + " heard call " + call + " end a second time: " + message);
        live.remove(call);
        overtaken.remove(call);
    }

    /** The calls the client believes live. */
    Set<String> live() {
        return Set.copyOf(live);
    }

    /** Every call the client heard of as ringing or accepted. */
    Set<String> opened() {
        return Set.copyOf(opened);
    }

    /** Calls that were live when another one opened and have not ended yet. */
    Set<String> overtaken() {
        return Set.copyOf(overtaken);
    }

    /** How often the client heard {@code call} end. */
    int endings(String call) {
        return endings.getOrDefault(call, 0);
    }

    @Override
    public String toString() {
        return user + ": live " + live + ", overtaken " + overtaken + ", ended " + endings.keySet();
    }
}
