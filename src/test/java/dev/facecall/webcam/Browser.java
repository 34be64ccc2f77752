package dev.facecall.webcam;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person at one headless Chromium with a fake camera and microphone: Debian's browser and
 * driver, a fresh profile, and the page's {@code data-testid} hooks to act and to watch. A browser
 * started with no extra switches whose test changed nothing but its pages may serve a later test
 * as new ({@link #leave()}, {@link #reuse}): starting Chromium costs seconds, loading a page does not.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private String label;
    private String name;
    private final ChromeDriver driver;
    private final Path profile;
    /** Whether only its pages changed: no extra switches, no DevTools command, no direct use of the driver. */
    private boolean asStarted;
    /** The origins its pages came from, whose storage {@link #leave()} clears. */
    private final Set<String> origins = new LinkedHashSet<>();

    /** Skips the browser tests where no Chromium is installed, but fails them on CI. */
    static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String message = "browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", "
                + CHROMEDRIVER + "): apt-get install chromium chromium-driver";
        if (!present && System.getenv("CI") != null) {
            fail(message + " — CI is set, so they may not be skipped");
        }
        Assumptions.assumeTrue(present, message);
    }

    Browser(String label, URL page) {
        this(label, page, List.of());
    }

    /** A browser with extra Chromium switches, for example a host resolver rule; at {@code page} unless null. */
    Browser(String label, URL page, List<String> extraArguments) {
        this.label = label;
        this.asStarted = extraArguments.isEmpty();
        try {
            profile = Files.createTempDirectory("facecall-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
                "--allow-loopback-in-peer-connection",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                "--autoplay-policy=no-user-gesture-required",
                "--auto-accept-this-tab-capture",
                "--auto-select-desktop-capture-source=Entire screen",
                "--window-size=1280,800",
                "--user-data-dir=" + profile);
        options.addArguments(extraArguments);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL")); // the console, for a timeout's report
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        if (page != null) {
            go(page);
        }
    }

    private void go(URL page) {
        origins.add(page.getProtocol() + "://" + page.getAuthority());
        driver.get(page.toString());
    }

    /**
     * After a test: leaves the page (which logs out on the way, as a person leaving it does) for a
     * blank one, and forgets what its pages stored and cached. Returns whether this browser may now
     * serve another test as if new; if not, it is to be {@linkplain #close() closed}.
     */
    boolean leave() {
        if (!asStarted) {
            return false;
        }
        try {
            driver.get("about:blank");
            for (String origin : origins) {
                driver.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
            }
            driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
            driver.manage().logs().get("browser"); // so that a later timeout prints only the later test's console
            origins.clear();
            name = null;
            return driver.getWindowHandles().size() == 1;
        } catch (RuntimeException e) {
            System.err.println(label + ": not reused: " + e);
            return false;
        }
    }

    /** A browser that {@linkplain #leave() left} an earlier test's page, now {@code label} at {@code page}. */
    Browser reuse(String label, URL page) {
        this.label = label;
        go(page);
        return this;
    }

    String label() {
        return label;
    }

    /** Goes to {@code page}, as a person typing its address (the page left logs out on the way). */
    void open(URL page) {
        name = null;
        go(page);
    }

    /** The name this browser logged in with. */
    String name() {
        return name;
    }

    WebElement byTestId(String testId) {
        return driver.findElement(By.cssSelector("[data-testid='" + testId + "']"));
    }

    List<WebElement> allByTestId(String testId) {
        return driver.findElements(By.cssSelector("[data-testid='" + testId + "']"));
    }

    boolean isVisible(String testId) {
        List<WebElement> found = allByTestId(testId);
        return !found.isEmpty() && Boolean.TRUE.equals(js("return arguments[0].checkVisibility();", found.get(0)));
    }

    void login(String name) {
        this.name = name;
        WebElement input = byTestId("name-input");
        input.clear();
        input.sendKeys(name, Keys.ENTER);
    }

    void loginAndWait(String name) {
        login(name);
        awaitBody("data-connection", "online");
    }

    String body(String attribute) {
        return driver.findElement(By.tagName("body")).getAttribute(attribute);
    }

    void awaitBody(String attribute, String value) {
        await(d -> value.equals(body(attribute)), "body " + attribute + "=" + value);
    }

    void awaitCallState(String state) {
        awaitBody("data-call-state", state);
    }

    /** The {@code user} entry of the user called {@code name}, once it is listed. */
    WebElement user(String name) {
        return await(d -> allByTestId("user").stream()
                .filter(entry -> name.equals(entry.getAttribute("data-user-name")))
                .findFirst().orElse(null), name + " listed");
    }

    void call(String name) {
        user(name).findElement(By.cssSelector("[data-testid='call-button']")).click();
    }

    /** What the page says about the peer's microphone, camera and screen. */
    String peerLabel() {
        return driver.findElement(By.id("peer-label")).getText();
    }

    void click(String testId) {
        byTestId(testId).click();
    }

    /** Waits for a notice newer than {@code afterSeq}; returns its reason. */
    String awaitNotice(int afterSeq) {
        return await(d -> {
            WebElement notice = byTestId("notice");
            String seq = notice.getAttribute("data-seq");
            return seq != null && Integer.parseInt(seq) > afterSeq ? notice.getAttribute("data-reason") : null;
        }, "a notice after #" + afterSeq);
    }

    int noticeSeq() {
        String seq = byTestId("notice").getAttribute("data-seq");
        return seq == null || seq.isEmpty() ? 0 : Integer.parseInt(seq);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object jsAsync(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    <T> T await(Function<WebDriver, T> condition, String what) {
        try {
            return new WebDriverWait(driver, WAIT, Duration.ofMillis(50)).withMessage(label + ": " + what).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("timeout-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            printConsole();
            throw e;
        }
    }

    /** What the page wrote to its console (a failed WebSocket, a script error), to the test's output. */
    private void printConsole() {
        try {
            driver.manage().logs().get("browser").forEach(entry -> System.err.println(label + " console: " + entry));
        } catch (RuntimeException e) {
            System.err.println(label + ": no console: " + e);
        }
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + "-" + label + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            System.err.println(label + ": no screenshot " + name + ": " + e);
        }
    }

    /** A script that runs in every page this browser loads from now on, before the page's own. */
    void beforeEachLoad(String script) {
        asStarted = false;
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
    }

    /** Loads the page again (a new page: it logs out on the way, as a person's reload does). */
    void reload() {
        driver.navigate().refresh();
    }

    /** A DevTools command, for what WebDriver has no words for (emulation, permissions). */
    Map<String, Object> cdp(String command, Map<String, Object> parameters) {
        asStarted = false;
        return driver.executeCdpCommand(command, parameters);
    }

    /**
     * Makes the browser ask again before the page may use the camera and the microphone, as for a
     * page never allowed them (with the fake UI, Chromium otherwise reports both as granted), and
     * loads the page again so that it learns so from the start.
     */
    void askBeforeCapture() {
        for (String permission : List.of("camera", "microphone")) {
            cdp("Browser.setPermission", Map.of("permission", Map.of("name", permission), "setting", "prompt"));
        }
        reload();
    }

    /** Evaluates {@code source} in the page's global scope, outside its Content-Security-Policy. */
    void evaluateGlobally(String source) {
        cdp("Runtime.evaluate", Map.of("expression", source));
    }

    /** Looks like a phone held upright ({@code width} × {@code height} CSS pixels, touch), or like the desktop again. */
    void emulateScreen(int width, int height, boolean mobile) {
        cdp("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", mobile));
        cdp("Emulation.setTouchEmulationEnabled", Map.of("enabled", mobile));
    }

    void emulateDesktop() {
        cdp("Emulation.clearDeviceMetricsOverride", Map.of());
        cdp("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
    }

    /** {@code prefers-color-scheme}: "dark" or "light". */
    void emulateColorScheme(String scheme) {
        cdp("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    WebDriver driver() {
        asStarted = false; // it may open a window, or change what no page load undoes
        return driver;
    }

    /** Kills the browser as a crash would: no pagehide, no logout, its sockets just die. */
    void crash() {
        asStarted = false;
        String marker = "--user-data-dir=" + profile;
        ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().map(line -> line.contains(marker)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
        quitQuietly();
    }

    @Override
    public void close() {
        quitQuietly();
    }

    private void quitQuietly() {
        try {
            driver.quit();
        } catch (RuntimeException e) {
            System.err.println(label + ": quit failed: " + e);
        }
        deleteProfile();
    }

    private void deleteProfile() {
        try (var paths = Files.walk(profile)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
