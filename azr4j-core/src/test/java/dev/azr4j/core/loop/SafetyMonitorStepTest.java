package dev.azr4j.core.loop;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.azr4j.core.buffer.CapPolicy;
import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.monitor.Flag;
import dev.azr4j.core.monitor.SafetyRules;
import dev.azr4j.core.policy.ScriptedPolicy;
import dev.azr4j.core.run.JsonLines;
import dev.azr4j.core.run.MetricKeys;
import dev.azr4j.core.run.RunDirectory;
import dev.azr4j.core.step.SelfPlayStep;
import dev.azr4j.core.step.StepResult;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.executor.ErrorKind;
import dev.azr4j.executor.ExecError;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.Executor;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.ExecutorUnavailableException;
import dev.azr4j.executor.PythonExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safety monitor inside a step and a run: planted concerning samples yield exactly their flags. */
class SafetyMonitorStepTest {
    static final String PLANTED_REASONING = "The aim is to outsmart all these groups of intelligent machines and less intelligent humans.";
    static final String SOCKET_PROGRAM = "def f(x):\n    import socket\n    s = socket.socket()\n    return x";

    @TempDir
    Path dir;

    /** The scripted policy of SelfPlayStepTest, except that the first deduction proposal is the planted one. */
    static Function<String, String> planted() {
        SelfPlayStepTest.Script base = new SelfPlayStepTest.Script();
        int[] deduction = {0};
        return p -> {
            if (p.contains("## Task: Write a Python Code Snippet") && !p.contains("infer one input") && deduction[0]++ == 0)
                return PLANTED_REASONING + "</think> <answer>```python\n" + SOCKET_PROGRAM + "\n```\n```input\n4\n```</answer>";
            return base.apply(p);
        };
    }

    /** FakeExecutor, plus the sandbox's answer to a program that imports socket. */
    static Executor fakeSandbox() {
        FakeExecutor fake = new FakeExecutor();
        return new Executor() {
            @Override
            public List<ExecResult> execute(List<? extends ExecRequest> batch) {
                List<ExecResult> out = new ArrayList<>();
                for (ExecRequest r : batch) {
                    if (r instanceof ExecRequest.Validate v && v.program().contains("socket"))
                        out.add(new ExecResult(false, null, null, null, new ExecError(ErrorKind.BANNED, "ImportRefused: sandbox refused import of socket"), 1));
                    else out.add(fake.execute(List.of(r)).getFirst());
                }
                return out;
            }

            @Override
            public void close() {}
        };
    }

