package dev.facecall.webcam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecall.signaling.boundary.TestDeployment;
import java.net.URL;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The webcam page in real browsers: two (or three) headless Chromium processes with fake cameras
 * call each other through the app on a real Payara Micro, and the test watches what a person would.
 */
class WebcamPageIT extends BrowserIT {

    @Deployment(testable = false)
    static WebArchive app() {
        return TestDeployment.app("facecall.ring-seconds=4");
    }

    private String test;

    private Browser open(String name, TestInfo info) {
        test = info.getTestMethod().orElseThrow().getName();
        return open(name);
    }

    /** A browser logged in as {@code label} and a number: a crashed peer's name stays taken for the grace. */
    private Browser online(String label, TestInfo info) {
        Browser browser = open(label, info);
        String name = unique(label);
        browser.loginAndWait(name);
        assertEquals(name, browser.byTestId("self-name").getText());
        return browser;
    }

    private void shot(String state, Browser... who) {
        for (Browser browser : who) {
            browser.screenshot(test + "-" + state);
        }
    }

    /** Alice calls Bob, Bob accepts, and both see each other's video. */
    private void connect(Browser alice, Browser bob) {
        alice.call(bob.name());
        alice.awaitCallState("calling");
        bob.awaitCallState("incoming");
        bob.click("accept-button");
        alice.awaitCallState("in-call");
        bob.awaitCallState("in-call");
    }

    @Test
    void bothSeeEachOtherOnline(TestInfo info) {
        Browser alice = online("Alice", info);
        Browser bob = online("Bob", info);
        WebElement bobAsAliceSeesHim = alice.user(bob.name());
        assertEquals("online", bobAsAliceSeesHim.getAttribute("data-state"));
        assertTrue(bobAsAliceSeesHim.findElement(By.cssSelector("[data-testid='call-button']")).isEnabled());
        assertEquals("online", bob.user(alice.name()).getAttribute("data-state"));
        assertFalse(alice.isVisible("login-error"));
        shot("online", alice, bob);
    }

    @Test
    void aCallConnectsAndBothVideosPlay(TestInfo info) {
        Browser alice = online("Alice", info);
        Browser bob = online("Bob", info);
        alice.call(bob.name());
        alice.awaitCallState("calling");
        assertTrue(alice.isVisible("outgoing-call"));
        assertEquals(bob.name(), alice.byTestId("outgoing-call").getAttribute("data-user-name"));
        bob.awaitCallState("incoming");
        assertTrue(bob.isVisible("incoming-call"));
        assertEquals(alice.name(), bob.byTestId("incoming-call").getAttribute("data-user-name"));
        assertTrue(bob.byTestId("incoming-call").getText().contains(alice.name()));
        shot("ringing", alice, bob);

        bob.click("accept-button");
        alice.awaitCallState("in-call");
        bob.awaitCallState("in-call");
        for (Browser browser : List.of(alice, bob)) {
            Media.awaitRemoteVideoPlaying(browser);
            Media.awaitInboundBytesGrowing(browser);
            assertEquals(List.of("audio", "video"), Media.localKinds(browser));
            assertTrue(Boolean.TRUE.equals(browser.js(
                    "return document.querySelector(\"[data-testid='local-video']\").muted;")), "local video muted");
        }
        Media.awaitRemoteVideoAtCameraSize(alice, bob);
        Media.awaitRemoteVideoAtCameraSize(bob, alice);
        alice.awaitBody("data-call-state", "in-call");
        assertEquals("busy", bob.user(alice.name()).getAttribute("data-state"));
        assertFalse(alice.user(bob.name()).findElement(By.cssSelector("[data-testid='call-button']")).isEnabled());
        shot("in-call", alice, bob);
    }

