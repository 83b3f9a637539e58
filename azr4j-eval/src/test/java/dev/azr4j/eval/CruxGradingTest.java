package dev.azr4j.eval;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.eval.data.BenchmarkData;
import dev.azr4j.eval.data.CruxItem;
import dev.azr4j.eval.data.CruxTask;
import dev.azr4j.eval.grade.CruxGrader;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.Grading;
import dev.azr4j.executor.PythonExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** CRUXEval grading details: both rules, the official scorer's skip rules, argument unwrapping, readers and generations files. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CruxGradingTest {
    private PythonExecutor executor;

    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        executor = Fixtures.executor(1);
    }

    @AfterAll
    void stop() {
        if (executor != null) executor.close();
    }

    private static final CruxItem SORT = new CruxItem("s", "def f(a):\n    return sorted(a)", "[3, 1, 2]", "[1, 2, 3]", CruxTask.OUTPUT);

    @Test
    void honestAnswersAreRightUnderBothRules() {
        List<Verdict> v = CruxGrader.grade(List.of(new CruxGrader.Answer(SORT, "[1, 2, 3]"), new CruxGrader.Answer(SORT, " [1,2,3] "),
                new CruxGrader.Answer(SORT, "[3, 2, 1]"), new CruxGrader.Answer(SORT, null)), true, true, executor);
        assertEquals(List.of(true, true, false, false), v.stream().map(Verdict::correct).toList());
        assertEquals(List.of(true, true, false, false), v.stream().map(Verdict::correctStrict).toList());
        assertEquals(Verdict.UNPARSED, v.get(3).detail());
    }

    /**
     * An answer that restates the program ({@code sorted([3, 1, 2])}) is right by CRUXEval's rule
     * and wrong under strict grading. The strict rule comes with the reward-integrity branch
     * (issue 13); until the executor grades strictly, this test is skipped, not failed.
     */
    @Test
    void anAnswerThatComputesIsRightByTheBenchmarkRuleButNotStrictly() {
        boolean strictLanded = !executor.execute(new ExecRequest.CheckOutput(SORT.code(), SORT.input(), "sorted([3, 1, 2])", Grading.STRICT)).ok();
        Assumptions.assumeTrue(strictLanded, "the executor does not grade strictly yet (issue 13): skipped until it does");
        Verdict v = CruxGrader.grade(List.of(new CruxGrader.Answer(SORT, "sorted([3, 1, 2])")), true, true, executor).getFirst();
        assertTrue(v.correct());
        assertFalse(v.correctStrict());
        assertEquals("not_strict", v.detail());
    }

    @Test
    void givenGenerationsFollowTheOfficialScorersRules() throws Exception {
        CruxItem in = new CruxItem("i", "def f(a):\n    return a + 1", "1", "2", CruxTask.INPUT);
        CruxItem out = new CruxItem("o", "def f(a):\n    return a + 1", "1", "2", CruxTask.OUTPUT);
        CruxevalBenchmark bi = new CruxevalBenchmark("cruxeval-i", List.of(in), false);
        CruxevalBenchmark bo = new CruxevalBenchmark("cruxeval-o", List.of(out), false);
        List<Verdict> vi = bi.grade(List.of(in), List.of(List.of("f(1)", "1", "f(0)", "f(1) + f(0)")), AnswerSource.elsewhere(), executor).getFirst();
        assertEquals(List.of(true, false, false, false), vi.stream().map(Verdict::correct).toList());
        assertEquals("not_a_call", vi.get(1).detail());
        List<Verdict> vo = bo.grade(List.of(out), List.of(List.of("2", "f(1)", "3")), AnswerSource.elsewhere(), executor).getFirst();
        assertEquals(List.of(true, false, false), vo.stream().map(Verdict::correct).toList());
        assertEquals("restates_call", vo.get(1).detail());
    }

    @Test
    void unwrapsAWholeCallOnly() {
        assertEquals("1, 'a'", CruxGrader.arguments("f(1, 'a')"));
        assertEquals("')'", CruxGrader.arguments("f(')')"));
        assertEquals("f(1) + f(2)", CruxGrader.arguments("f(1) + f(2)"));
        assertEquals("[1], 2", CruxGrader.arguments(" [1], 2 "));
    }

    @Test
    void postprocessesLikeCruxeval() {
        assertEquals("[1, 2]", CruxevalBenchmark.cruxevalPostprocess("[ANSWER]\nassert f([2, 1]) == [1, 2]\n[/ANSWER]", CruxTask.OUTPUT));
        assertEquals("f([2, 1])", CruxevalBenchmark.cruxevalPostprocess("assert f([2, 1]) == [1, 2]\n[/ANSWER]", CruxTask.INPUT));
        assertEquals("5", CruxevalBenchmark.cruxevalPostprocess(" 5\n[/ANSWER]", CruxTask.OUTPUT));
    }

    @Test
    void readsCruxevalAndBothGenerationsForms() throws Exception {
        List<CruxItem> items = BenchmarkData.cruxeval(Fixtures.shared("data/cruxeval/cruxeval.jsonl"), CruxTask.OUTPUT);
        assertEquals(800, items.size());
        assertEquals("sample_0", items.getFirst().id());
        assertEquals("[1, 1, 3, 1, 3, 1]", items.getFirst().input());
        Map<String, List<String>> g = GenerationsFile.read(
                Fixtures.shared("data/cruxeval/codellama-7b-scored/sample_scored_codellama-7b_temp0.2_output.json"));
        assertEquals(800, g.size());
        assertEquals(10, g.get("sample_0").size());
        Path lines = dir.resolve("gen.jsonl");
        Files.writeString(lines, "{\"id\": \"sample_0\", \"completions\": [\"1\", \"2\"]}\n{\"task_id\": \"sample_1\", \"completion\": \"3\"}\n"
                + "{\"task_id\": \"sample_1\", \"completion\": \"4\"}\n");
        assertEquals(Map.of("sample_0", List.of("1", "2"), "sample_1", List.of("3", "4")), GenerationsFile.read(lines));
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"sample_0\": 3}");
        var e = assertThrows(dev.azr4j.core.UserException.class, () -> GenerationsFile.read(bad));
        assertTrue(e.getMessage().contains("expected a list of completion strings"), e.getMessage());
    }
}
