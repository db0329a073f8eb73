package io.gridhall.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by the system ChromeDriver. The driver path is given, so Selenium
 * Manager never downloads anything; the flags keep Chromium off the network it cannot reach.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Selenium warns at every start that it has no DevTools bindings for this Chromium; we use none. */
    private static final java.util.logging.Logger SELENIUM_LOG =
            java.util.logging.Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    final ChromeDriver driver;
    private final Path profile;
    private final WebDriverWait wait;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    /**
     * Fails, never skips: every piece these journeys need has landed, so a missing one is a broken build (a test
     * that skips itself could pass without testing anything). The message names the missing piece.
     */
    static void require(boolean condition, String missing) {
        if (!condition) throw new AssertionError(missing);
    }

    static void require(boolean condition, java.util.function.Supplier<String> missing) {
        if (!condition) throw new AssertionError(missing.get());
    }

    /** Fails unless both front ends are built into the classpath. */
    static void requireFrontEndBuilt() {
        require(
                Browser.class.getResource("/static/index.html") != null
                        && Browser.class.getResource("/static/console/index.html") != null,
                "Missing: the web front end is not built (build without -Dskip.frontend=true)");
    }

    /** Fails naming the piece when one of the API paths the journey drives is not mapped in this build. */
    static void requireMapped(org.springframework.context.ApplicationContext context, String piece, String... paths) {
        var mapping = context.getBean(
                "requestMappingHandlerMapping",
                org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping.class);
        java.util.Set<String> mapped = new java.util.HashSet<>();
        mapping.getHandlerMethods().keySet().forEach(info -> mapped.addAll(info.getPatternValues()));
        java.util.List<String> missing =
                java.util.Arrays.stream(paths).filter(p -> !mapped.contains(p)).toList();
        require(missing.isEmpty(), () -> "Missing: " + piece + " is not in this build (missing " + missing + ")");
    }

    static void requireInstalled() {
        require(
                new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "Missing: Debian chromium and chromium-driver are not installed (.ci/run installs them)");
    }

    static Browser start(int width, int height) throws IOException {
        requireInstalled();
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        Path profile = Files.createTempDirectory("gridhall-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                "--lang=zh-CN",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
        // the console log, to fail a journey whose pages broke the Content-Security-Policy (issue 7)
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
        return new Browser(driver, profile);
    }

    /** What the browser's console said about the Content-Security-Policy since the last call. */
    List<String> cspViolations() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .map(org.openqa.selenium.logging.LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Content-Security-Policy"))
                .toList();
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement visible(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    WebElement clickable(String css) {
        return wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The input (or text area) of a form field marked data-test=name, on the element itself or its wrapper. */
    static String field(String name) {
        return "input[data-test=" + name + "], [data-test=" + name + "] input, textarea[data-test=" + name
                + "], [data-test=" + name + "] textarea";
    }

    /**
     * Replaces what the field holds with {@code text} as a person would: select all and type over it. WebElement.clear
     * alone fires no input event, so a Vue model keeps a pre-filled value and the typed text is appended to it.
     */
    void type(String css, String text) {
        WebElement input = visible(css);
        input.clear();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(text);
    }

    void click(String css) {
        clickable(css).click();
    }

    void waitForText(String css, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    void gone(String css) {
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
    }

    /** What the page logged to its console since the last call (warnings, errors, failed requests). */
    List<String> consoleMessages() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .map(e -> e.getLevel() + " " + e.getMessage())
                .toList();
    }

    void waitForUrl(String fragment) {
        wait.until(ExpectedConditions.urlContains(fragment));
    }

    /** Waits for pending transitions and requests to settle, then saves a PNG under target/screenshots. */
    Path screenshot(String name) throws IOException {
        try {
            Thread.sleep(600);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /** Runs the steps; on failure keeps a screenshot of where it stopped. */
    void run(String name, Steps steps) throws Exception {
        try {
            steps.run();
        } catch (Throwable e) {
            try {
                screenshot("failed-" + name);
            } catch (RuntimeException | IOException ignored) {
                // the failure itself matters more
            }
            throw e;
        }
    }

    interface Steps {
        void run() throws Exception;
    }

    @Override
    public void close() throws IOException {
        List<String> violations = List.of();
        try {
            violations = cspViolations();
        } catch (RuntimeException e) {
            // the browser is already gone: nothing more to read
        }
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        if (!violations.isEmpty()) {
            throw new AssertionError("The pages broke the Content-Security-Policy: " + violations);
        }
    }
}