    @Test
    void muteAndCameraTogglesAreSeenOnBothSides(TestInfo info) {
        Browser alice = online("Alice", info);
        Browser bob = online("Bob", info);
        connect(alice, bob);
        Media.assertPressed(alice, "mute-button", false);
        Media.assertPressed(alice, "camera-button", false);
        Media.assertPressed(alice, "screen-button", false);

        alice.click("mute-button");
        Media.assertPressed(alice, "mute-button", true);
        assertFalse(Media.audioEnabled(alice));
        alice.click("camera-button");
        Media.assertPressed(alice, "camera-button", true);
        assertFalse(Media.videoSending(alice));
        bob.await(d -> {
            String text = bob.peerLabel().toLowerCase();
            return text.contains("muted") && text.contains("camera off") ? text : null;
        }, "Alice shown muted with her camera off");
        shot("muted", alice, bob);

        alice.click("mute-button");
        alice.click("camera-button");
        Media.assertPressed(alice, "mute-button", false);
        Media.assertPressed(alice, "camera-button", false);
        assertTrue(Media.audioEnabled(alice));
        alice.await(d -> Media.videoSending(alice), "camera back on");
        bob.await(d -> !bob.peerLabel().toLowerCase().contains("muted"), "Alice shown unmuted");
        Media.awaitInboundBytesGrowing(bob);
    }

    @Test
    void screenSharingReplacesTheSentVideoAndReturnsToTheCameraWhenTheBrowserStopsIt(TestInfo info) {
        Browser alice = online("Alice", info);
        Browser bob = online("Bob", info);
        connect(alice, bob);
        String camera = sentVideo(alice, "label");
        alice.click("screen-button");
        alice.await(d -> "true".equals(alice.byTestId("screen-button").getAttribute("aria-pressed")), "sharing");
        assertTrue(!sentVideo(alice, "getSettings().displaySurface || ''").isEmpty(), "the sent video is a screen capture");
        bob.await(d -> bob.peerLabel().toLowerCase().contains("sharing") ? true : null, "Alice shown sharing her screen");
        Media.awaitInboundBytesGrowing(bob);
        shot("sharing", alice, bob);

        // The browser's own "Stop sharing" ends the screen track from outside the page.
        alice.js("""
                const sender = window.facecall.pc().getSenders().find(s => s.track && s.track.kind === 'video');
                sender.track.stop();
                sender.track.dispatchEvent(new Event('ended'));
                """);
        alice.await(d -> "false".equals(alice.byTestId("screen-button").getAttribute("aria-pressed")), "sharing stopped");
        alice.await(d -> camera.equals(sentVideo(alice, "label")), "the camera sent again");
        bob.await(d -> !bob.peerLabel().toLowerCase().contains("sharing"), "Alice no longer shown sharing");
        Media.awaitInboundBytesGrowing(bob);
    }

    /** A property of the video track we send, for example its label. */
    private static String sentVideo(Browser browser, String property) {
        return String.valueOf(browser.js("""
                const sender = window.facecall.pc().getSenders().find(s => s.track && s.track.kind === 'video');
                return sender.track.""" + property + ";"));
    }

    @Test
    void chatShowsMarkupAsText(TestInfo info) {
        Browser alice = online("Alice", info);
        Browser bob = online("Bob", info);
        connect(alice, bob);
        String markup = "<b>bold?</b> <img src=x onerror=alert(1)>";
        alice.byTestId("chat-input").sendKeys(markup, org.openqa.selenium.Keys.ENTER);
        WebElement received = bob.await(d -> bob.allByTestId("chat-message").stream().findFirst().orElse(null),
                "a chat message");
        assertEquals(markup, received.getText());
        assertEquals(bob.user(alice.name()).getAttribute("data-user-id"), received.getAttribute("data-from"));
        assertEquals(0, ((Number) bob.js("return document.querySelectorAll(\"[data-testid='chat-log'] b, [data-testid='chat-log'] img\").length;")).intValue());
        WebElement own = alice.await(d -> alice.allByTestId("chat-message").stream().findFirst().orElse(null),
                "our own message in the log");
        assertEquals(markup, own.getText());
        bob.byTestId("chat-input").sendKeys("hi Alice");
        bob.click("chat-send");
        alice.await(d -> alice.allByTestId("chat-message").size() == 2, "the reply");
        shot("chat", alice, bob);
    }

