package dev.azr4j.eval;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.policy.ScriptedPolicy;
import dev.azr4j.core.prompt.PromptStyle;
import dev.azr4j.eval.data.CruxItem;
import dev.azr4j.eval.data.EvalItem;
import dev.azr4j.eval.data.HumanEvalItem;
import dev.azr4j.eval.data.MathItem;
import dev.azr4j.eval.data.MbppItem;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.PythonExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scripted policy that answers with the gold answer scores 100 % on every benchmark, one that
 * answers wrongly 0 %, one that writes malformed text 0 % with every item still reported.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScriptedBenchmarksTest {
    private PythonExecutor executor;

    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        executor = Fixtures.executor(2);
    }

    @AfterAll
    void stop() {
        if (executor != null) executor.close();
    }

    /** Runs {@code bench} on its first {@code limit} items with a policy answering {@code answer(item)}. */
    private Summary run(Benchmark bench, PromptFormat format, int limit, Function<EvalItem, String> answer) throws Exception {
        Map<String, String> byPrompt = new HashMap<>();
        for (EvalItem item : bench.items().subList(0, limit)) byPrompt.put(bench.prompt(item, format), answer.apply(item));
        ScriptedPolicy policy = new ScriptedPolicy(p -> {
            String a = byPrompt.get(p);
            assertNotNull(a, "a prompt the script does not know: " + p);
            return a;
        });
        Evaluation.Options o = new Evaluation.Options(limit, 1, 0, 1, 100_000, 0, 8, null, "scripted", bench.name());
        Summary s = new Evaluation(bench, o, executor).run(Generator.of(policy), format);
        assertEquals(limit, s.n());
        return s;
    }

    private void goldWrongMalformed(Benchmark bench, PromptFormat format, int limit, Function<EvalItem, String> gold,
                                    Function<EvalItem, String> wrong) throws Exception {
        Summary g = run(bench, format, limit, gold);
        assertEquals(1.0, g.accuracy(), 0, bench.name() + " gold " + format.describe() + ":\n" + g.json().toPrettyString());
        if (g.json().has("accuracy_strict")) assertEquals(1.0, g.json().get("accuracy_strict").asDouble(), 0);
        Summary w = run(bench, format, limit, wrong);
        assertEquals(0.0, w.accuracy(), 0, bench.name() + " wrong:\n" + w.json().toPrettyString());
        Summary m = run(bench, format, limit, item -> "I am not sure what to say here.");
        assertEquals(0.0, m.accuracy(), 0, bench.name() + " malformed");
        assertEquals(limit, m.n(), "every item is still reported");
    }

    @Test
    void cruxevalOutputAndInputInBothPromptFormats() throws Exception {
        Path data = Fixtures.shared("data/cruxeval/cruxeval.jsonl");
        PromptFormat azr = PromptFormat.azr(PromptStyle.COMPACT, ExecutorOptions.DEFAULT_BANNED_WORDS);
        for (String name : List.of("cruxeval-o", "cruxeval-i")) {
            Benchmark b = Benchmarks.load(name, data);
            boolean out = name.endsWith("-o");
            goldWrongMalformed(b, PromptFormat.plain(), 6,
                    i -> "assert f(" + ((CruxItem) i).input() + ") == " + ((CruxItem) i).output() + "\n[/ANSWER]\n",
                    i -> out ? "assert f(x) == 'azr4j: not the output'\n[/ANSWER]" : "assert f('azr4j: not an input', 0) == 1\n[/ANSWER]");
            goldWrongMalformed(b, azr, 6,
                    i -> "</think> <answer>```" + (out ? "output\n" + ((CruxItem) i).output() : "input\n" + ((CruxItem) i).input()) + "\n```</answer>",
                    i -> "</think> <answer>```" + (out ? "output\n'azr4j: no'" : "input\n'azr4j: no', 0") + "\n```</answer>");
        }
    }

    @Test
    void probeItemsSayTheirTaskOrAreAskedBothWays() throws Exception {
        List<String> lines = Files.readAllLines(Fixtures.shared("data/cruxeval/cruxeval.jsonl")).subList(0, 3);
        Path probe = dir.resolve("probe.jsonl");
        Files.writeString(probe, lines.get(0).replaceFirst("\\}$", ", \"task\": \"output\"}") + "\n"
                + lines.get(1).replaceFirst("\\}$", ", \"task\": \"input\"}") + "\n" + lines.get(2) + "\n"
                + "{\"id\": \"neg\", \"task\": \"program\", \"code\": \"def f(a):\\n    return -a\", \"inputs\": [\"1\", \"2\", \"3\", \"4\"],"
                + " \"outputs\": [\"-1\", \"-2\", \"-3\", \"-4\"], \"message\": \"negate\"}\n");
        Benchmark b = Benchmarks.load("probe", probe);
        assertEquals(List.of("sample_0", "sample_1", "sample_2/output", "sample_2/input", "neg"), b.items().stream().map(EvalItem::id).toList());
        PromptFormat azr = PromptFormat.azr(PromptStyle.COMPACT, List.of());
        goldWrongMalformed(b, azr, 5,
                i -> i instanceof dev.azr4j.eval.data.InductionItem p ? "</think> <answer>```python\n" + p.code() + "\n```</answer>"
                        : "</think> <answer>```" + (((CruxItem) i).task() == dev.azr4j.eval.data.CruxTask.OUTPUT
                        ? "output\n" + ((CruxItem) i).output() : "input\n" + ((CruxItem) i).input()) + "\n```</answer>",
                i -> i instanceof dev.azr4j.eval.data.InductionItem ? "</think> <answer>```python\ndef f(a):\n    return a\n```</answer>"
                        : "</think> <answer>```output\n'azr4j: no'\n```</answer>");
        Summary s = run(b, azr, 4, i -> "</think> <answer>```output\n" + ((CruxItem) i).output() + "\n```</answer>");
        assertEquals(1.0, s.json().get("accuracy_output").asDouble(), 0);
        assertFalse(s.json().has("accuracy_strict"), "probes are graded strictly only");
    }

    @Test
    void humanEvalCanonicalSolutionsAllPass() throws Exception {
        Benchmark b = Benchmarks.load("humaneval", Fixtures.shared("data/humaneval/HumanEval.jsonl.gz"));
        assertEquals(164, b.items().size());
        goldWrongMalformed(b, PromptFormat.plain(), 164, i -> ((HumanEvalItem) i).canonicalSolution(), i -> "    return None\n");
        // a chat model answers with a whole function in a code block
        goldWrongMalformed(b, PromptFormat.chat(), 10,
                i -> "Here it is:\n```python\n" + ((HumanEvalItem) i).prompt() + ((HumanEvalItem) i).canonicalSolution() + "```\n",
                i -> "```python\ndef " + ((HumanEvalItem) i).entryPoint() + "(*args):\n    return None\n```");
    }

    /** EvalPlus's HumanEval+ format (HumanEval items with base and plus inputs), built here from two HumanEval items. */
    @Test
    void humanEvalPlusFilesAreGradedOnTheirInputs() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var items = dev.azr4j.eval.data.BenchmarkData.humaneval(Fixtures.shared("data/humaneval/HumanEval.jsonl.gz"));
        StringBuilder file = new StringBuilder();
        String[][] inputs = {{"[[1.0, 2.0, 3.0], 0.5]", "[[1.0, 2.8, 3.0, 4.0, 5.0, 2.0], 0.3]"}, {"[\"(()()) ((())) () ((())()())\"]", "[\"() (()) ((())) (((())))\"]"}};
        for (int i = 0; i < 2; i++) {
            HumanEvalItem h = items.get(i);
            var n = mapper.createObjectNode().put("task_id", h.id()).put("prompt", h.prompt()).put("entry_point", h.entryPoint())
                    .put("canonical_solution", h.canonicalSolution()).put("test", h.test()).put("atol", 0);
            n.set("base_input", mapper.readTree("[" + inputs[i][0] + "]"));
            n.set("plus_input", mapper.readTree("[" + inputs[i][1] + "]"));
            file.append(n).append('\n');
        }
        Path plus = dir.resolve("HumanEvalPlus.jsonl");
        Files.writeString(plus, file);
        Benchmark b = Benchmarks.load("humaneval", plus);
        assertEquals("humaneval", b.name());
        goldWrongMalformed(b, PromptFormat.plain(), 2, i -> ((MbppItem) i).canonicalSolution().substring(((MbppItem) i).prompt().length()),
                i -> "    return None\n");
    }

    @Test
    void mbppReferenceSolutionsPassBaseAndPlusTests() throws Exception {
        Benchmark b = Benchmarks.load("mbpp", Fixtures.shared("data/mbppplus/MbppPlus.jsonl"));
        assertEquals(378, b.items().size());
        goldWrongMalformed(b, PromptFormat.plain(), 40, i -> ((MbppItem) i).canonicalSolution(),
                i -> "\ndef " + ((MbppItem) i).entryPoint() + "(*args):\n    return None\n");
        Summary s = run(b, PromptFormat.chat(), 5, i -> "```python\n" + ((MbppItem) i).canonicalSolution() + "\n```");
        assertEquals(1.0, s.json().get("accuracy_base").asDouble(), 0);
    }

    @Test
    void mathGoldBoxedAnswers() throws Exception {
        Benchmark b = Benchmarks.load("math", Fixtures.shared("data/math/math500.jsonl"));
        goldWrongMalformed(b, PromptFormat.chat(), 50, i -> "Step by step... so \\boxed{" + ((MathItem) i).answers().getFirst() + "}",
                i -> "Therefore \\boxed{\\frac{98765}{3}}");
        Summary m = run(b, PromptFormat.chat(), 5, i -> "no answer here");
        assertEquals(5, m.json().get("unparsed").get("items").asInt(), "every unparsed item is reported");
    }
}
