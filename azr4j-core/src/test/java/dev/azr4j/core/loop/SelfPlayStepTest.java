package dev.azr4j.core.loop;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.buffer.CapPolicy;
import dev.azr4j.core.buffer.SeedTasks;
import dev.azr4j.core.buffer.SolveMix;
import dev.azr4j.core.buffer.TaskBuffer;
import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.policy.ScriptedPolicy;
import dev.azr4j.core.policy.TrainSequence;
import dev.azr4j.core.prompt.PromptStyle;
import dev.azr4j.core.reward.RewardSettings;
import dev.azr4j.core.rl.Advantages;
import dev.azr4j.core.rl.Whitening;
import dev.azr4j.core.run.MetricKeys;
import dev.azr4j.core.step.SelfPlaySettings;
import dev.azr4j.core.step.SelfPlayStep;
import dev.azr4j.core.step.StepResult;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.model.train.LrSchedule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Full steps driven by a scripted policy and a fake executor: the plumbing, rewards and buffers. */
class SelfPlayStepTest {
    static SelfPlaySettings settings(int batch, int rollouts, int inductionInputs) {
        return new SelfPlaySettings(dev.azr4j.core.task.TaskType.STEP_ORDER, batch, rollouts, 6, inductionInputs, false, SolveMix.MAX_NEW, 1000, CapPolicy.DROP_OLDEST,
                true, true, 1.0, 1.0, 0, 100_000, 4000, RewardSettings.ORIGINAL, Whitening.TOKEN, 0.2, 0.2, 0.001, 0.0, 1.0,
                new LrSchedule.Constant(1e-6), PromptStyle.FULL, SelfPlaySettings.ORIGINAL_BANNED, true, 2);
    }

    static String answer(String body) {
        return "Let me think.</think> <answer>" + body + "</answer>";
    }

    /** The scripted model: behaviour by prompt kind, alternating through canned answers. */
    static final class Script implements java.util.function.Function<String, String> {
        final Map<String, Integer> calls = new HashMap<>();

        int next(String kind) {
            return calls.merge(kind, 1, Integer::sum) - 1;
        }

        @Override
        public String apply(String p) {
            if (p.contains("## Task: Write a Python Code Snippet") && p.contains("infer one input")) {
                return next("propose-abd") % 2 == 0
                        ? answer("```python\ndef double(x):\n    return x * 2\n```\n```input\n3\n```")
                        : "blah blah";
            }
            if (p.contains("## Task: Write a Python Code Snippet")) {
                return next("propose-ded") % 2 == 0
                        ? answer("```python\ndef f(x):\n    return x + 1\n```\n```input\n4\n```")
                        : answer("```python\ndef f(x):\n    return x // 0\n```\n```input\n4\n```");
            }
            if (p.contains("Inputs for a Python Code Snippet")) {
                StringBuilder b = new StringBuilder();
                int n = next("propose-ind") % 2 == 0 ? 10 : 3;
                for (int i = 1; i <= n; i++) b.append("```input\n").append(i).append("\n```\n");
                return answer(b + "```message\nreturns its input\n```");
            }
            if (p.contains("Give One Possible Input")) {
                if (p.contains("x * 2")) return answer("```input\n" + (next("mc-abd") % 8 < 3 ? "3" : "5") + "\n```");
                return next("solve-abd") % 2 == 0 ? answer("```input\n\"Hello world\"\n```") : "no think close <answer>```input\n1\n```</answer>";
            }
            if (p.contains("Deduce the Output")) {
                if (p.contains("x + 1")) return answer("```output\n5\n```");
                return next("solve-ded") % 2 == 0 ? answer("```output\n\"Hello world\"\n```") : answer("```output\n'nope'\n```");
            }
            if (p.contains("Deduce the Function")) {
                if (p.contains("returns its input"))
                    return answer(next("mc-ind") % 8 == 0 ? "```python\ndef f(a):\n    return a\n```" : "```python\ndef f(a):\n    return a + 1\n```");
                return next("solve-ind") % 2 == 0 ? answer("```python\ndef f(a):\n    return a\n```") : answer("I give up");
            }
            return "unexpected prompt";
        }
    }