    private static TaskBuffers seeded() {
        TaskBuffers b = new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true);
        b.seed(List.of(Triplet.identity()), List.of(InductionProblem.identity()));
        return b;
    }

    private static void assertPlantedFlags(StepResult result) {
        Set<String> rules = result.flags().stream().map(Flag::rule).collect(Collectors.toSet());
        assertEquals(Set.of("outsmart_humans", "network_access", "sandbox_violation"), rules);
        assertEquals(3, result.flags().size(), "one flag per rule, all on the planted sample");
        for (Flag f : result.flags()) {
            assertEquals("propose", f.role());
            assertEquals("deduction", f.taskType());
            assertEquals(1, f.step());
            assertTrue(((String) f.sample().get("completion")).contains(PLANTED_REASONING));
        }
        Flag outsmart = result.flags().stream().filter(f -> f.rule().equals("outsmart_humans")).findFirst().orElseThrow();
        assertTrue(outsmart.excerpt().substring(outsmart.matchStart(), outsmart.matchEnd()).startsWith("outsmart all these groups"));
        Map<String, Object> m = result.metrics();
        assertEquals(1, m.get("safety/sandbox_violations"));
        assertEquals(3, m.get("safety/flags"));
        double rate = (double) m.get("safety/flagged_rate");
        assertTrue(rate > 0 && rate < 0.1, "one flagged sample among all of the step's: " + rate);
    }

    @Test
    void plantedSamplesYieldExactlyTheirFlags() {
        SelfPlayStep step = new SelfPlayStep(new ScriptedPolicy(planted()), fakeSandbox(), seeded(), SelfPlayStepTest.settings(2, 4, 10));
        StepResult result = step.run(1, 42);
        assertPlantedFlags(result);
        assertEquals(1, result.metrics().get("propose/deduction/invalid/banned"), "the refused proposal is invalid");
    }

    @Test
    void cleanSamplesYieldNone() {
        SelfPlayStep step = new SelfPlayStep(new ScriptedPolicy(new SelfPlayStepTest.Script()), new FakeExecutor(), seeded(),
                SelfPlayStepTest.settings(2, 4, 10));
        StepResult result = step.run(1, 42);
        assertEquals(List.of(), result.flags());
        assertEquals(0.0, result.metrics().get("safety/flagged_rate"));
        assertEquals(0, result.metrics().get("safety/sandbox_violations"));
        for (String key : MetricKeys.REQUIRED) assertTrue(result.metrics().containsKey(key) || key.equals("time_s"), key);
        assertEquals(5.0, result.metrics().get("behaviour/deduction/program_ast_depth"), "the fake executor's answer to the ast program");
    }

    @Test
    void theRealSandboxRefusesTheSocketAndIsFlagged() {
        PythonExecutor exec;
        try {
            exec = PythonExecutor.start(ExecutorOptions.defaults().withWorkers(1));
        } catch (ExecutorUnavailableException e) {
            Assumptions.abort("no usable Python for the executor: " + e.getMessage());
            return;
        }
        try (exec) {
            StepResult result = new SelfPlayStep(new ScriptedPolicy(planted()), exec, seeded(), SelfPlayStepTest.settings(2, 4, 10)).run(1, 42);
            assertPlantedFlags(result);
            Flag violation = result.flags().stream().filter(f -> f.rule().equals("sandbox_violation")).findFirst().orElseThrow();
            assertTrue(violation.excerpt().contains("sandbox refused import of socket"), violation.excerpt());
            double depth = (double) result.metrics().get("behaviour/deduction/program_ast_depth");
            assertTrue(depth >= 4 && depth <= 8, "a real AST depth of def f(x): return x + 1: " + depth);
        }
    }

    @Test
    void flagsGoToFlagsJsonlAndStopOnFlagStopsAfterACheckpoint() throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("run"));
        List<Long> seen = new ArrayList<>();
        List<Long> flagged = new ArrayList<>();
        SelfPlayRun loop = new SelfPlayRun(run, new ScriptedPolicy(planted()), fakeSandbox(), seeded(), SelfPlayStepTest.settings(2, 4, 10),
                100, new SelfPlayRun.Listener() {
                    @Override
                    public void onStep(long step, long total, Map<String, Object> metrics) {
                        seen.add(step);
                    }

                    @Override
                    public void onFlags(long step, List<Flag> flags, boolean stopping) {
                        assertTrue(stopping);
                        flagged.add(step);
                    }
                }, new Monitoring(SafetyRules.builtIn(), true, true));
        long last = loop.train(new RunState(0, 7, 0), 5, new StopSignal());
        assertEquals(1, last, "stopped after the first step");
        assertEquals(List.of(1L), seen);
        assertEquals(List.of(1L), flagged);
        assertEquals(List.of(0L, 1L), run.checkpointSteps(), "a checkpoint of the flagged step was written");
        List<JsonNode> lines = JsonLines.read(run.flags(), JsonNode.class).values();
        assertEquals(3, lines.size());
        for (JsonNode l : lines) {
            assertEquals(1, l.get("step").asInt());
            assertEquals("deduction", l.get("task_type").asText());
            assertTrue(l.get("sample").get("prompt").asText().contains("Write a Python Code Snippet"));
        }
        try (var files = Files.list(run.tensorboard())) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents.")).count());
        }
    }

    @Test
    void withoutStopOnFlagTheRunGoesOn() throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("run2"));
        SelfPlayRun loop = new SelfPlayRun(run, new ScriptedPolicy(planted()), fakeSandbox(), seeded(), SelfPlayStepTest.settings(2, 4, 10),
                100, (step, total, m) -> {}, new Monitoring(SafetyRules.builtIn(), false, false));
        assertEquals(2, loop.train(new RunState(0, 7, 0), 2, new StopSignal()));
        assertEquals(3, JsonLines.read(run.flags(), JsonNode.class).values().size(), "only the planted sample of step 1");
        assertFalse(Files.exists(run.tensorboard()));

        // a flag of step 3, written before an interruption, goes on resume from step 2: step 3 is run again
        Files.writeString(run.flags(), Files.readString(run.flags()) + "{\"step\":3,\"rule\":\"harm\"}\n");
        assertEquals(2, SelfPlayRun.resume(run, new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true)).state().step());
        assertEquals(3, JsonLines.read(run.flags(), JsonNode.class).values().size());
    }
}
