package dev.facecall.webcam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecall.signaling.boundary.TestDeployment;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.Select;

/**
 * Calls as people have them, beyond two good cameras: a camera that is refused, a callee whose
 * devices all fail, a call that rings in a background tab, a camera switched mid-call, and what
 * the page says about the link while the call runs.
 */
class PageCallsIT extends BrowserIT {

    /** With three fake cameras the first and third send video; the second is a depth camera WebRTC never sends. */
    private static final List<String> THREE_CAMERAS = List.of("--use-fake-device-for-media-stream=device-count=3");

    @Deployment(testable = false)
    static WebArchive app() {
        return TestDeployment.app("facecall.ring-seconds=15");
    }

    private Browser online(String label) {
        return online(open(label, List.of()));
    }

    private Browser online(Browser browser) {
        browser.loginAndWait(browser.label() + unique(""));
        return browser;
    }

    private static void connect(Browser caller, Browser callee) {
        caller.call(callee.name());
        callee.awaitCallState("incoming");
        callee.click("accept-button");
        caller.awaitCallState("in-call");
        callee.awaitCallState("in-call");
    }

    /** Makes getUserMedia refuse every request that includes video, as a browser does for a blocked camera. */
    private static void refuseCamera(Browser browser, String error) {
        browser.js("""
                const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
                window.realGetUserMedia = real;
                navigator.mediaDevices.getUserMedia = c => c.video
                  ? Promise.reject(new DOMException('test', arguments[0])) : real(c);
                """, error);
    }

    @Test
    void aCallWithTheCameraRefusedGoesAheadWithAudioOnlyAndTheCameraCanBeRetried() {
        Browser alice = online("Alice");
        Browser bob = online("Bob");
        refuseCamera(alice, "NotAllowedError");
        int seq = alice.noticeSeq();
        connect(alice, bob);
        assertEquals("camera-blocked", alice.awaitNotice(seq), "the notice says why there is no picture");
        assertEquals(List.of("audio"), Media.localKinds(alice));
        Media.awaitInboundBytesGrowing(bob); // Alice's voice reaches Bob
        bob.await(d -> bob.peerLabel().contains("camera off") ? true : null, "Bob told Alice's camera is off");
        alice.screenshot("audio-only");
        alice.driver().findElement(By.id("notice-dismiss")).click();
        assertFalse(alice.isVisible("notice"), "a notice can be dismissed");

        // The camera is allowed again: the camera button brings the picture, with no new call.
        alice.js("navigator.mediaDevices.getUserMedia = window.realGetUserMedia;");
        alice.click("camera-button");
        alice.await(d -> Media.videoSending(alice), "Alice's camera on");
        assertEquals(List.of("audio", "video"), Media.localKinds(alice));
        Media.awaitRemoteVideoPlaying(bob);
        assertEquals("in-call", alice.body("data-call-state"));

        // The camera is unplugged mid-call: the call goes on with sound, and says why.
        int unplugged = alice.noticeSeq();
        alice.js("""
                const [camera] = document.querySelector("[data-testid='local-video']").srcObject.getVideoTracks();
                camera.stop();
                camera.dispatchEvent(new Event('ended'));
                """);
        assertEquals("camera-missing", alice.awaitNotice(unplugged));
        assertEquals(List.of("audio"), Media.localKinds(alice));
        assertEquals("in-call", alice.body("data-call-state"));
    }

    /**
     * A camera allowed before asks nothing, so the callee's phone rings while it opens (a real
     * webcam takes a good part of a second); if it then fails, the ringing stops and the caller is
     * told why. Here the camera opens only when the test lets it.
     */
    @Test
    void aCallerWhoseCameraWasAllowedRingsWhileItOpensAndACameraThatThenFailsStopsTheRinging() {
        Browser alice = online("Alice");
        Browser bob = online("Bob");
        alice.js("""
                const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
                const opened = new Promise(resolve => window.openCamera = resolve);
                navigator.mediaDevices.getUserMedia = c => opened.then(() => real(c));
                """);
        alice.call(bob.name());
        bob.awaitCallState("incoming");
        assertEquals("calling", alice.body("data-call-state"));
        assertEquals(List.of(), Media.localKinds(alice), "Bob's phone rings before Alice's camera has opened");
        bob.click("accept-button");
        bob.awaitCallState("connecting");
        assertEquals("calling", alice.body("data-call-state"), "accepted, but nothing to send yet");
        alice.js("window.openCamera();");
        alice.awaitCallState("in-call");
        bob.awaitCallState("in-call");
        Media.awaitRemoteVideoPlaying(bob);
        Media.awaitRemoteVideoPlaying(alice);
        alice.click("hangup-button");
        bob.awaitCallState("idle");

        alice.js("""
                const failed = new Promise((_, reject) => window.failCamera = () => reject(new DOMException('test', 'NotReadableError')));
                navigator.mediaDevices.getUserMedia = () => failed;
                """);
        int aliceSeq = alice.noticeSeq();
        int bobSeq = bob.noticeSeq();
        alice.call(bob.name());
        bob.awaitCallState("incoming");
        alice.js("window.failCamera();");
        assertEquals("camera-busy", alice.awaitNotice(aliceSeq));
        assertEquals("cancelled", bob.awaitNotice(bobSeq), "Bob's phone stops ringing: a missed call");
        bob.awaitCallState("idle");
        alice.awaitCallState("idle");
    }

