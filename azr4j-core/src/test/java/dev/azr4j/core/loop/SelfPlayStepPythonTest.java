package dev.azr4j.core.loop;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.buffer.CapPolicy;
import dev.azr4j.core.buffer.SeedTasks;
import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.policy.ScriptedPolicy;
import dev.azr4j.core.step.SelfPlayStep;
import dev.azr4j.core.step.StepResult;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.ExecutorUnavailableException;
import dev.azr4j.executor.PythonExecutor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The scripted step of {@link SelfPlayStepTest} against the real Python sandbox. */
class SelfPlayStepPythonTest {
    @Test
    void scriptedStepWithTheRealExecutor() {
        PythonExecutor exec;
        try {
            exec = PythonExecutor.start(ExecutorOptions.defaults().withWorkers(1));
        } catch (ExecutorUnavailableException e) {
            Assumptions.abort("no usable Python for the executor: " + e.getMessage());
            return;
        }
        try (exec) {
            ScriptedPolicy policy = new ScriptedPolicy(new SelfPlayStepTest.Script());
            TaskBuffers buffers = new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true);
            SeedTasks seeds = SeedTasks.identity();
            buffers.seed(seeds.triplets(), seeds.problems());
            StepResult result = new SelfPlayStep(policy, exec, buffers, SelfPlayStepTest.settings(2, 8, 10)).run(1, 42);
            Map<String, Object> m = result.metrics();

            assertEquals(new Triplet("def f(x):\n    return x * 2", "3", "6", List.of()), buffers.abduction().entries().get(1).task());
            assertEquals(new Triplet("def f(x):\n    return x + 1", "4", "5", List.of()), buffers.deduction().entries().get(1).task());
            InductionProblem ind = buffers.induction().entries().get(1).task();
            assertEquals(List.of("6", "7", "8", "9", "10"), ind.hidden().stream().map(p -> p.output()).toList());

            assertEquals(0.3125, (double) m.get("propose/abduction/learnability"), 1e-12);
            assertEquals(0.0, (double) m.get("propose/deduction/learnability"), 1e-12);
            assertEquals(0.4375, (double) m.get("propose/induction/learnability"), 1e-12);
            assertEquals(1, m.get("propose/deduction/invalid/runtime"));
            // Python equality: '"Hello world"' is the same value as repr 'Hello world'
            assertEquals(0.5, (double) m.get("solve/deduction/accuracy"));
            assertEquals(0.5, (double) m.get("solve/abduction/accuracy"));
            assertEquals(0.5, (double) m.get("solve/induction/accuracy"));
            assertTrue((double) m.get("propose/abduction/program_ast_nodes") > 5, "a real AST node count");
        }
    }

    /** A counter kept in a module the worker does not watch: False on the two validation runs, True afterwards. */
    static final String COUNTER_PROGRAM = "import typing\ndef f(x):\n    typing.azr_n = getattr(typing, 'azr_n', 0) + 1\n    return typing.azr_n > 2";

    /**
     * Reward hacks at the step level: a solver answer that hides junk behind a comment earns nothing
     * and is counted under its reason; a deduction proposal whose output changes after validation
     * (a counter across calls) is invalid ("flaky") instead of earning learnability.
     */
    @Test
    void strictRewardsCountRejectionsAndFlakyProposalsAreInvalid() {
        PythonExecutor exec;
        try {
            exec = PythonExecutor.start(ExecutorOptions.defaults().withWorkers(1));
        } catch (ExecutorUnavailableException e) {
            Assumptions.abort("no usable Python for the executor: " + e.getMessage());
            return;
        }
        try (exec) {
            SelfPlayStepTest.Script script = new SelfPlayStepTest.Script();
            int[] dedProposals = {0};
            ScriptedPolicy policy = new ScriptedPolicy(prompt -> {
                if (prompt.contains("## Task: Write a Python Code Snippet") && !prompt.contains("infer one input")
                        && dedProposals[0]++ % 2 == 1)
                    return SelfPlayStepTest.answer("```python\n" + COUNTER_PROGRAM + "\n```\n```input\n4\n```");
                if (prompt.contains("Deduce the Output") && prompt.contains("azr_n"))
                    return SelfPlayStepTest.answer("```output\nFalse\n```");
                // the wrong deduction answer 'nope' becomes the right value with junk behind a comment
                return script.apply(prompt).replace("```output\n'nope'\n```", "```output\n'Hello world' # $XP#)\n```");
            });
            TaskBuffers buffers = new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true);
            SeedTasks seeds = SeedTasks.identity();
            buffers.seed(seeds.triplets(), seeds.problems());
            Map<String, Object> m = new SelfPlayStep(policy, exec, buffers, SelfPlayStepTest.settings(2, 8, 10)).run(1, 42).metrics();

            assertEquals(0.5, (double) m.get("solve/deduction/accuracy"), "the commented answer is graded wrong");
            assertEquals(1, m.get("solve/deduction/answer_rejected/comment"));
            assertNull(m.get("solve/abduction/answer_rejected/comment"));
            assertEquals(1, m.get("propose/deduction/invalid/flaky"));
            assertEquals(2, buffers.deduction().size(), "the seed and x + 1; not the flaky program");
            assertTrue(buffers.deduction().entries().stream().noneMatch(e -> e.task().program().contains("azr_n")));
        }
    }
}
