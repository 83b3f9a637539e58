package dev.azr4j.eval;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.azr4j.core.run.JsonLines;
import dev.azr4j.executor.PythonExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Scorer parity with a real peer: CRUXEval's published scored generations of CodeLlama-7B (10 per
 * item). Graded under the benchmark's rule, every one of the 8,000 verdicts per mode must equal the
 * official one, and pass@1/pass@5 must equal the published figures.
 * That includes {@code sample_344}, whose input is a function: the lenient rule runs lambdas in
 * predicted inputs as CRUXEval's scorer does (8 official passes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CruxevalParityTest {
    private PythonExecutor executor;

    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        executor = Fixtures.executor(2, 3_000);   // CRUXEval's scorer gives each check 3 s
    }

    @AfterAll
    void stop() {
        if (executor != null) executor.close();
    }

    @ParameterizedTest
    @CsvSource({"cruxeval-o, output", "cruxeval-i, input"})
    void everyVerdictEqualsTheOfficialOne(String bench, String mode) throws Exception {
        Path data = Fixtures.shared("data/cruxeval/cruxeval.jsonl");
        Path scored = Fixtures.shared("data/cruxeval/codellama-7b-scored/sample_scored_codellama-7b_temp0.2_" + mode + ".json");
        JsonNode official = new ObjectMapper().readTree(scored.toFile());
        Map<String, List<String>> generations = GenerationsFile.read(scored);
        assertEquals(800, generations.size());

        Path out = dir.resolve(bench + ".jsonl");
        Evaluation eval = new Evaluation(Benchmarks.load(bench, data),
                new Evaluation.Options(0, 1, 0, 1, 1, 0, 100, out, scored.toString(), data.toString()), executor);
        Summary summary = eval.score(generations);

        List<String> disagreements = new ArrayList<>();
        int verdicts = 0;
        List<JsonNode> rows = JsonLines.read(out, JsonNode.class).values();
        assertEquals(800, rows.size());
        for (JsonNode row : rows) {
            JsonNode want = official.get("raw_scored_generations").get(row.get("id").asText());
            JsonNode got = row.get("correct");
            assertEquals(want.size(), got.size(), row.get("id").asText());
            for (int i = 0; i < want.size(); i++, verdicts++) {
                if (want.get(i).asBoolean() != got.get(i).asBoolean())
                    disagreements.add(row.get("id").asText() + "[" + i + "] official " + want.get(i) + ", ours " + got.get(i)
                            + " for " + row.get("completions").get(i).asText() + " (" + row.get("details").get(i) + ")");
            }
        }
        assertEquals(8000, verdicts);
        assertEquals(List.of(), disagreements, disagreements.size() + " disagreements");
        assertEquals(official.get("pass_at_1").asDouble(), 100 * summary.passAt(1), 1e-9);
        assertEquals(official.get("pass_at_5").asDouble(), 100 * summary.passAt(5), 1e-9);
        // strict grading can only take credit away, never give it
        double strict = summary.json().get("accuracy_strict").asDouble();
        assertTrue(strict <= summary.accuracy() + 1e-12, "strict " + strict + " > lenient " + summary.accuracy());
        Map<String, Integer> why = new java.util.TreeMap<>();
        for (JsonNode row : rows) for (JsonNode d : row.get("details")) why.merge(d.isNull() ? "right" : d.asText(), 1, Integer::sum);
        System.out.printf("%s parity: pass@1 %.2f, pass@5 %.2f (official %.2f / %.2f), strict accuracy %.2f, %d disagreements, verdicts %s%n",
                bench, 100 * summary.passAt(1), 100 * summary.passAt(5), official.get("pass_at_1").asDouble(),
                official.get("pass_at_5").asDouble(), 100 * strict, disagreements.size(), why);
    }
}