    @Test
    void aPageWithoutCameraAccessIsListedAsUnableToTakeCallsAndRefusesThemAtOnce() throws Exception {
        // Not localhost and not HTTPS: the browser gives such a page no camera at all.
        URL insecure = new URL("http", "facecall.test", base.getPort(), base.getFile());
        Browser page = new Browser("Insecure", insecure, List.of("--host-resolver-rules=MAP facecall.test 127.0.0.1"));
        closedAfterTest(page);
        assertEquals("insecure-context", page.awaitNotice(0), "told before logging in");
        online(page);
        Browser alice = online("Alice");
        // Needs the server's `callable: false` (docs/protocol.md).
        alice.await(d -> alice.user(page.name()).getText().contains("Can’t take video calls") ? true : null,
                "the insecure page listed as unable to take calls");
        assertTrue(alice.user(page.name()).findElement(By.cssSelector("[data-testid='call-button']")).isEnabled());
        int seq = alice.noticeSeq();
        alice.call(page.name());
        assertEquals("media", alice.awaitNotice(seq));
        alice.awaitCallState("idle");
    }

    @Test
    void ringingPlaysTonesAndInAHiddenTabNamesTheCallerInTheTitleAndNotifies() {
        Browser alice = open("Alice", List.of());
        alice.beforeEachLoad(COUNT_TONES);
        alice.reload();
        online(alice);
        Browser bob = open("Bob", List.of());
        bob.cdp("Browser.grantPermissions", Map.of("permissions", List.of("notifications"),
                "origin", base.getProtocol() + "://" + base.getAuthority()));
        // The page tells a tab of the same origin what it shows while it is hidden: WebDriver
        // would bring it to the front to ask it.
        bob.beforeEachLoad(COUNT_TONES);
        bob.beforeEachLoad("""
                if (document.contentType === 'text/html') {
                  const seen = new BroadcastChannel('seen');
                  const tell = (what, text) => seen.postMessage({what, text: String(text), hidden: document.hidden,
                      sound: document.body ? document.body.dataset.sound || '' : '', tones: window.tonesStarted});
                  window.Notification = class extends Notification {
                    constructor(title, options) { super(title, options); tell('notification', title); }
                  };
                  const title = Object.getOwnPropertyDescriptor(Document.prototype, 'title');
                  Object.defineProperty(document, 'title', {
                    get() { return title.get.call(this); },
                    set(text) { title.set.call(this, text); tell('title', text); },
                  });
                }
                """);
        bob.reload();
        online(bob);
        bob.driver().switchTo().newWindow(WindowType.TAB);
        bob.driver().get(base + "favicon.svg");
        bob.js("window.seen = []; new BroadcastChannel('seen').onmessage = e => window.seen.push(e.data);");

        alice.call(bob.name());
        alice.awaitBody("data-sound", "ringback");
        assertTrue(((Number) alice.js("return window.tonesStarted;")).intValue() > 0, "Alice hears the ringback");
        Map<?, ?> title = seen(bob, "title", text -> text.contains(alice.name()), "the title names Alice");
        assertEquals(Boolean.TRUE, title.get("hidden"), "the page was in a background tab");
        Map<?, ?> notification = seen(bob, "notification", text -> text.contains(alice.name()), "a notification names Alice");
        assertEquals(Boolean.TRUE, notification.get("hidden"));
        assertEquals("ringtone", notification.get("sound"));
        assertTrue(((Number) notification.get("tones")).intValue() > 0, "Bob hears the ringtone");

        alice.click("cancel-button");
        seen(bob, "title", "facecall"::equals, "the page's own title again");
        alice.await(d -> alice.body("data-sound") == null, "the ringback stopped");
    }

    /** Counts the tones the page starts: Web Audio plays them through looping buffer sources. */
    private static final String COUNT_TONES = """
            window.tonesStarted = 0;
            const start = AudioBufferSourceNode.prototype.start;
            AudioBufferSourceNode.prototype.start = function (...args) { window.tonesStarted++; return start.apply(this, args); };
            """;

    /** The last thing of kind {@code what} the hidden page showed, once its text is as expected. */
    private static Map<?, ?> seen(Browser browser, String what, Predicate<String> expected, String description) {
        return browser.await(d -> {
            List<?> seen = (List<?>) browser.js("return window.seen;");
            Map<?, ?> last = seen.stream().map(Map.class::cast).filter(m -> what.equals(m.get("what")))
                    .reduce((a, b) -> b).orElse(null);
            return last != null && expected.test(String.valueOf(last.get("text"))) ? last : null;
        }, description);
    }

