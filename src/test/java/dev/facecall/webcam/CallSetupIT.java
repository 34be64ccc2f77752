package dev.facecall.webcam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.facecall.signaling.boundary.TestDeployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * How long a call takes to set up, as a person sees it: from the click on {@code call-button} to
 * the first frame of the callee's video at the caller, with the callee accepting at once. Printed
 * as a figure over 20 calls, with the median time of each step on the way (docs/performance.md),
 * not asserted; what is asserted is that every call connects. Each call is one script in the
 * caller's page, from the click to the first frame.
 */
class CallSetupIT extends BrowserIT {

    private static final int CALLS = 20;
    private static final By CALL_BUTTON = By.cssSelector("[data-testid='call-button']");

    /** Times, on a clock both pages share, when each step was seen; the page itself is not changed. */
    private static final String WATCH = """
            const steps = window.setupSteps = [];
            const seen = window.setupSeen = (step) => steps.push([step, performance.timeOrigin + performance.now()]);
            const send = WebSocket.prototype.send;
            WebSocket.prototype.send = function (text) {
              const message = JSON.parse(text);
              if (!this.watched) {
                this.watched = true;
                this.addEventListener('message', (e) => { const m = JSON.parse(e.data); seen('in ' + kind(m)); });
              }
              seen('out ' + kind(message));
              return send.call(this, text);
            };
            const kind = (m) => m.type !== 'signal' ? m.type : (m.data.description ? m.data.description.type : 'candidate');
            const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
            navigator.mediaDevices.getUserMedia = async (constraints) => {
              const stream = await open(constraints);
              seen('camera open');
              return stream;
            };
            const PeerConnection = window.RTCPeerConnection;
            window.RTCPeerConnection = class extends PeerConnection {
              constructor(configuration) {
                super(configuration);
                this.addEventListener('connectionstatechange', () => seen('peer connection ' + this.connectionState));
              }
            };
            """;

    /** The steps printed, in the order a call takes them: who saw it, and what. */
    private static final Map<String, String> STEPS = new LinkedHashMap<>();
    static {
        STEPS.put("caller: invite sent", "caller out invite");
        STEPS.put("caller: camera open", "caller camera open");
        STEPS.put("callee: rings", "callee in incoming");
        STEPS.put("callee: camera open", "callee camera open");
        STEPS.put("callee: accept sent", "callee out accept");
        STEPS.put("caller: offer sent", "caller out offer");
        STEPS.put("callee: offer in", "callee in offer");
        STEPS.put("callee: answer sent", "callee out answer");
        STEPS.put("caller: answer in", "caller in answer");
        STEPS.put("callee: connected", "callee peer connection connected");
        STEPS.put("caller: connected", "caller peer connection connected");
    }

    @Deployment(testable = false)
    static WebArchive app() {
        return TestDeployment.app("facecall.ring-seconds=10");
    }

    @Test
    void twentyCallsConnectAndTheirSetUpTimeIsPrinted() {
        try (Browser caller = new Browser("Caller", base); Browser callee = new Browser("Callee", base)) {
            caller.loginAndWait("Caller");
            callee.loginAndWait("Callee");
            caller.js(WATCH);
            callee.js(WATCH);
            callee.js("""
                    new MutationObserver(() => {
                      if (document.body.dataset.callState === 'incoming') {
                        document.querySelector("[data-testid='accept-button']").click();
                      }
                    }).observe(document.body, {attributes: true, attributeFilter: ['data-call-state']});
                    """);
            List<Double> millis = new ArrayList<>();
            Map<String, List<Double>> steps = new LinkedHashMap<>();
            for (int call = 0; call < CALLS; call++) {
                caller.js("window.setupSteps.length = 0;");
                callee.js("window.setupSteps.length = 0;");
                caller.await(d -> caller.user("Callee").findElement(CALL_BUTTON).isEnabled() ? true : null, "Callee free to call");
                Number took = (Number) caller.jsAsync("""
                        const done = arguments[arguments.length - 1];
                        const video = document.querySelector("[data-testid='remote-video']");
                        let click;
                        document.addEventListener('click', () => { click = performance.now(); window.setupSeen('click'); },
                          {capture: true, once: true});
                        video.requestVideoFrameCallback(() => done(performance.now() - click));
                        document.querySelector("[data-testid='user'][data-user-name='Callee'] [data-testid='call-button']").click();
                        """);
                millis.add(took.doubleValue());
                caller.awaitCallState("in-call");
                collect(steps, Map.of("caller", caller, "callee", callee));
                caller.click("hangup-button");
                caller.awaitCallState("idle");
                callee.awaitCallState("idle");
            }
            assertEquals(CALLS, millis.size());
            System.out.printf("call set-up, click to first remote frame, %d calls: median %.0f ms, min %.0f, max %.0f; all: %s%n",
                    CALLS, median(millis), millis.stream().min(Double::compare).orElseThrow(),
                    millis.stream().max(Double::compare).orElseThrow(),
                    millis.stream().map(m -> String.format("%.0f", m)).toList());
            System.out.println("call set-up, median ms after the click at which each step was first seen:");
            STEPS.forEach((label, step) -> System.out.printf("  %-22s %6.0f%n", label,
                    steps.containsKey(step) ? median(steps.get(step)) : Double.NaN));
        }
    }

    /** Each step's first time in this call, in ms after the caller's click; a step is named by who saw it. */
    @SuppressWarnings("unchecked")
    private static void collect(Map<String, List<Double>> steps, Map<String, Browser> pages) {
        Map<String, Double> first = new LinkedHashMap<>();
        pages.forEach((who, page) -> {
            for (List<Object> seen : (List<List<Object>>) page.js("return window.setupSteps;")) {
                first.putIfAbsent(who + " " + seen.get(0), ((Number) seen.get(1)).doubleValue());
            }
        });
        double start = first.get("caller click");
        first.forEach((step, at) -> steps.computeIfAbsent(step, s -> new ArrayList<>()).add(at - start));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
