package dev.facecall.webcam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

/** What a person would check in a call: does the other side's video play, does media flow, is the camera off. */
final class Media {

    private Media() {
    }

    /** The remote video has a picture and its clock advances. */
    static void awaitRemoteVideoPlaying(Browser browser) {
        double first = browser.await(d -> {
            Map<?, ?> video = remoteVideo(browser);
            return ((Number) video.get("width")).intValue() > 0 && ((Number) video.get("height")).intValue() > 0
                    && ((Number) video.get("readyState")).intValue() >= 2
                    ? ((Number) video.get("time")).doubleValue() : null;
        }, "remote video with a picture");
        browser.await(d -> ((Number) remoteVideo(browser).get("time")).doubleValue() > first + 0.2,
                "remote video time advancing");
    }

    /**
     * The remote video reaches the size the peer's camera captures. A call starts its video at
     * half size, so that the first picture comes sooner, and must not stay there.
     */
    static void awaitRemoteVideoAtCameraSize(Browser browser, Browser peer) {
        Map<?, ?> camera = (Map<?, ?>) peer.js("""
                const [track] = document.querySelector("[data-testid='local-video']").srcObject.getVideoTracks();
                const {width, height} = track.getSettings();
                return {width, height};
                """);
        browser.await(d -> {
            Map<?, ?> video = remoteVideo(browser);
            return ((Number) video.get("width")).intValue() == ((Number) camera.get("width")).intValue()
                    && ((Number) video.get("height")).intValue() == ((Number) camera.get("height")).intValue();
        }, "remote video at the peer's camera size " + camera);
    }

    /** Inbound RTP bytes keep growing: media really flows from the peer. */
    static void awaitInboundBytesGrowing(Browser browser) {
        long first = inboundBytes(browser);
        browser.await(d -> inboundBytes(browser) > first + 10_000, "inbound bytes growing past " + first);
    }

    static long inboundBytes(Browser browser) {
        Object bytes = browser.jsAsync("""
                const done = arguments[arguments.length - 1];
                const pc = window.facecall && window.facecall.pc();
                if (!pc) { done(-1); return; }
                pc.getStats().then(stats => {
                  let total = 0;
                  stats.forEach(report => { if (report.type === 'inbound-rtp') total += report.bytesReceived || 0; });
                  done(total);
                }, () => done(-1));
                """);
        return ((Number) bytes).longValue();
    }

    private static Map<?, ?> remoteVideo(Browser browser) {
        return (Map<?, ?>) browser.js("""
                const v = document.querySelector("[data-testid='remote-video']");
                return {width: v.videoWidth, height: v.videoHeight, time: v.currentTime, readyState: v.readyState};
                """);
    }

    /** The kinds of the tracks the local video shows, for example ["audio", "video"]. */
    static List<?> localKinds(Browser browser) {
        return (List<?>) browser.js("""
                const s = document.querySelector("[data-testid='local-video']").srcObject;
                return s ? s.getTracks().map(t => t.kind).sort() : [];
                """);
    }

    /** Every track the page ever obtained from getUserMedia or getDisplayMedia has ended. */
    static void assertEveryTrackEnded(Browser browser) {
        List<?> states = (List<?>) browser.js("return window.facecall.localTracks().map(t => t.readyState);");
        assertTrue(!states.isEmpty(), browser.label() + " obtained no tracks at all");
        assertTrue(states.stream().allMatch("ended"::equals), browser.label() + " tracks still live: " + states);
    }

    static void awaitEveryTrackEnded(Browser browser) {
        browser.await(d -> Boolean.TRUE.equals(browser.js(
                "const t = window.facecall.localTracks(); return t.length > 0 && t.every(x => x.readyState === 'ended');")),
                "every local track ended");
        assertEveryTrackEnded(browser);
    }

    static boolean audioEnabled(Browser browser) {
        return Boolean.TRUE.equals(browser.js("""
                const s = document.querySelector("[data-testid='local-video']").srcObject;
                return s.getAudioTracks().every(t => t.enabled);
                """));
    }

    static boolean videoSending(Browser browser) {
        return Boolean.TRUE.equals(browser.js("""
                const s = document.querySelector("[data-testid='local-video']").srcObject;
                const v = s ? s.getVideoTracks() : [];
                return v.length > 0 && v.every(t => t.enabled && t.readyState === 'live');
                """));
    }

    static void assertPressed(Browser browser, String button, boolean pressed) {
        assertEquals(String.valueOf(pressed), browser.byTestId(button).getAttribute("aria-pressed"),
                browser.label() + " " + button);
    }
}