    @Test
    void switchingTheCameraMidCallChangesTheTrackThePeerReceivesWithoutANewOffer() {
        Browser alice = open("Alice", THREE_CAMERAS);
        Browser bob = open("Bob", THREE_CAMERAS);
        for (Browser browser : List.of(alice, bob)) {
            browser.beforeEachLoad("""
                    window.offersSent = 0;
                    const send = WebSocket.prototype.send;
                    WebSocket.prototype.send = function (text) {
                      try {
                        const m = JSON.parse(text);
                        if (m.type === 'signal' && m.data.description && m.data.description.type === 'offer') window.offersSent++;
                      } catch (e) { /* not ours to judge */ }
                      return send.call(this, text);
                    };
                    """);
            browser.reload();
            online(browser);
        }
        connect(alice, bob);
        Media.awaitRemoteVideoPlaying(bob);
        int offers = offers(alice) + offers(bob);
        Select cameras = new Select(alice.byTestId("camera-select"));
        alice.await(d -> cameras.getOptions().size() == 3 ? true : null, "three cameras offered");
        String before = sentVideo(alice, "getSettings().deviceId");
        String third = cameras.getOptions().get(2).getAttribute("value");
        assertNotEquals(before, third, "the call starts on the first camera");

        cameras.selectByValue(third);
        alice.await(d -> third.equals(sentVideo(alice, "getSettings().deviceId")), "the third camera sent");
        String trackId = sentVideo(alice, "id");
        alice.await(d -> trackId.equals(outboundVideoTrack(alice)), "RTP carries the new track");
        long frames = framesDecoded(bob);
        bob.await(d -> framesDecoded(bob) > frames + 10, "Bob keeps receiving frames");
        assertEquals(offers, offers(alice) + offers(bob), "no renegotiation");
        assertEquals(third, cameras.getFirstSelectedOption().getAttribute("value"));
        assertEquals(third, alice.js("return localStorage.getItem('facecall.device.camera');"), "remembered");
        assertTrue(((List<?>) alice.js("return window.facecall.localTracks().filter(t => t.kind === 'video' && t.readyState === 'live').map(t => t.id);"))
                .equals(List.of(trackId)), "the first camera was stopped");
    }

    @Test
    void qualityShowsADirectPathOnLoopbackAndTheTimerCounts() {
        Browser alice = online("Alice");
        Browser bob = online("Bob");
        assertFalse(alice.isVisible("quality"));
        connect(alice, bob);
        alice.await(d -> alice.isVisible("quality") ? true : null, "the quality indicator");
        assertEquals("direct", alice.byTestId("quality").getAttribute("data-path"));
        alice.await(d -> !alice.byTestId("quality").getAttribute("data-rtt-ms").isEmpty(), "a round-trip time");
        assertTrue(Integer.parseInt(alice.byTestId("quality").getAttribute("data-rtt-ms")) < 150, "loopback is quick");
        assertEquals("good", alice.byTestId("quality").getAttribute("data-level"));
        assertFalse(alice.byTestId("quality").getAttribute("title").isBlank(), "a tooltip in words");

        alice.await(d -> Integer.parseInt(alice.byTestId("call-timer").getAttribute("data-seconds")) >= 2, "two seconds counted");
        assertTrue(alice.byTestId("call-timer").getText().matches("\\d+:\\d\\d"), alice.byTestId("call-timer").getText());
        assertTrue(alice.isVisible("call-timer"));
        alice.screenshot("quality");
        alice.click("hangup-button");
        alice.awaitCallState("idle");
        assertFalse(alice.isVisible("quality"));
        assertFalse(alice.isVisible("call-timer"));
    }

    private static int offers(Browser browser) {
        return ((Number) browser.js("return window.offersSent;")).intValue();
    }

    private static String sentVideo(Browser browser, String property) {
        return String.valueOf(browser.js("""
                const sender = window.facecall.pc().getSenders().find(s => s.track && s.track.kind === 'video');
                return sender ? sender.track.""" + property + " : '';"));
    }

    /** The id of the track behind the outbound video RTP stream, as getStats tells it. */
    private static String outboundVideoTrack(Browser browser) {
        return String.valueOf(browser.jsAsync("""
                const done = arguments[arguments.length - 1];
                window.facecall.pc().getStats().then(stats => {
                  let id = '';
                  stats.forEach(r => {
                    if (r.type === 'outbound-rtp' && r.kind === 'video' && r.mediaSourceId) {
                      const source = stats.get(r.mediaSourceId);
                      if (source) id = source.trackIdentifier;
                    }
                  });
                  done(id);
                }, () => done(''));
                """));
    }

    private static long framesDecoded(Browser browser) {
        return ((Number) browser.jsAsync("""
                const done = arguments[arguments.length - 1];
                window.facecall.pc().getStats().then(stats => {
                  let frames = 0;
                  stats.forEach(r => { if (r.type === 'inbound-rtp' && r.kind === 'video') frames += r.framesDecoded || 0; });
                  done(frames);
                }, () => done(-1));
                """)).longValue();
    }
}
