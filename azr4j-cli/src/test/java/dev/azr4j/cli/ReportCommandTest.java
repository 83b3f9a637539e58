package dev.azr4j.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code azr report} from the command line: a real tiny run, errors, --out, --serve. */
class ReportCommandTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    private static Result azr(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private static boolean pythonAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sys; assert sys.version_info >= (3, 10)").start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void reportsARealTinyRunWithTensorBoardFiles() throws Exception {
        Assumptions.assumeTrue(pythonAvailable(), "python3 >= 3.10 not found: skipped");
        Path run = dir.resolve("run");
        Result train = azr("train", "--out", run.toString(), "--steps", "1", "--set", "selfplay.max_response_tokens=24",
                "--set", "selfplay.mc_samples=2", "--set", "selfplay.batch_size=2", "--set", "executor.workers=1",
                "--set", "logging.tensorboard=true");
        assertEquals(0, train.code(), train.err());
        assertTrue(Files.isRegularFile(run.resolve("flags.jsonl")), "the safety monitor's file exists, even when empty");
        try (var tb = Files.list(run.resolve("tensorboard"))) {
            assertTrue(tb.anyMatch(f -> f.getFileName().toString().startsWith("events.out.tfevents.")));
        }
        String metrics = Files.readString(run.resolve("metrics.jsonl"));
        for (String k : List.of("behaviour/deduction/reasoning_tokens", "safety/flagged_rate", "safety/sandbox_violations"))
            assertTrue(metrics.contains("\"" + k + "\""), k);

        Result r = azr("report", run.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("wrote " + run.resolve("report.html") + " (1 step)\n", r.out());
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("\"solve/deduction/accuracy\":[") && html.contains("Recent proposals"));
        try (var files = Files.list(run)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".tmp-")), "written atomically, no leftovers");
        }
        Path other = dir.resolve("other");
        Result second = azr("train", "--out", other.toString(), "--steps", "1", "--seed", "2", "--set", "selfplay.max_response_tokens=24",
                "--set", "selfplay.mc_samples=2", "--set", "selfplay.batch_size=2", "--set", "executor.workers=1");
        assertEquals(0, second.code(), second.err());
        Path compare = dir.resolve("compare.html");
        Result both = azr("report", run.toString(), other.toString(), "--out", compare.toString());
        assertEquals(0, both.code(), both.err());
        assertEquals("wrote " + compare + " (2 runs compared)\n", both.out());
        String page = Files.readString(compare);
        assertTrue(page.contains("<td>run.seed</td><td>1</td><td>2</td>"), "the runs' differences");
        assertTrue(page.contains("\"run/solve/deduction/accuracy\":[") && page.contains("\"other/solve/deduction/accuracy\":["));
        Result serveTwo = azr("report", run.toString(), other.toString(), "--serve");
        assertEquals(2, serveTwo.code(), serveTwo.err());
    }

    @Test
    void aMissingOrNonRunDirectoryIsOneLineExit2() {
        Result r = azr("report", dir.resolve("nothing").toString());
        assertEquals(2, r.code());
        assertEquals("azr report: no run directory at " + dir.resolve("nothing") + "\n", r.err());
        r = azr("report", dir.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("is not an azr4j run directory"));
        assertEquals(2, azr("report").code(), "RUN is required");
    }

    @Test
    void outWritesElsewhereAndAnEmptyRunStillRenders() throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("config.yaml"), "run:\n  steps: 3\n");
        Path page = dir.resolve("page.html");
        Result r = azr("report", run.toString(), "--out", page.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("wrote " + page + " (0 steps; "), r.out());
        assertTrue(Files.readString(page).contains("metrics.jsonl does not exist yet"));
        assertFalse(Files.exists(run.resolve("report.html")));
        assertEquals(2, azr("report", run.toString(), "--serve", "--out", page.toString()).code());
    }

    @Test
    void serveAnswersOnLoopbackUntilStopped() throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("config.yaml"), "run:\n  steps: 3\n");
        StringWriter out = new StringWriter();
        List<Integer> code = new ArrayList<>();
        Thread t = new Thread(() -> code.add(Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                new String[] {"report", run.toString(), "--serve", "--port", "0"})));
        t.start();
        Pattern url = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/) ");
        Matcher m = url.matcher("");
        for (int i = 0; i < 200 && !(m = url.matcher(out.toString())).find(); i++) Thread.sleep(50);
        assertTrue(m.find(0), "printed its address: " + out);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(m.group(1))).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("azr4j run report"));
        ReportCommand.serving.countDown();
        t.join(10_000);
        assertFalse(t.isAlive());
        assertEquals(List.of(0), code);
    }
}
