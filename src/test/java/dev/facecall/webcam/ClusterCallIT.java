package dev.facecall.webcam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.facecall.signaling.boundary.ClusterNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two people on two nodes of one cluster: two headless Chromium, each on the page of its own
 * Payara Micro node, see each other and complete a call with video both ways, the signaling
 * crossing the nodes' data grid.
 */
class ClusterCallIT {

    private static final List<ClusterNode> NODES = new ArrayList<>();
    private final List<Browser> browsers = new ArrayList<>();

    @BeforeAll
    static void startTwoNodes() throws Exception {
        Browser.requireChromium();
        List<Integer> gridPorts = ClusterNode.gridPorts(2);
        for (int i = 0; i < 2; i++) {
            NODES.add(ClusterNode.start("browser-node" + (i + 1), gridPorts, gridPorts.get(i)));
        }
        for (ClusterNode node : NODES) {
            node.awaitReady(size -> size == 2, "two nodes");
        }
    }

    @AfterAll
    static void stopNodes() {
        NODES.forEach(ClusterNode::close);
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(Browser::close);
    }

    private Browser online(String name, ClusterNode node) {
        Browser browser = new Browser(name, node.page());
        browsers.add(browser);
        browser.loginAndWait(name + " " + System.nanoTime() % 100_000);
        return browser;
    }

    @Test
    void twoBrowsersOnTwoNodesCallEachOtherAndBothVideosPlay() {
        Browser alice = online("Alice", NODES.get(0));
        Browser bob = online("Bob", NODES.get(1));
        assertEquals("online", alice.user(bob.name()).getAttribute("data-state"));
        assertEquals("online", bob.user(alice.name()).getAttribute("data-state"));

        alice.call(bob.name());
        alice.awaitCallState("calling");
        bob.awaitCallState("incoming");
        bob.click("accept-button");
        alice.awaitCallState("in-call");
        bob.awaitCallState("in-call");
        for (Browser browser : List.of(alice, bob)) {
            Media.awaitRemoteVideoPlaying(browser);
            Media.awaitInboundBytesGrowing(browser);
        }
        Media.awaitRemoteVideoAtCameraSize(alice, bob);
        Media.awaitRemoteVideoAtCameraSize(bob, alice);

        bob.click("hangup-button");
        alice.awaitCallState("idle");
        bob.awaitCallState("idle");
    }
}
