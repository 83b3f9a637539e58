package dev.azr4j.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code azr eval} end to end on a checkpoint written by {@code azr train}, resume after an interruption, and bad input. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvalCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private Path checkpoint;
    private Path cruxeval;

    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank() && !l.startsWith("eval ") && !l.contains("incubator")).toList();
        }
    }

    private static Result azr(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private static boolean pythonAvailable() {
        try {
            return new ProcessBuilder("python3", "-c", "import sys; assert sys.version_info >= (3, 10)").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static Path shared(String relative) {
        Path p = Path.of(System.getProperty("azr.shared", "../shared")).resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "shared data absent (" + p + "): skipped");
        return p;
    }

    @BeforeAll
    void trainOneStep() {
        Assumptions.assumeTrue(pythonAvailable(), "python3 >= 3.10 is needed for the executor");
        cruxeval = shared("data/cruxeval/cruxeval.jsonl");
        Path run = dir.resolve("run");
        // benchmarks during training too: one that works, one whose file is missing (a counted error, not the end),
        // probes-v1 and a generalization set by name, each beside its own baselines
        String benches = "eval.benches=[{name: cruxeval-o, data: " + cruxeval + ", limit: 2, max_tokens: 8, temperature: 0},"
                + " {name: math, data: " + dir.resolve("missing-math.jsonl") + ", limit: 1, max_tokens: 8, temperature: 0},"
                + " {name: probe, data: null, limit: 2, max_tokens: 8, temperature: 0},"
                + " {name: probe, data: probes-multiline-v1, limit: 2, max_tokens: 8, temperature: 0}]";
        Result r = azr("train", "--out", run.toString(), "--steps", "1", "--set", "selfplay.max_response_tokens=16",
                "--set", "selfplay.mc_samples=2", "--set", "selfplay.batch_size=2", "--set", "executor.workers=1",
                "--set", "eval.every=1", "--set", benches);
        assertEquals(0, r.code(), r.out() + r.err());
        checkpoint = run.resolve("checkpoints/step-1");
        assertTrue(Files.isRegularFile(checkpoint.resolve("prompt.json")), "azr train writes its prompt format into the checkpoint");
        try {
            JsonNode metrics = JSON.readTree(Files.readAllLines(run.resolve("metrics.jsonl")).getFirst());
            assertTrue(metrics.has("eval/cruxeval-o/accuracy"), metrics.toString());
            assertTrue(metrics.has("eval/cruxeval-o/accuracy_strict"), metrics.toString());
            assertEquals(1, metrics.get("eval/errors").asInt(), metrics.toString());
            assertFalse(metrics.has("eval/math/accuracy"));
            for (String set : List.of("", "probes-multiline-v1/")) {
                for (String m : List.of("accuracy", "best_constant", "copy"))
                    assertTrue(metrics.has("probe/" + set + "output/" + m), set + m + ": " + metrics);
            }
            assertTrue(metrics.has("eval/probe/probes-multiline-v1/accuracy"), metrics.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Result eval(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("eval", "--model", checkpoint.toString(), "--bench", "cruxeval-o",
                "--data", cruxeval.toString(), "--limit", "3", "--max-tokens", "12", "--batch", "1", "--set", "executor.workers=1"));
        if (out != null) a.addAll(List.of("--out", out.toString()));
        a.addAll(List.of(extra));
        return azr(a.toArray(String[]::new));
    }

    private static List<JsonNode> rows(Path file) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) if (!line.isBlank()) rows.add(JSON.readTree(line));
        return rows;
    }

    @Test
    void evaluatesATrainedCheckpointAndResumesAfterAnInterruption() throws Exception {
        Path out = dir.resolve("rows.jsonl");
        Result first = eval(out);
        assertEquals(0, first.code(), first.out() + first.err());
        assertTrue(first.out().contains("accuracy"), first.out());
        List<JsonNode> rows = rows(out);
        assertEquals(3, rows.size());
        for (JsonNode row : rows) {
            for (String f : List.of("id", "prompt", "completions", "answers", "correct", "correct_strict"))
                assertTrue(row.has(f), "row lacks " + f + ": " + row);
            assertEquals(1, row.get("correct").size());
            // the trained model's own deduction solver prompt (the tiny preset's bare format; a CRUXEval program is shown whole)
            assertTrue(row.get("prompt").asText().startsWith("P:") && row.get("prompt").asText().endsWith("\nO:"), row.get("prompt").asText());
        }
        JsonNode summary = JSON.readTree(dir.resolve("rows.jsonl.summary.json").toFile());
        assertEquals("cruxeval-o", summary.get("bench").asText());
        assertEquals(3, summary.get("n").asInt());
        assertEquals("azr (bare)", summary.get("prompt_format").asText());
        for (String f : List.of("accuracy", "accuracy_strict", "pass@1", "unparsed", "timing")) assertTrue(summary.has(f), f);

        // an interruption: one row kept, the next torn in the middle of its write
        List<String> lines = Files.readAllLines(out);
        Files.writeString(out, lines.get(0) + "\n" + lines.get(1).substring(0, lines.get(1).length() / 2), StandardCharsets.UTF_8);
        Result again = eval(out);
        assertEquals(0, again.code(), again.out() + again.err());
        List<JsonNode> resumed = rows(out);
        assertEquals(3, resumed.size());
        Set<String> ids = new HashSet<>();
        for (JsonNode row : resumed) assertTrue(ids.add(row.get("id").asText()), "repeated " + row.get("id"));
        assertEquals(List.of("sample_0", "sample_1", "sample_2"), resumed.stream().map(r -> r.get("id").asText()).toList());
        JsonNode s2 = JSON.readTree(dir.resolve("rows.jsonl.summary.json").toFile());
        assertEquals(3, s2.get("n").asInt());
        assertEquals(1, s2.get("timing").get("items_resumed").asInt());
        assertEquals(2, s2.get("timing").get("items_evaluated").asInt());

        // nothing left to do: nothing is appended
        Result third = eval(out);
        assertEquals(0, third.code(), third.err());
        assertEquals(3, rows(out).size());
        // a file of other rows is refused, not appended to
        Result other = eval(out, "--samples", "2");
        assertEquals(2, other.code());
        assertEquals(1, other.errLines().size(), other.err());
        assertTrue(other.errLines().getFirst().contains("--samples 1"), other.err());
    }

    /**
     * Without --data the probe bench reads the shipped balanced set; a checkpoint trained under the
     * role grammars (tiny's default) answers under them, so even a random model's answers all parse
     * (unconstrained, every one of them is unparsed).
     */
    @Test
    void probesOfTheShippedSetAreAnsweredUnderTheTrainedGrammars() throws Exception {
        Path out = dir.resolve("probe-rows.jsonl");
        Result r = azr("eval", "--model", checkpoint.toString(), "--bench", "probe", "--limit", "4", "--max-tokens", "96",
                "--set", "executor.workers=1", "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode summary = JSON.readTree(dir.resolve("probe-rows.jsonl.summary.json").toFile());
        assertEquals(4, summary.get("n").asInt());
        assertEquals(0, summary.get("unparsed").asInt(), summary.toString());
        JsonNode first = rows(out).getFirst();
        assertEquals("probe/output/000", first.get("id").asText());
        // asked in the checkpoint's own format: the bare one shows the one-line probe program as its expression
        assertEquals("P:a.find('a') % 2 == 0\nI:'aabb'\nO:", first.get("prompt").asText());
    }

    /** --data takes the name of a shipped generalization set. */
    @Test
    void aShippedGeneralizationSetIsSelectedByName() throws Exception {
        Path out = dir.resolve("shifted-rows.jsonl");
        Result r = azr("eval", "--model", checkpoint.toString(), "--bench", "probe", "--data", "probes-shifted-v1", "--limit", "2",
                "--max-tokens", "16", "--set", "executor.workers=1", "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("shifted/output/000", rows(out).getFirst().get("id").asText());
    }

    @Test
    void badInputIsOneLineAndExit2() throws Exception {
        Path humaneval = shared("data/humaneval/HumanEval.jsonl.gz");
        Path notJson = dir.resolve("bad.jsonl");
        Files.writeString(notJson, "{\"id\": 1}\nnot json\n");
        String[][] cases = {
                {"eval", "--model", checkpoint.toString(), "--bench", "cruxeval-o", "--data", dir.resolve("missing.jsonl").toString()},
                {"eval", "--model", checkpoint.toString(), "--bench", "crux", "--data", cruxeval.toString()},
                {"eval", "--model", checkpoint.toString(), "--bench", "cruxeval-o", "--data", humaneval.toString()},
                {"eval", "--model", checkpoint.toString(), "--bench", "cruxeval-o", "--data", notJson.toString()},
                {"eval", "--model", dir.resolve("nomodel").toString(), "--bench", "cruxeval-o", "--data", cruxeval.toString()},
                {"eval", "--generations", cruxeval.toString(), "--bench", "cruxeval-o", "--data", cruxeval.toString()},
                {"eval", "--bench", "cruxeval-o", "--data", cruxeval.toString()},
        };
        String[] expected = {"missing.jsonl", "unknown benchmark 'crux'", "has no field 'id'", "line 2 is not JSON",
                "nomodel", "has no 'completions' list", "--model"};
        for (int i = 0; i < cases.length; i++) {
            Result r = azr(cases[i]);
            assertEquals(2, r.code(), String.join(" ", cases[i]) + "\n" + r.out() + r.err());
            assertEquals(1, r.errLines().size(), String.join(" ", cases[i]) + "\n" + r.err());
            assertTrue(r.errLines().getFirst().contains(expected[i]), expected[i] + " not in: " + r.err());
            assertFalse(r.err().contains("\tat "), "stack trace: " + r.err());
        }
    }

    @Test
    void scoresGenerationsMadeElsewhere() throws Exception {
        Path gen = dir.resolve("gen.json");
        Files.writeString(gen, "{\"sample_0\": [\"[(4, 1), (4, 1), (4, 1), (4, 1), (2, 3), (2, 3)]\", \"[]\"],"
                + " \"sample_1\": [\"'x'\", \"'y'\"]}", StandardOpenOption.CREATE);
        Path out = dir.resolve("scored.jsonl");
        Result r = azr("eval", "--generations", gen.toString(), "--bench", "cruxeval-o", "--data", cruxeval.toString(),
                "--out", out.toString(), "--set", "executor.workers=1");
        assertEquals(0, r.code(), r.out() + r.err());
        List<JsonNode> rows = rows(out);
        assertEquals(2, rows.size());
        assertEquals("[true,false]", rows.get(0).get("correct").toString());
        assertEquals("[false,false]", rows.get(1).get("correct").toString());
        JsonNode summary = JSON.readTree(dir.resolve("scored.jsonl.summary.json").toFile());
        assertEquals(0.25, summary.get("accuracy").asDouble(), 1e-12);
        assertEquals(0.5, summary.get("pass@2").asDouble(), 1e-12);
    }
}
