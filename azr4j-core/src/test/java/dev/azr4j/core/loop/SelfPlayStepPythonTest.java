package dev.azr4j.core.loop;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.buffer.CapPolicy;
import dev.azr4j.core.buffer.SeedTasks;
import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.policy.ScriptedPolicy;
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
}