    @Test
    void hangupFromTheCallerReturnsBothToIdleWithEveryTrackEnded(TestInfo info) {
        Browser alice = online("Alice", info);
        Browser bob = online("Bob", info);
        connect(alice, bob);
        int bobSeq = bob.noticeSeq();
        alice.click("hangup-button");
        alice.awaitCallState("idle");
        bob.awaitCallState("idle");
        assertEquals("hangup", bob.awaitNotice(bobSeq));
        Media.awaitEveryTrackEnded(alice);
        Media.awaitEveryTrackEnded(bob);
        shot("after-hangup", alice, bob);
    }

    @Test
    void hangupFromTheCalleeReturnsBothToIdleWithEveryTrackEnded(TestInfo info) {
        Browser alice = online("Alice", info);
        Browser bob = online("Bob", info);
        connect(alice, bob);
        int aliceSeq = alice.noticeSeq();
        bob.click("hangup-button");
        alice.awaitCallState("idle");
        bob.awaitCallState("idle");
        assertEquals("hangup", alice.awaitNotice(aliceSeq));
        Media.awaitEveryTrackEnded(alice);
        Media.awaitEveryTrackEnded(bob);
        // and they can call again, with a fresh chat log
        connect(bob, alice);
        assertTrue(alice.allByTestId("chat-message").isEmpty());
    }

    @Test
    void theCalleeRejects(TestInfo info) {
        Browser alice = online("Alice", info);
        Browser bob = online("Bob", info);
        alice.call(bob.name());
        bob.awaitCallState("incoming");
        bob.await(d -> Media.videoSending(bob) ? true : null, "Bob's camera shown while it rings");
        int seq = alice.noticeSeq();
        bob.click("reject-button");
        assertEquals("rejected", alice.awaitNotice(seq));
        alice.awaitCallState("idle");
        bob.awaitCallState("idle");
        Media.awaitEveryTrackEnded(alice);
        Media.awaitEveryTrackEnded(bob); // the camera opened while it rang is released
        assertFalse(alice.isVisible("outgoing-call"));
        shot("rejected", alice);
    }

    @Test
    void aThirdCallerGetsBusyAndTheCallGoesOn(TestInfo info) {
        Browser alice = online("Alice", info);
        Browser bob = online("Bob", info);
        Browser carol = online("Carol", info);
        connect(alice, bob);
        carol.await(d -> "busy".equals(carol.user(bob.name()).getAttribute("data-state")), "Bob busy");
        WebElement callBob = carol.user(bob.name()).findElement(By.cssSelector("[data-testid='call-button']"));
        assertTrue(callBob.isEnabled(), "calling a busy user is allowed");
        int seq = carol.noticeSeq();
        callBob.click();
        assertEquals("busy", carol.awaitNotice(seq));
        carol.awaitCallState("idle");
        Media.awaitEveryTrackEnded(carol);
        assertEquals("in-call", alice.body("data-call-state"));
        assertEquals("in-call", bob.body("data-call-state"));
        Media.awaitInboundBytesGrowing(alice);
        shot("busy", carol);
    }

    @Test
    void theCallerCancelsWhileItRings(TestInfo info) {
        Browser alice = online("Alice", info);
        Browser bob = online("Bob", info);
        alice.call(bob.name());
        bob.awaitCallState("incoming");
        int seq = bob.noticeSeq();
        alice.click("cancel-button");
        alice.awaitCallState("idle");
        bob.awaitCallState("idle");
        assertEquals("cancelled", bob.awaitNotice(seq));
        assertFalse(bob.isVisible("incoming-call"));
        Media.awaitEveryTrackEnded(alice);
        Media.awaitEveryTrackEnded(bob);
    }

