package dev.azr4j.cli.report;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several runs on one page: their differences, their results side by side, a curve per run. */
class ComparePageTest {
    @TempDir
    Path dir;

    /** Three runs: two seeds and a control, of different lengths. */
    static List<RunSnapshot> threeRuns(Path dir) throws Exception {
        Path a = RunFixtures.run(dir.resolve("seed1"), 6), b = RunFixtures.run(dir.resolve("seed2"), 8), c = RunFixtures.run(dir.resolve("control"), 4);
        Files.writeString(b.resolve("config.yaml"), Files.readString(b.resolve("config.yaml")).replace("seed: 1", "seed: 2"));
        Files.writeString(c.resolve("config.yaml"),
                Files.readString(c.resolve("config.yaml")).replace("shuffle_rewards: false", "shuffle_rewards: true"));
        return List.of(RunSnapshot.read(a), RunSnapshot.read(b), RunSnapshot.read(c));
    }

    @Test
    void theDifferencesTheResultsAndACurvePerRun() throws Exception {
        String html = ComparePage.render(threeRuns(dir));
        String diff = html.substring(html.indexOf("<section id=\"differences\">"), html.indexOf("<section id=\"curves\">"));
        assertTrue(diff.contains("<td>run.seed</td><td>1</td><td>2</td><td>1</td>"), diff);
        assertTrue(diff.contains("<td>selfplay.curriculum.shuffle_rewards</td><td>false</td><td>false</td><td>true</td>"), diff);
        assertFalse(diff.contains("<td>selfplay.batch_size</td>"), "keys that agree are left out");
        String result = html.substring(html.indexOf("<section id=\"result\">"), html.indexOf("<section id=\"differences\">"));
        assertTrue(result.contains("<th>seed1</th><th>seed2</th><th>control</th><th>best constant</th><th>copy</th>"), result);
        assertTrue(result.contains("<td>output prediction</td><td class=\"num\">30.0 % <span class=\"meta\">@6</span></td>"
                + "<td class=\"num\">40.0 % <span class=\"meta\">@8</span></td><td class=\"num\">20.0 % <span class=\"meta\">@4</span></td>"), result);

        String json = html.substring(html.indexOf("id=\"azr-data\">") + 14, html.indexOf("</script>", html.indexOf("id=\"azr-data\">")));
        JsonNode d = new ObjectMapper().readTree(json);
        assertEquals(8, d.get("steps").size(), "the union of the runs' steps");
        JsonNode chart = d.get("charts").get(0);
        assertEquals("Solver accuracy: abduction", chart.get("title").asText());
        assertEquals(List.of("seed1/solve/abduction/accuracy", "seed2/solve/abduction/accuracy", "control/solve/abduction/accuracy"),
                new ObjectMapper().convertValue(chart.get("keys"), List.class));
        JsonNode control = d.get("series").get("control/solve/abduction/accuracy");
        assertFalse(control.get(3).isNull());
        assertTrue(control.get(4).isNull() && control.get(7).isNull(), "no values past the control's last step");
    }

    @Test
    void runsOfTheSameNameAreToldApartByTheirParent() {
        assertEquals(List.of("a/run", "b/run", "other"), ComparePage.names(List.of(Path.of("/x/a/run"), Path.of("/x/b/run"), Path.of("/x/other"))));
    }
}
