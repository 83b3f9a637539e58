package dev.azr4j.cli.report;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.run.AtomicFiles;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated file in a real browser: headless Chromium (Debian's {@code chromium}; skipped when
 * absent) opens it from disk, the charts are drawn with their series, the tables have rows, and
 * nothing in the rendered page refers to anything outside it. The screenshot is kept as
 * {@code target/report-screenshot.png}, the page as {@code target/report-fixture.html}.
 */
class ReportBrowserTest {
    @TempDir
    Path dir;

    private static String chromium() {
        for (String c : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String p : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(p, c))) return Path.of(p, c).toString();
            }
        }
        return null;
    }

    private static String browser(String chromium, Path profile, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile, "--virtual-time-budget=5000"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void chromiumDrawsTheChartsAndTables() throws Exception {
        String chromium = chromium();
        Assumptions.assumeTrue(chromium != null, "chromium not found: skipped");
        Path run = RunFixtures.run(dir.resolve("run"), 12);
        Path page = run.resolve("report.html");
        AtomicFiles.writeString(page, ReportPage.render(RunSnapshot.read(run), ReportPage.Mode.FILE));

        String dom = browser(chromium, dir.resolve("profile"), "--dump-dom", page.toUri().toString());
        assertTrue(dom.contains("data-ready=\"1\""), "the page's script ran to the end");
        Matcher drawn = Pattern.compile("data-charts-drawn=\"(\\d+)\"").matcher(dom);
        assertTrue(drawn.find());
        assertTrue(Integer.parseInt(drawn.group(1)) >= 25, "charts drawn: " + drawn.group(1));
        assertTrue(Pattern.compile("data-chart=\"0\" data-title=\"Solver accuracy\"[^>]*data-series=\"3\"").matcher(dom).find()
                || Pattern.compile("data-chart=\"0\"[^>]*data-series=\"3\"").matcher(dom).find(), "three series in the first chart");
        assertTrue(dom.contains("<canvas"), "uPlot drew on canvases");
        assertTrue(dom.contains("class=\"u-legend"), "with legends");
        assertTrue(dom.contains("(raw)"), "each curve is an average drawn beside its raw points (smoothing 10 by default)");
        int rows = dom.split("<tr>", -1).length - 1;
        assertTrue(rows > 40, "table rows: " + rows);
        // nothing outside the page: no element with a src, and every href an in-page anchor
        assertFalse(Pattern.compile("<[a-zA-Z][^>]*\\ssrc=").matcher(dom).find(), "an element loads something");
        Matcher href = Pattern.compile("<[a-zA-Z][^>]*\\shref=\"([^\"]*)\"").matcher(dom);
        while (href.find()) assertTrue(href.group(1).startsWith("#"), "link out of the page: " + href.group(1));
        assertFalse(dom.contains("<img"), "the hostile sample stayed text");

        Path shot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.createDirectories(shot.getParent());
        Files.copy(page, shot.resolveSibling("report-fixture.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(shot);
        browser(chromium, dir.resolve("profile2"), "--screenshot=" + shot, "--window-size=1400,3000", page.toUri().toString());
        assertTrue(Files.size(shot) > 10_000, "a screenshot with content");
    }

    @Test
    void chromiumDrawsThreeRunsComparedOnOnePage() throws Exception {
        String chromium = chromium();
        Assumptions.assumeTrue(chromium != null, "chromium not found: skipped");
        Path page = dir.resolve("compare.html");
        AtomicFiles.writeString(page, ComparePage.render(ComparePageTest.threeRuns(dir.resolve("runs"))));
        String dom = browser(chromium, dir.resolve("profile3"), "--dump-dom", page.toUri().toString());
        assertTrue(dom.contains("data-ready=\"1\""), "the page's script ran to the end");
        Matcher drawn = Pattern.compile("data-charts-drawn=\"(\\d+)\"").matcher(dom);
        assertTrue(drawn.find() && Integer.parseInt(drawn.group(1)) >= 15, "charts drawn");
        assertTrue(Pattern.compile("data-chart=\"0\"[^>]*data-series=\"3\"").matcher(dom).find(), "a curve per run in the first chart");
        assertTrue(dom.contains(">seed1 (raw)") || dom.contains("seed1 (raw)"), "each run's curve is named by its run");
        assertTrue(dom.contains("id=\"differences-table\""));
    }
}
