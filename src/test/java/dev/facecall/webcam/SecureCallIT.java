package dev.facecall.webcam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facecall.signaling.boundary.SignalClient;
import dev.facecall.signaling.boundary.TestDeployment;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Calls between two machines, with real parts: the server with HTTPS on (as {@code -Dhttps.port}
 * runs it, with the certificate the build made), a real coturn checking the TURN credentials of the
 * {@code welcome}, the {@code relay} policy so that media must go through it, and a real nginx
 * terminating TLS in front of the server with the configuration of {@code docs/deploy.md}. One
 * server, one coturn and two browsers serve every test, to keep the suite short.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SecureCallIT {

    private static final Path TURNSERVER = Path.of("/usr/bin/turnserver");
    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final int TURN_PORT = Daemon.freePort();
    private static final String TURN_SECRET = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private static final long TTL_SECONDS = 3600;
    private static final Pattern NGINX_EXAMPLE = Pattern.compile("```nginx\\n(.*?)```", Pattern.DOTALL);

    @Deployment(testable = false)
    @TargetsContainer("payara-micro-https")
    static WebArchive app() {
        return TestDeployment.app("""
                facecall.turn.secret=%s
                facecall.turn.urls=turn:127.0.0.1:%d?transport=udp
                facecall.turn.ttl-seconds=%d
                facecall.ice-transport-policy=relay
                facecall.trusted-proxies=127.0.0.1
                facecall.ring-seconds=10
                """.formatted(TURN_SECRET, TURN_PORT, TTL_SECONDS));
    }

    @ArquillianResource
    URL base;

    private static TestCertificate certificate;
    private static Daemon coturn;
    private static final List<Browser> browsers = new ArrayList<>();
    private static int run;

    @BeforeAll
    static void startCoturn() throws IOException {
        Daemon.require(TURNSERVER, "coturn");
        certificate = TestCertificate.load();
        coturn = Daemon.start("coturn", List.of(TURNSERVER.toString(), "-n",
                "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--listening-port=" + TURN_PORT,
                "--use-auth-secret", "--static-auth-secret=" + TURN_SECRET, "--realm=facecall.test",
                "--allow-loopback-peers", "--no-tls", "--no-dtls", "--no-cli", "--fingerprint",
                "--log-file=stdout", "--simple-log"), TURN_PORT);
    }

    @AfterAll
    static void stopEverything() {
        browsers.forEach(Browser::close);
        browsers.clear();
        if (coturn != null) {
            coturn.close();
        }
    }

    private static URI https(String host, String path) {
        return URI.create("https://" + host + ":" + TestCertificate.HTTPS_PORT + "/").resolve(path);
    }

    /**
     * The two browsers of the suite, started once: Chromium accepts the test certificate by its
     * key alone. Each test opens its page right before logging in: a page opens its socket at
     * once, and the server closes a socket that has not logged in within 10 s.
     */
    private static List<Browser> browsers() {
        Browser.requireChromium();
        if (browsers.isEmpty()) {
            List<String> arguments = List.of("--ignore-certificate-errors-spki-list=" + certificate.spkiHash(),
                    "--host-resolver-rules=MAP facecall.test 127.0.0.1");
            for (String label : List.of("Alice", "Bob")) {
                browsers.add(new Browser(label, null, arguments));
            }
        }
        return browsers;
    }

    private HttpClient trustingTheServer() {
        return HttpClient.newBuilder().sslContext(certificate.trustingIt()).build();
    }

    @Test
    void overWssTheWelcomeCarriesATurnCredentialThatCoturnTakesAndForgeriesItRefuses() throws Exception {
        URI wss = URI.create("wss://127.0.0.1:" + TestCertificate.HTTPS_PORT + "/signal");
        try (SignalClient ann = SignalClient.connect(wss, trustingTheServer())) {
            JsonObject welcome = ann.loginAs("Ann " + ++run);
            assertEquals("relay", welcome.getString("iceTransportPolicy"));
            JsonArray servers = welcome.getJsonArray("iceServers");
            JsonObject turn = servers.getJsonObject(servers.size() - 1);
            assertEquals(List.of("turn:127.0.0.1:" + TURN_PORT + "?transport=udp"),
                    turn.getJsonArray("urls").getValuesAs(jakarta.json.JsonString::getString));
            String username = turn.getString("username");
            String[] expiryAndUser = username.split(":", 2);
            assertEquals(ann.id(), expiryAndUser[1]);
            long expiry = Long.parseLong(expiryAndUser[0]);
            long expected = Instant.now().getEpochSecond() + TTL_SECONDS;
            assertTrue(Math.abs(expiry - expected) < 60, "expires in an hour: " + username);
            assertFalse(welcome.toString().contains(TURN_SECRET), "the secret never leaves the server");

            TurnAllocation good = allocate(username, turn.getString("credential"));
            assertTrue(good.allocated(), "coturn refused the welcome's credential: " + good.code() + "\n" + coturn.output());
            assertEquals(InetAddress.getLoopbackAddress(), good.relayed().getAddress());

            assertEquals(401, allocate(username, credential("not-the-secret", username)).code(), "a wrong secret");
            String expired = (Instant.now().getEpochSecond() - 60) + ":" + ann.id();
            assertEquals(401, allocate(expired, credential(TURN_SECRET, expired)).code(), "an expired username");
        }
        // The boundary's savings reach into Tyrus and Grizzly: they hold behind TLS as well.
        HttpResponse<String> health = trustingTheServer().send(HttpRequest.newBuilder(https("127.0.0.1", "health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject data = Json.createReader(new StringReader(health.body())).readObject()
                .getJsonArray("checks").getJsonObject(0).getJsonObject("data");
        assertEquals("true", data.getString("framesLimitedAsRead"), data.toString());
    }

    private static TurnAllocation allocate(String username, String credential) throws IOException {
        return TurnAllocation.allocate(new InetSocketAddress(InetAddress.getLoopbackAddress(), TURN_PORT), username, credential);
    }

    /** base64(HMAC-SHA1(secret, username)), as the TURN REST API has it. */
    private static String credential(String secret, String username) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aCallOverHttpsAndWssGoesThroughTheTurnRelayWithVideoBothWays() throws IOException {
        List<Browser> pair = browsers();
        call(https("localhost", "").toURL(), pair.get(0), pair.get(1));
        for (Browser browser : pair) {
            assertEquals("true", String.valueOf(browser.js("return window.isSecureContext;")));
            Map<?, ?> path = selectedPath(browser);
            assertEquals("relay", path.get("local"), browser.label() + " sends through coturn: " + path);
            assertEquals("relay", path.get("remote"), browser.label() + " reaches the peer's relay: " + path);
            browser.await(d -> "relay".equals(browser.byTestId("quality").getAttribute("data-path")), "quality shows the relay");
        }
        browsers.get(0).screenshot("secure-call-relay");
        hangUp(pair);
    }

    @Test
    void aCallThroughNginxTerminatingTlsAsDocsDeployMdSetsItUp() throws Exception {
        Daemon.require(NGINX, "nginx");
        int port = Daemon.freePort();
        Path prefix = Files.createDirectories(Path.of("target", "nginx").toAbsolutePath());
        Files.createDirectories(prefix.resolve("logs"));
        Path[] pem = certificate.writePem(prefix);
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, """
                pid %s;
                error_log stderr;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path %s/body;
                    proxy_temp_path %s/proxy;
                    %s
                }
                """.formatted(prefix.resolve("nginx.pid"), prefix, prefix, deployExample(port, pem)));
        try (Daemon nginx = Daemon.start("nginx", List.of(NGINX.toString(), "-p", prefix.toString(), "-e", "stderr",
                "-c", conf.toString(), "-g", "daemon off;"), port)) {
            List<Browser> pair = browsers();
            call(URI.create("https://127.0.0.1:" + port + "/").toURL(), pair.get(0), pair.get(1));
            hangUp(pair);
            assertFalse(nginx.output().contains("[error]"), nginx.output());
        }
    }

    /** The nginx file of docs/deploy.md, on the test's port and certificate, in front of the test's server. */
    private String deployExample(int port, Path[] pem) throws IOException {
        Matcher example = NGINX_EXAMPLE.matcher(Files.readString(Path.of("docs", "deploy.md")));
        assertTrue(example.find(), "docs/deploy.md has an nginx example");
        String conf = example.group(1);
        Map<String, String> ours = Map.of(
                "listen 80;", "listen 127.0.0.1:" + Daemon.freePort() + ";",
                "listen 443 ssl;", "listen 127.0.0.1:" + port + " ssl;",
                "/etc/letsencrypt/live/call.example.org/fullchain.pem", pem[0].toString(),
                "/etc/letsencrypt/live/call.example.org/privkey.pem", pem[1].toString(),
                "http://127.0.0.1:8080", "http://127.0.0.1:" + base.getPort());
        for (Map.Entry<String, String> change : ours.entrySet()) {
            assertTrue(conf.contains(change.getKey()), "docs/deploy.md's nginx example has " + change.getKey());
            conf = conf.replace(change.getKey(), change.getValue());
        }
        return conf;
    }

    @Test
    void plainHttpFromAnotherMachineGoesToHttpsAndAnInsecurePageLinksThere() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI script = URI.create("http://127.0.0.1:" + base.getPort() + "/js/app.js?v=1");
        // The server trusts 127.0.0.1 as a proxy here, so a test can speak for another machine.
        HttpResponse<Void> fromElsewhere = http.send(HttpRequest.newBuilder(script).header("X-Forwarded-For", "192.0.2.7").build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(307, fromElsewhere.statusCode());
        assertEquals("https://127.0.0.1:" + TestCertificate.HTTPS_PORT + "/js/app.js?v=1",
                fromElsewhere.headers().firstValue("Location").orElseThrow());
        assertEquals(200, http.send(HttpRequest.newBuilder(script).build(), HttpResponse.BodyHandlers.discarding()).statusCode(),
                "this machine keeps plain HTTP");
        assertEquals(200, http.send(HttpRequest.newBuilder(script).header("X-Forwarded-For", "192.0.2.7")
                .header("X-Forwarded-Proto", "https").build(), HttpResponse.BodyHandlers.discarding()).statusCode(),
                "a proxy that took the request over HTTPS");
        HttpResponse<String> address = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + base.getPort()
                + "/https-address")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("{\"url\":\"https://127.0.0.1:" + TestCertificate.HTTPS_PORT + "/\"}", address.body());

        // Not localhost and not HTTPS: no camera; the page says so and links to the HTTPS address.
        Browser page = browsers().get(0);
        page.open(new URL("http", "facecall.test", base.getPort(), "/"));
        assertEquals("insecure-context", page.awaitNotice(0));
        String link = page.await(d -> page.driver().findElement(org.openqa.selenium.By.id("notice-link")).getAttribute("href"),
                "a link to the HTTPS address");
        assertEquals("https://facecall.test:" + TestCertificate.HTTPS_PORT + "/", link);
        page.driver().findElement(org.openqa.selenium.By.id("notice-link")).click();
        page.await(d -> "https:".equals(page.js("return window.isSecureContext ? location.protocol : null;")), "a secure page");
        page.loginAndWait("Secure " + ++run);
    }

    /** Alice and Bob open {@code page}, Alice calls Bob, Bob accepts, and each sees and hears the other. */
    private static void call(URL page, Browser alice, Browser bob) {
        run++;
        for (Browser browser : List.of(alice, bob)) {
            browser.open(page);
            browser.loginAndWait(browser.label() + " " + run);
        }
        alice.call(bob.name());
        bob.awaitCallState("incoming");
        bob.click("accept-button");
        for (Browser browser : List.of(alice, bob)) {
            browser.awaitCallState("in-call");
            Media.awaitRemoteVideoPlaying(browser);
            Media.awaitInboundBytesGrowing(browser);
        }
    }

    private static void hangUp(List<Browser> pair) {
        pair.get(0).click("hangup-button");
        pair.forEach(browser -> browser.awaitCallState("idle"));
    }

    /** The candidate types of the pair a browser's call uses: {@code relay} when through TURN. */
    private static Map<?, ?> selectedPath(Browser browser) {
        return browser.await(d -> (Map<?, ?>) browser.jsAsync("""
                const done = arguments[arguments.length - 1];
                window.facecall.pc().getStats().then(stats => {
                  let pair = null;
                  stats.forEach(r => { if (r.type === 'transport' && r.selectedCandidatePairId) pair = stats.get(r.selectedCandidatePairId); });
                  if (!pair) { done(null); return; }
                  done({local: stats.get(pair.localCandidateId)?.candidateType,
                        remote: stats.get(pair.remoteCandidateId)?.candidateType});
                }, () => done(null));
                """), "a selected candidate pair");
    }
}
