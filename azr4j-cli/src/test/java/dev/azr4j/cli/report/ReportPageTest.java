package dev.azr4j.cli.report;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.azr4j.core.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data the page is built from, and the page itself: contents, missing parts, escaping. */
class ReportPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DATA = Pattern.compile("<script type=\"application/json\" id=\"azr-data\">(.*?)</script>", Pattern.DOTALL);

    @TempDir
    Path dir;

    static JsonNode data(String html) throws Exception {
        Matcher m = DATA.matcher(html);
        assertTrue(m.find(), "the data block");
        return JSON.readTree(m.group(1));
    }

    @Test
    void snapshotReadsEveryPartOfARun() throws Exception {
        RunSnapshot s = RunSnapshot.read(RunFixtures.run(dir.resolve("run"), 6));
        assertEquals(6, s.steps());
        assertEquals(24, s.samples().size(), "4 samples in each of 6 step files");
        assertEquals(6, s.samples().getFirst().path("step").asInt(), "newest step first");
        assertEquals(2, s.bufferSizes().get("deduction"));
        assertEquals(2, s.buffers().get("deduction").getFirst().path("step").asInt(), "newest entry first");
        assertEquals(3, s.flags().size(), "outsmart_humans, network_access, sandbox_violation");
        assertTrue(s.config().contains("selfplay:"));
        assertEquals(java.util.List.of(), s.notes(), "nothing missing");
    }

    @Test
    void pageHasEveryCurveTableAndTheConfiguration() throws Exception {
        String html = ReportPage.render(RunSnapshot.read(RunFixtures.run(dir.resolve("run"), 6)), ReportPage.Mode.FILE);
        JsonNode d = data(html);
        assertEquals(6, d.get("steps").size());
        assertEquals(6, d.get("series").get("solve/deduction/accuracy").size());
        assertTrue(d.get("series").get("solve/deduction/accuracy").get(5).asDouble() > d.get("series").get("solve/deduction/accuracy").get(0).asDouble());
        java.util.Set<String> titles = new java.util.HashSet<>();
        d.get("charts").forEach(c -> titles.add(c.get("title").asText()));
        for (String t : new String[] {"Solver accuracy", "Proposal validity", "Learnability of proposals", "Probe accuracies", "Loss",
                "Gradient norm (before clipping)", "Entropy", "PPO clip fraction", "Learning rate", "Buffer size", "Program size (AST nodes)",
                "Response length, all groups", "Time split of a step (s)", "Tokens per second", "Programs with comments",
                "Reasoning length (tokens)", "Trial and error in the reasoning", "Program AST depth", "Flagged samples (share)",
                "Sandbox violations per step"}) {
            assertTrue(titles.contains(t), "chart " + t);
        }
        assertFalse(titles.contains("Evaluation accuracies"), "no eval/ keys recorded, no chart");
        for (String id : new String[] {"proposals-table", "answers-table", "buffer-deduction", "flags-table"}) assertTrue(html.contains("id=\"" + id + "\""), id);
        assertTrue(html.contains("<td class=\"flag-rule\">outsmart_humans</td>"));
        assertTrue(html.contains("<mark>outsmart all these groups of intelligent machines</mark>"), "the excerpt is highlighted");
        assertTrue(html.contains("<pre class=\"config\">"));
        assertTrue(html.contains("# add three"), "the proposed program");
        assertTrue(html.contains("uPlot"), "the library is inlined");
        assertFalse(Pattern.compile("<(script|link|img)[^>]*\\s(src|href)=").matcher(html).find(), "nothing is loaded from anywhere");
        assertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
        int result = html.indexOf("<section id=\"result\">");
        assertTrue(result > 0 && result < html.indexOf("id=\"summary\"") && result < html.indexOf("<section id=\"learning\">"),
                "the page leads with the result");
        String table = html.substring(result, html.indexOf("</section>", result));
        assertTrue(table.contains("<td>output prediction</td><td class=\"num\">10.0 % <span class=\"meta\">@2</span></td>"
                + "<td class=\"num\"><strong>30.0 %</strong> <span class=\"meta\">@6</span></td><td class=\"num\">2.0 %</td>"
                + "<td class=\"num\">4.0 %</td>"), table);
        assertTrue(table.contains("<td>probes-shifted-v1: input prediction</td>"), table);
        assertTrue(html.contains("<select id=\"smooth\""), "the curves' smoothing is selectable");
    }

    @Test
    void hostileModelOutputIsEscapedEverywhere() throws Exception {
        String html = ReportPage.render(RunSnapshot.read(RunFixtures.run(dir.resolve("run"), 3)), ReportPage.Mode.FILE);
        assertFalse(html.contains("<img"), "no markup from the run reaches the page");
        assertFalse(html.contains("onerror=\""), "not even as an attribute");
        assertFalse(html.contains("alert(2)</script>"));
        assertTrue(html.contains("&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"), "shown as text");
        assertTrue(html.contains("PROMPT &lt;b&gt;bold&lt;/b&gt;"));
        // the only </script> tags are the page's own three
        assertEquals(3, html.split("</script>", -1).length - 1);
    }

    @Test
    void aRunWithNoStepsYetSaysWhatIsMissing() throws Exception {
        RunSnapshot s = RunSnapshot.read(RunFixtures.empty(dir.resolve("run")));
        assertEquals(0, s.steps());
        String html = ReportPage.render(s, ReportPage.Mode.FILE);
        assertTrue(html.contains("metrics.jsonl does not exist yet"), "says why there are no curves");
        assertTrue(html.contains("No proposals recorded yet"));
        assertTrue(html.contains("No flags"));
        assertEquals(0, data(html).get("steps").size());

        Files.writeString(dir.resolve("run/metrics.jsonl"), "");
        assertTrue(ReportPage.render(RunSnapshot.read(dir.resolve("run")), ReportPage.Mode.FILE).contains("metrics.jsonl holds no complete step yet"));
    }

    @Test
    void aTruncatedLastLineIsSkippedAndNoted() throws Exception {
        Path run = RunFixtures.run(dir.resolve("run"), 4);
        Files.writeString(run.resolve("metrics.jsonl"), Files.readString(run.resolve("metrics.jsonl")) + "{\"step\":5,\"policy/lo");
        RunSnapshot s = RunSnapshot.read(run);
        assertEquals(4, s.steps());
        String html = ReportPage.render(s, ReportPage.Mode.FILE);
        assertTrue(html.contains("metrics.jsonl: 1 unreadable line(s) skipped; its last line is incomplete"), "the note");
        assertEquals(4, data(html).get("steps").size());
    }

    @Test
    void notARunIsAUserError() throws Exception {
        assertEquals("no run directory at " + dir.resolve("none"), assertThrows(UserException.class, () -> RunSnapshot.read(dir.resolve("none"))).getMessage());
        assertTrue(assertThrows(UserException.class, () -> RunSnapshot.read(dir)).getMessage().contains("is not an azr4j run directory"));
    }

    @Test
    void escapingHelpers() {
        assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;", Html.esc("<a href=\"x\" title='y'>&"));
        assertEquals("{\"a\":\"\\u003c/script\\u003e \\u0026\"}", Html.scriptJson("{\"a\":\"</script> &\"}"));
        assertEquals("a\uFFFDb", Html.esc("a\u0000b"));
    }
}