    @Test
    void aCallNobodyAnswersEndsWithNoAnswer(TestInfo info) {
        Browser alice = online("Alice", info);
        Browser bob = online("Bob", info);
        int seq = alice.noticeSeq();
        alice.call(bob.name());
        bob.awaitCallState("incoming");
        assertEquals("timeout", alice.awaitNotice(seq));
        alice.awaitCallState("idle");
        bob.awaitCallState("idle");
        Media.awaitEveryTrackEnded(alice);
        Media.awaitEveryTrackEnded(bob);
        shot("no-answer", alice);
    }

    @Test
    void aTakenNameIsRefusedInPlace(TestInfo info) {
        Browser alice = online("Alice", info);
        Browser other = open("Other", info);
        other.awaitBody("data-connection", "connecting");
        other.login(alice.name().toLowerCase(java.util.Locale.ROOT));
        other.await(d -> other.isVisible("login-error"), "login error shown");
        assertFalse(other.byTestId("login-error").getText().isBlank());
        assertEquals("connecting", other.body("data-connection"));
        other.login(unique("Alicia"));
        other.awaitBody("data-connection", "online");
        assertFalse(other.isVisible("login-error"));
        shot("name-taken-then-ok", other);
    }

    @Test
    void aSignalingDropMidCallResumesWhileTheVideoKeepsFlowing(TestInfo info) {
        Browser alice = online("Alice", info);
        Browser bob = online("Bob", info);
        connect(alice, bob);
        String aliceId = bob.user(alice.name()).getAttribute("data-user-id");
        Media.awaitInboundBytesGrowing(bob);

        // The page may be back before a poll sees it away, so every state it shows is recorded.
        alice.js("""
                window.connectionStates = [];
                new MutationObserver(records => {
                  records.forEach(r => window.connectionStates.push(r.oldValue)); // each value before a change
                  window.connectionStates.push(document.body.dataset.connection);
                }).observe(document.body, {attributes: true, attributeOldValue: true, attributeFilter: ['data-connection']});
                """);
        alice.js("window.facecall.dropSignaling();");
        alice.await(d -> ((List<?>) alice.js("return window.connectionStates;")).contains("reconnecting") ? true : null,
                "body data-connection=reconnecting shown");
        long bytesWhileAway = Media.inboundBytes(bob);
        alice.awaitBody("data-connection", "online");
        assertEquals("in-call", alice.body("data-call-state"));
        assertEquals("in-call", bob.body("data-call-state"));
        assertTrue(Media.inboundBytes(bob) > bytesWhileAway, "media flowed on while signaling was down");
        Media.awaitInboundBytesGrowing(bob);
        Media.awaitInboundBytesGrowing(alice);
        assertEquals(aliceId, bob.user(alice.name()).getAttribute("data-user-id"), "the same user, resumed");

        alice.byTestId("chat-input").sendKeys("still here", org.openqa.selenium.Keys.ENTER);
        bob.await(d -> bob.allByTestId("chat-message").stream().anyMatch(m -> "still here".equals(m.getText())),
                "a chat after the resume");
        shot("after-resume", alice, bob);
        bob.click("hangup-button");
        alice.awaitCallState("idle");
        Media.awaitEveryTrackEnded(alice);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"NotAllowedError, camera-blocked", "NotFoundError, camera-missing", "NotReadableError, camera-busy"})
    void aCameraThatCannotBeOpenedIsExplainedAndNoCallIsPlaced(String error, String reason, TestInfo info) {
        // Not allowed yet: nobody rings before Alice has answered the browser's question.
        Browser alice = open("Alice", info);
        alice.askBeforeCapture();
        alice.loginAndWait(unique("Alice"));
        Browser bob = online("Bob", info);
        alice.js("""
                window.realGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
                navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('test', arguments[0]));
                """, error);
        int seq = alice.noticeSeq();
        int bobSeq = bob.noticeSeq();
        alice.call(bob.name());
        assertEquals(reason, alice.awaitNotice(seq));
        assertFalse(alice.byTestId("notice").getText().isBlank(), "a message for people");
        assertEquals("idle", alice.body("data-call-state"));
        shot(reason, alice);

        // An invite sent then would have reached Bob before this one: he would have missed a call.
        alice.js("navigator.mediaDevices.getUserMedia = window.realGetUserMedia;");
        alice.call(bob.name());
        bob.awaitCallState("incoming");
        assertEquals(bobSeq, bob.noticeSeq(), "no invite went out with the failed camera");
    }

    /** Needs the server's `reason: media` (docs/protocol.md): an older server tells the caller `rejected`. */
    @Test
    void theCalleesBlockedCameraAndMicrophoneEndTheCallForMedia(TestInfo info) {
        Browser alice = online("Alice", info);
        Browser bob = online("Bob", info);
        bob.js("navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('test', 'NotAllowedError'));");
        int aliceSeq = alice.noticeSeq();
        int bobSeq = bob.noticeSeq();
        alice.call(bob.name());
        bob.awaitCallState("incoming");
        bob.click("accept-button");
        assertEquals("camera-blocked", bob.awaitNotice(bobSeq));
        assertEquals("media", alice.awaitNotice(aliceSeq), "the caller learns it was the callee's devices, not a refusal");
        String text = alice.byTestId("notice").getText();
        assertTrue(text.contains(bob.name()) && !text.toLowerCase().contains("declined"), text);
        alice.awaitCallState("idle");
        bob.awaitCallState("idle");
    }

    @Test
    void aPageThatIsNotASecureContextSaysSo(TestInfo info) throws Exception {
        test = info.getTestMethod().orElseThrow().getName();
        // Not localhost and not HTTPS: browsers give such a page no camera at all.
        URL insecure = new URL("http", "facecall.test", base.getPort(), base.getFile());
        Browser page = new Browser("Insecure", insecure, List.of("--host-resolver-rules=MAP facecall.test 127.0.0.1"));
        closedAfterTest(page);
        page.loginAndWait(unique("Insecure"));
        assertFalse(Boolean.TRUE.equals(page.js("return window.isSecureContext;")));
        Browser bob = online("Bob", info);
        int seq = page.noticeSeq();
        page.call(bob.name());
        assertEquals("insecure-context", page.awaitNotice(seq));
        assertEquals("idle", page.body("data-call-state"));
        shot("insecure", page);
    }

    @Test
    void anIceRestartFromBothSidesAtOnceRenegotiatesWithoutDroppingTheCall(TestInfo info) {
        Browser alice = online("Alice", info);
        Browser bob = online("Bob", info);
        connect(alice, bob);
        String aliceBefore = iceUfrag(alice);
        String bobBefore = iceUfrag(bob);
        // What the page does when the connection fails or stays disconnected, on both sides at the
        // same moment: the offers collide and perfect negotiation must settle them.
        alice.js("window.facecall.pc().restartIce();");
        bob.js("window.facecall.pc().restartIce();");
        alice.await(d -> !aliceBefore.equals(iceUfrag(alice)), "new ICE credentials at Alice");
        bob.await(d -> !bobBefore.equals(iceUfrag(bob)), "new ICE credentials at Bob");
        alice.awaitCallState("in-call");
        bob.awaitCallState("in-call");
        Media.awaitInboundBytesGrowing(alice);
        Media.awaitInboundBytesGrowing(bob);
    }

    /** The ICE username fragment of our current local description: it changes with every ICE restart. */
    private static String iceUfrag(Browser browser) {
        return String.valueOf(browser.js("""
                const d = window.facecall.pc().localDescription;
                const m = d && /a=ice-ufrag:(\\S+)/.exec(d.sdp);
                return m ? m[1] : '';
                """));
    }

    @Test
    void whenThePeersBrowserDiesTheCallEnds(TestInfo info) {
        Browser alice = online("Alice", info);
        Browser bob = online("Bob", info);
        connect(alice, bob);
        int seq = alice.noticeSeq();
        bob.crash();
        assertEquals("disconnected", alice.awaitNotice(seq));
        alice.awaitCallState("idle");
        Media.awaitEveryTrackEnded(alice);
        alice.await(d -> alice.allByTestId("user").isEmpty(), "Bob gone from the list");
        shot("peer-gone", alice);
    }
}
