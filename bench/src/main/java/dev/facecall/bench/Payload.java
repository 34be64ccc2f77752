package dev.facecall.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic, realistic-looking signaling payloads: SDP-like descriptions (~1.5 KB of JSON)
 * and ICE-candidate-like objects (~250 B), a port of the Node harness's {@code lib/payload.js} (outside this repository):
 * the same seed gives the same bytes as the Node generator's worker 0, so both generators send
 * the same messages.
 */
final class Payload {

    private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final String HEX = "0123456789ABCDEF";

    /** The JSON of each description ({"type":"offer","sdp":"..."}) and of each candidate. */
    final List<String> descriptions = new ArrayList<>();
    final List<String> candidates = new ArrayList<>();

    /** Mulberry32, bit for bit as in JavaScript. */
    private static final class Rnd {
        private int a;

        Rnd(int seed) {
            a = seed;
        }

        double next() {
            a = a + 0x6d2b79f5;
            int t = a;
            t = (t ^ (t >>> 15)) * (t | 1);
            t ^= t + (t ^ (t >>> 7)) * (t | 61);
            return ((t ^ (t >>> 14)) & 0xFFFFFFFFL) / 4294967296.0;
        }

        String pick(String alphabet, int n) {
            StringBuilder s = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                s.append(alphabet.charAt((int) Math.floor(next() * alphabet.length())));
            }
            return s.toString();
        }

        long integer(double lo, double hi) {
            return (long) (lo + Math.floor(next() * (hi - lo + 1)));
        }
    }

    Payload(int seed, int wid, int n, int sdpBytes, int candBytes) {
        Rnd rnd = new Rnd(seed * 1000003 + wid * 7919 + 17);
        for (int i = 0; i < n; i++) {
            String kind = i % 2 == 0 ? "offer" : "answer";
            descriptions.add("{\"type\":\"" + kind + "\",\"sdp\":" + JsonLine.quote(makeSdp(rnd, sdpBytes, kind)) + "}");
            candidates.add(makeCandidate(rnd, candBytes));
        }
    }

    private static String fingerprint(Rnd rnd) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            if (i > 0) {
                s.append(':');
            }
            s.append(rnd.pick(HEX, 2));
        }
        return s.toString();
    }

    /** An SDP string of exactly {@code bytes} characters (ASCII), offer or answer. */
    static String makeSdp(Rnd rnd, int bytes, String kind) {
        String ufrag = rnd.pick(B64, 4);
        String pwd = rnd.pick(B64, 24);
        String fp = fingerprint(rnd);
        String msid = rnd.pick(B64, 36);
        String track = rnd.pick(B64, 36);
        long ssrc = rnd.integer(100000000, 4000000000L);
        String setup = "a=setup:" + ("offer".equals(kind) ? "actpass" : "active");
        // the array literal of payload.js: every element is evaluated, in order, whether it fits or not
        List<String> lines = new ArrayList<>();
        lines.add("v=0");
        lines.add("o=- " + rnd.integer(1e15, 9e15) + " 2 IN IP4 127.0.0.1");
        lines.add("s=-");
        lines.add("t=0 0");
        lines.add("a=group:BUNDLE 0 1");
        lines.add("a=extmap-allow-mixed");
        lines.add("a=msid-semantic: WMS " + msid);
        lines.add("m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126");
        lines.add("c=IN IP4 0.0.0.0");
        lines.add("a=rtcp:9 IN IP4 0.0.0.0");
        lines.add("a=ice-ufrag:" + ufrag);
        lines.add("a=ice-pwd:" + pwd);
        lines.add("a=ice-options:trickle");
        lines.add("a=fingerprint:sha-256 " + fp);
        lines.add(setup);
        lines.add("a=mid:0");
        lines.add("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level");
        lines.add("a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time");
        lines.add("a=sendrecv");
        lines.add("a=msid:" + msid + " " + track);
        lines.add("a=rtcp-mux");
        lines.add("a=rtpmap:111 opus/48000/2");
        lines.add("a=rtcp-fb:111 transport-cc");
        lines.add("a=fmtp:111 minptime=10;useinbandfec=1");
        lines.add("a=ssrc:" + ssrc + " cname:" + rnd.pick(B64, 16));
        lines.add("m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103");
        lines.add("c=IN IP4 0.0.0.0");
        lines.add("a=rtcp:9 IN IP4 0.0.0.0");
        lines.add("a=ice-ufrag:" + ufrag);
        lines.add("a=ice-pwd:" + pwd);
        lines.add("a=ice-options:trickle");
        lines.add("a=fingerprint:sha-256 " + fp);
        lines.add(setup);
        lines.add("a=mid:1");
        lines.add("a=sendrecv");
        lines.add("a=rtcp-mux");
        lines.add("a=rtcp-rsize");
        lines.add("a=rtpmap:96 VP8/90000");
        lines.add("a=rtcp-fb:96 goog-remb");
        lines.add("a=rtcp-fb:96 transport-cc");
        lines.add("a=rtcp-fb:96 ccm fir");
        lines.add("a=rtcp-fb:96 nack");
        lines.add("a=rtcp-fb:96 nack pli");
        lines.add("a=rtpmap:97 rtx/90000");
        lines.add("a=fmtp:97 apt=96");
        lines.add("a=rtpmap:102 H264/90000");
        lines.add("a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f");
        lines.add("a=ssrc-group:FID " + (ssrc + 1) + " " + (ssrc + 2));
        lines.add("a=ssrc:" + (ssrc + 1) + " cname:" + rnd.pick(B64, 16));
        StringBuilder s = new StringBuilder(bytes);
        for (String l : lines) {
            if (s.length() + l.length() + 2 > bytes) {
                break;
            }
            s.append(l).append("\r\n");
        }
        int rest = bytes - s.length();
        if (rest >= 6) {
            s.append("a=x:").append(rnd.pick(B64, rest - 6)).append("\r\n");
        } else {
            s.append(" ".repeat(Math.max(0, rest)));
        }
        return s.toString();
    }

    /** The JSON of an RTCIceCandidateInit-like object about {@code bytes} long. */
    static String makeCandidate(Rnd rnd, int bytes) {
        String ufrag = rnd.pick(B64, 4);
        String typ = new String[] {"host", "srflx", "relay"}[(int) rnd.integer(0, 2)];
        StringBuilder cand = new StringBuilder();
        cand.append("candidate:").append(rnd.integer(1e8, 4e9)).append(" 1 udp ").append(rnd.integer(1e8, 2.2e9))
                .append(" 192.168.").append(rnd.integer(0, 255)).append('.').append(rnd.integer(1, 254))
                .append(' ').append(rnd.integer(1024, 65535)).append(" typ ").append(typ);
        if (!"host".equals(typ)) {
            cand.append(" raddr 10.0.").append(rnd.integer(0, 255)).append('.').append(rnd.integer(1, 254))
                    .append(" rport ").append(rnd.integer(1024, 65535));
        }
        cand.append(" generation 0 ufrag ").append(ufrag).append(" network-id ").append(rnd.integer(1, 4))
                .append(" network-cost 10");
        String json = candidateJson(cand.toString(), ufrag);
        if (json.length() < bytes) {
            cand.append(" x ").append(rnd.pick(B64, Math.max(0, bytes - json.length() - 3)));
            json = candidateJson(cand.toString(), ufrag);
        }
        return json;
    }

    private static String candidateJson(String candidate, String ufrag) {
        return "{\"candidate\":" + JsonLine.quote(candidate) + ",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":"
                + JsonLine.quote(ufrag) + "}";
    }
}