    @Test
    void eachRoleSamplesUnderItsGrammarAndTrainsUnderIt() {
        SelfPlaySettings base = settings(2, 8, 10);
        dev.azr4j.core.grammar.RoleGrammars grammars = dev.azr4j.core.grammar.RoleGrammars.of(
                new dev.azr4j.core.config.GrammarConfig("builtin", "builtin", "none", "builtin", "builtin", "none", 64), 10);
        SelfPlaySettings s = new SelfPlaySettings(base.taskTypes(), base.batchSize(), base.mcRollouts(), base.references(),
                base.inductionInputs(), base.stepWeightedReferences(), base.solveMix(), base.bufferCap(), base.capPolicy(), base.dedup(),
                base.rejectMultipleFunctions(), base.temperature(), base.topP(), base.topK(), base.maxPromptTokens(),
                base.maxResponseTokens(), base.rewards(), base.whitening(), base.clipLow(), base.clipHigh(), base.entropyCoef(),
                base.klCoef(), base.maxGradNorm(), base.lr(), base.promptStyle(), base.bannedKeywords(), base.trainPropose(),
                base.samplesPerGroup(), grammars);
        ScriptedPolicy policy = new ScriptedPolicy(new Script());
        TaskBuffers buffers = new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true);
        SeedTasks seeds = SeedTasks.identity();
        buffers.seed(seeds.triplets(), seeds.problems());
        new SelfPlayStep(policy, new FakeExecutor(), buffers, s).run(1, 42);
        java.util.Set<dev.azr4j.core.grammar.GrammarSource> used = new java.util.HashSet<>();
        for (var sampling : policy.samplings()) used.add(sampling.grammar());
        java.util.Set<dev.azr4j.core.grammar.GrammarSource> expected = new java.util.HashSet<>();
        for (var t : dev.azr4j.core.task.TaskType.values())
            for (var r : dev.azr4j.core.task.Role.values()) expected.add(grammars.of(t, r));
        assertEquals(expected, used, "one generate call per role grammar, free decoding (null) for the others");
        for (TrainSequence seq : policy.updates().getFirst()) {
            assertTrue(seq.grammar() == null || expected.contains(seq.grammar()));
        }
        assertTrue(policy.updates().getFirst().stream().anyMatch(q -> q.grammar() != null), "the grammar reaches the update");
        assertTrue(policy.updates().getFirst().stream().anyMatch(q -> q.grammar() == null));
    }

    @Test
    void oneStepRewardsStoresAndUpdates() {
        FakeExecutor exec = new FakeExecutor();
        ScriptedPolicy policy = new ScriptedPolicy(new Script());
        TaskBuffers buffers = new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true);
        SeedTasks seeds = SeedTasks.identity();
        buffers.seed(seeds.triplets(), seeds.problems());
        SelfPlayStep step = new SelfPlayStep(policy, exec, buffers, settings(2, 8, 10));

        StepResult result = step.run(1, 42);
        Map<String, Object> m = result.metrics();

        // valid proposals entered the buffers, tagged with the step
        assertEquals(2, buffers.abduction().size());
        assertEquals(new Triplet("def f(x):\n    return x * 2", "3", "6", List.of()), buffers.abduction().entries().get(1).task());
        assertEquals(1, buffers.abduction().entries().get(1).step());
        assertEquals(new Triplet("def f(x):\n    return x + 1", "4", "5", List.of()), buffers.deduction().entries().get(1).task());
        InductionProblem ind = buffers.induction().entries().get(1).task();
        assertEquals(List.of("1", "2", "3", "4", "5"), ind.given().stream().map(p -> p.input()).toList());
        assertEquals(List.of("6", "7", "8", "9", "10"), ind.hidden().stream().map(p -> p.output()).toList());

        // learnability: abduction 3/8 solved -> 0.625; deduction always solved -> -0.5; induction 1/8 -> 0.875
        List<TrainSequence> batch = policy.updates().getFirst();
        assertEquals(1, policy.updates().size(), "one update per step");
        assertEquals(12, batch.size());
        assertEquals(0.3125, (double) m.get("propose/abduction/learnability"), 1e-12);
        assertEquals(0.0, (double) m.get("propose/deduction/learnability"), 1e-12);
        assertEquals(0.4375, (double) m.get("propose/induction/learnability"), 1e-12);
        assertEquals((0.625 - 1) / 2, (double) m.get("propose/abduction/reward_mean"), 1e-12);
        assertEquals((-0.5 - 1) / 2, (double) m.get("propose/deduction/reward_mean"), 1e-12);
        assertEquals((0.875 - 1) / 2, (double) m.get("propose/induction/reward_mean"), 1e-12);
        assertEquals(1, m.get("propose/abduction/invalid/no_answer"));
        assertEquals(1, m.get("propose/deduction/invalid/runtime"));
        assertEquals(1, m.get("propose/induction/invalid/too_few_inputs"));
        assertEquals(0.5, (double) m.get("propose/abduction/valid_rate"));

        // correct answers get reward 1; bad format -1; wrong -0.5
        assertEquals(0.5, (double) m.get("solve/abduction/accuracy"));
        assertEquals(0.5, (double) m.get("solve/abduction/format_ok"));
        assertEquals((1 - 1) / 2.0, (double) m.get("solve/abduction/reward_mean"), 1e-12);
        assertEquals((1 - 0.5) / 2, (double) m.get("solve/deduction/reward_mean"), 1e-12);
        assertEquals((1 - 1) / 2.0, (double) m.get("solve/induction/reward_mean"), 1e-12);

        // advantages are TRR++ within each group: first group = abduction proposals, rewards 0.625 and -1
        int[] lengths = {batch.get(0).completionIds().length, batch.get(1).completionIds().length};
        double[] expected = Advantages.compute(new double[]{0.625, -1}, lengths, Whitening.TOKEN);
        assertEquals(expected[0], batch.get(0).advantages()[0], 1e-6);
        assertEquals(expected[1], batch.get(1).advantages()[lengths[1] - 1], 1e-6);
        double total = 0;
        for (TrainSequence s : batch) total += s.tokenWeight() * s.completionIds().length;
        assertEquals(1.0, total, 1e-9, "token weights sum to one over the batch");

        // MC answers are checked once per distinct answer: abduction has two ("3", "5")
        // plus two reruns of the abduction task's own input: its solve rate 3/8 is strictly between 0 and 1
        assertEquals(2 + 1 /*solve batch, formatted one*/ + 2, exec.seen.stream()
                .filter(r -> r instanceof ExecRequest.CheckInput).count());
        for (String key : MetricKeys.REQUIRED) if (!key.equals("time_s")) assertTrue(m.containsKey(key), key);
        assertEquals(5.0, (double) m.get("propose/abduction/program_ast_nodes"));
        assertEquals(12, result.samples().size());
    }

    @Test
    void nextStepSolvesThePreviousStepsProposals() {
        ScriptedPolicy policy = new ScriptedPolicy(new Script());
        TaskBuffers buffers = new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true);
        buffers.seed(List.of(Triplet.identity()), List.of(InductionProblem.identity()));
        SelfPlayStep step = new SelfPlayStep(policy, new FakeExecutor(), buffers, settings(2, 8, 10));
        step.run(1, 1);
        int before = policy.prompts().size();
        StepResult second = step.run(2, 2);
        List<String> stepTwoPrompts = policy.prompts().subList(before, policy.prompts().size());
        assertTrue(stepTwoPrompts.stream().anyMatch(p -> p.contains("Give One Possible Input") && p.contains("x * 2")),
                "the abduction solve batch contains step 1's proposal");
        // the same proposals again are duplicates and not stored twice
        assertEquals(1, second.metrics().get("buffer/abduction/duplicates"));
        assertEquals(2, buffers.abduction().size());
        assertEquals(1, buffers.abduction().countAt(1));
    }

    /**
     * Reward integrity: induction answers are checked on the hidden pairs only (a lookup table of the
     * visible ones earns nothing), with the gold program as the reference that reads the outputs;
     * deduction and abduction answers are graded strictly.
     */
    @Test
    void solverChecksUseHiddenPairsAReferenceAndStrictGrading() {
        FakeExecutor exec = new FakeExecutor();
        TaskBuffers buffers = new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true);
        SeedTasks seeds = SeedTasks.identity();
        buffers.seed(seeds.triplets(), seeds.problems());
        new SelfPlayStep(new ScriptedPolicy(new Script()), exec, buffers, settings(2, 8, 10)).run(1, 42);
        List<InductionProblem> problems = buffers.induction().entries().stream().map(TaskBuffer.Entry::task).toList();
        List<ExecRequest.CheckProgram> programs = exec.seen.stream()
                .filter(r -> r instanceof ExecRequest.CheckProgram).map(r -> (ExecRequest.CheckProgram) r).toList();
        assertFalse(programs.isEmpty());
        for (ExecRequest.CheckProgram c : programs) {
            InductionProblem p = problems.stream().filter(q -> q.hidden().equals(c.pairs())).findFirst()
                    .orElseThrow(() -> new AssertionError("pairs that are not a problem's hidden pairs: " + c.pairs()));
            assertEquals(p.program(), c.reference());
        }
        assertTrue(exec.seen.stream().allMatch(r -> !(r instanceof ExecRequest.CheckOutput c) || c.grading() == dev.azr4j.executor.Grading.STRICT));
        // answers strictly; the two confirmation reruns of the learnable abduction task's own input leniently
        assertEquals(3, exec.seen.stream().filter(r -> r instanceof ExecRequest.CheckInput c && c.grading() == dev.azr4j.executor.Grading.STRICT).count());
        List<ExecRequest.CheckInput> lenient = exec.seen.stream().filter(r -> r instanceof ExecRequest.CheckInput c
                && c.grading() == dev.azr4j.executor.Grading.LENIENT).map(r -> (ExecRequest.CheckInput) r).toList();
        assertEquals(2, lenient.size());
        for (ExecRequest.CheckInput c : lenient) assertEquals(List.of("def f(x):\n    return x * 2", "6", "3"), List.of(c.program(), c.output(), c.predictedInput()));
        assertTrue(exec.seen.stream().anyMatch(r -> r instanceof ExecRequest.CheckOutput));
    }

    /** A learnable abduction task whose own input no longer gives its output on a rerun is invalid ("flaky"). */
    @Test
    void anAbductionTaskThatFailsItsRerunIsFlaky() {
        FakeExecutor fake = new FakeExecutor();
        dev.azr4j.executor.Executor flakyReruns = new dev.azr4j.executor.Executor() {
            @Override
            public List<dev.azr4j.executor.ExecResult> execute(List<? extends ExecRequest> batch) {
                List<dev.azr4j.executor.ExecResult> out = new java.util.ArrayList<>(fake.execute(batch));
                for (int i = 0; i < batch.size(); i++)
                    if (batch.get(i) instanceof ExecRequest.CheckInput c && c.grading() == dev.azr4j.executor.Grading.LENIENT)
                        out.set(i, new dev.azr4j.executor.ExecResult(false, "-1", null, null, null, 0.1));
                return out;
            }

            @Override
            public void close() {}
        };
        TaskBuffers buffers = new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true);
        SeedTasks seeds = SeedTasks.identity();
        buffers.seed(seeds.triplets(), seeds.problems());
        Map<String, Object> m = new SelfPlayStep(new ScriptedPolicy(new Script()), flakyReruns, buffers, settings(2, 8, 10)).run(1, 42).metrics();
        assertEquals(1, m.get("propose/abduction/invalid/flaky"));
        assertEquals(1, buffers.abduction().size(), "only the seed");
        assertEquals(0.0, (double) m.get("propose/abduction/learnability"), 1e-12);
    }

    @Test
    void garbageNeverCrashesAStep() {
        Random r = new Random(5);
        ScriptedPolicy policy = new ScriptedPolicy(p -> {
            StringBuilder b = new StringBuilder();
            String[] bits = {"```", "<answer>", "</think>", "python\n", "input", "Assistant:", "def f(", "\u0000", "é", "\n", "x"};
            for (int i = 0; i < 40; i++) b.append(bits[r.nextInt(bits.length)]);
            return b.toString();
        });
        TaskBuffers buffers = new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true);
        buffers.seed(List.of(Triplet.identity()), List.of(InductionProblem.identity()));
        SelfPlayStep step = new SelfPlayStep(policy, new FakeExecutor(), buffers, settings(4, 2, 4));
        for (int s = 1; s <= 3; s++) {
            StepResult res = step.run(s, s);
            for (String key : MetricKeys.REQUIRED) if (!key.equals("time_s")) assertTrue(res.metrics().containsKey(key), key);
        }
        assertEquals(1, buffers.abduction().size(), "nothing valid was stored");
        for (TaskBuffer.Entry<Triplet> e : buffers.deduction().entries()) assertEquals(0, e.step());
    }

    @Test
    void sameSeedSameStep() {
        java.util.function.Supplier<Map<String, Object>> run = () -> {
            TaskBuffers buffers = new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true);
            for (int i = 0; i < 20; i++) buffers.seed(List.of(new Triplet("def f(a):\n    return a", String.valueOf(i), String.valueOf(i), List.of())), List.of());
            ScriptedPolicy policy = new ScriptedPolicy(new Script());
            new SelfPlayStep(policy, new FakeExecutor(), buffers, settings(3, 2, 4)).run(1, 99);
            return Map.of("prompts", policy.prompts());
        };
        assertEquals(run.get(), run.get());
    }
}
