package dev.facecall.bench;

/**
 * The {@code signal} messages of one member of a call to its peer, built in advance around the
 * stamp so that sending one takes a few appends: alternately a description (~1.5 KB) and a
 * candidate (~250 B) from the payload pool, as lib/worker.js sends them.
 */
final class SignalTemplate {

    private final String head;
    private final String[] descriptionTails;
    private final String[] candidateTails;

    SignalTemplate(String call, String peerId, Payload payload) {
        head = "{\"type\":\"signal\",\"call\":" + JsonLine.quote(call) + ",\"to\":" + JsonLine.quote(peerId)
                + ",\"data\":{\"bench\":[";
        descriptionTails = payload.descriptions.stream().map(s -> "],\"description\":" + s + "}}").toArray(String[]::new);
        candidateTails = payload.candidates.stream().map(s -> "],\"candidate\":" + s + "}}").toArray(String[]::new);
    }

    /** Message {@code seq}: a description when even, a candidate when odd, stamped [sentAt, seq, window]. */
    String message(long seq, long sentAt, int window) {
        int k = (int) ((seq >> 1) % descriptionTails.length);
        String tail = (seq & 1) == 0 ? descriptionTails[k] : candidateTails[k];
        StringBuilder m = new StringBuilder(head.length() + tail.length() + 40);
        return m.append(head).append(sentAt).append(',').append(seq).append(',').append(window).append(tail).toString();
    }
}
