package dev.azr4j.core.loop;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.Sandbox;
import dev.azr4j.core.buffer.CapPolicy;
import dev.azr4j.core.buffer.SolveMix;
import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.config.CurriculumConfig;
import dev.azr4j.core.curriculum.HindsightRepairs;
import dev.azr4j.core.gate.GateSettings;
import dev.azr4j.core.grammar.RoleGrammars;
import dev.azr4j.core.policy.ScriptedPolicy;
import dev.azr4j.core.policy.TrainSequence;
import dev.azr4j.core.prompt.PromptStyle;
import dev.azr4j.core.prompt.TerseFormat;
import dev.azr4j.core.reward.RewardSettings;
import dev.azr4j.core.rl.Whitening;
import dev.azr4j.core.step.SelfPlaySettings;
import dev.azr4j.core.step.SelfPlayStep;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.PythonExecutor;
import dev.azr4j.model.train.LrSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The from-zero measures in whole terse-format steps (scripted policy, real sandbox): environment
 * tasks in the solve batches, imitation sequences of their executor-verified answers, the shuffled
 * reward control.
 */
class CurriculumStepTest {
    private static PythonExecutor exec;

    @BeforeAll
    static void start() {
        exec = Sandbox.start(ExecutorOptions.defaults().withWorkers(1));
    }

    @AfterAll
    static void stop() {
        if (exec != null) exec.close();
    }

    private static SelfPlaySettings settings(int batch, CurriculumConfig c) {
        return new SelfPlaySettings(List.of(TaskType.ABDUCTION, TaskType.DEDUCTION, TaskType.INDUCTION), batch, 2, 1, 4, false,
                SolveMix.MAX_NEW, 1000, CapPolicy.DROP_OLDEST, true, true, 1.0, 1.0, 0, 512, 64, RewardSettings.ORIGINAL,
                Whitening.TOKEN, 0.2, 0.2, 0.0, 0.0, 1.0, new LrSchedule.Constant(1e-3), PromptStyle.TERSE, List.of(), true, 2,
                RoleGrammars.none(), c, GateSettings.off());
    }

    /** The from-zero switches, the later ones at their defaults (off). */
    private static CurriculumConfig curriculum(boolean environmentTasks, int maxOps, double minShare, int imitationTasks,
                                               double imitationCoef, boolean shuffleRewards) {
        return curriculum(environmentTasks, maxOps, minShare, imitationTasks, imitationCoef, shuffleRewards, 0, 256, 0.0, 0.0, 0, 1.0, false, 0);
    }

    private static CurriculumConfig curriculum(boolean environmentTasks, int maxOps, double minShare, int imitationTasks,
                                               double imitationCoef, boolean shuffleRewards, int proposalReplays, int proposalMemory,
                                               double proposalCoef, double contextCoef, int imitationUpdates, double inductionImitation,
                                               boolean canonicalInputs, int proposalImitation) {
        return curriculum(environmentTasks, maxOps, minShare, imitationTasks, imitationCoef, shuffleRewards, proposalReplays, proposalMemory,
                proposalCoef, contextCoef, imitationUpdates, inductionImitation, canonicalInputs, proposalImitation, 1.0, 0);
    }

    private static CurriculumConfig curriculum(boolean environmentTasks, int maxOps, double minShare, int imitationTasks,
                                               double imitationCoef, boolean shuffleRewards, int proposalReplays, int proposalMemory,
                                               double proposalCoef, double contextCoef, int imitationUpdates, double inductionImitation,
                                               boolean canonicalInputs, int proposalImitation, double abductionImitation, int literalInputs) {
        return curriculum(environmentTasks, maxOps, minShare, imitationTasks, imitationCoef, shuffleRewards, proposalReplays, proposalMemory,
                proposalCoef, contextCoef, imitationUpdates, inductionImitation, canonicalInputs, proposalImitation, abductionImitation,
                literalInputs, false);
    }

    private static CurriculumConfig curriculum(boolean environmentTasks, int maxOps, double minShare, int imitationTasks,
                                               double imitationCoef, boolean shuffleRewards, int proposalReplays, int proposalMemory,
                                               double proposalCoef, double contextCoef, int imitationUpdates, double inductionImitation,
                                               boolean canonicalInputs, int proposalImitation, double abductionImitation, int literalInputs,
                                               boolean hindsightProposals) {
        return new CurriculumConfig(environmentTasks, maxOps, minShare, imitationTasks, imitationCoef, shuffleRewards, proposalReplays,
                proposalMemory, proposalCoef, contextCoef, imitationUpdates, inductionImitation, canonicalInputs, proposalImitation,
                abductionImitation, literalInputs, hindsightProposals, CurriculumConfig.WorldName.NARROW, 0.0, 0.0, 0.0);
    }

    private static TaskBuffers seeded() {
        TaskBuffers buffers = new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true);
        buffers.seed(List.of(Triplet.identity()), List.of(InductionProblem.identity()));
        return buffers;
    }

    /** Terse answers: proposers write `a + 1` on 2 (induction: four ints and a message), solvers `0`. */
    private static String terse(String prompt) {
        if (prompt.startsWith("T:inputs")) return "1\nI:2\nI:3\nI:4\nM:adds one\n";
        if (prompt.startsWith("T:")) return "a * 3\nI:2\n";
        return "0\n";
    }

    @Test
    void environmentTasksFillTheSolveBatchesAndEveryAnswerIsImitated() {
        ScriptedPolicy policy = new ScriptedPolicy(CurriculumStepTest::terse);
        CurriculumConfig c = curriculum(true, 2, 0.25, 3, 0.5, false);
        Map<String, Object> m = new SelfPlayStep(policy, exec, seeded(), settings(4, c)).run(1, 11).metrics();
        for (TaskType t : TaskType.values()) {
            assertEquals(1.0, m.get("curriculum/" + t.id() + "/share"), t.id());
            assertEquals(4L, m.get("curriculum/" + t.id() + "/tasks"), "share 1: the whole solve batch: " + t.id());
        }
        assertEquals(3 * (4 + 3), m.get("imitation/sequences"), "every solve task and the imitation-only tasks");
        List<TrainSequence> update = policy.updates().getFirst();
        List<TrainSequence> imitation = update.stream().filter(s -> Float.isNaN(s.oldLogprobs()[0])).toList();
        assertEquals(21, imitation.size());
        long tokens = imitation.stream().mapToLong(s -> s.completionIds().length).sum();
        List<ExecRequest> checks = new ArrayList<>();
        for (TrainSequence s : imitation) {
            assertEquals(0.5f, s.advantages()[0], "the imitation coefficient");
            assertEquals(1.0 / tokens, s.tokenWeight(), 1e-12, "a token mean over the imitation tokens (the entropy bonus too)");
            assertNull(s.grammar());
            String prompt = text(s.promptIds()), answer = text(s.completionIds());
            assertTrue(answer.endsWith("\n"), answer);
            if (prompt.contains("\nI:") && prompt.endsWith("\nO:")) {   // deduction: the answer is the program's output
                String program = prompt.substring(2, prompt.indexOf("\nI:"));
                String input = prompt.substring(prompt.indexOf("\nI:") + 3, prompt.length() - 3);
                checks.add(new ExecRequest.CheckOutput(program, input, answer.strip()));
            }
        }
        assertFalse(checks.isEmpty());
        for (var r : exec.execute(checks)) assertTrue(r.ok(), "imitated deduction answers are the executor's outputs: " + r);
    }

    /**
     * With a buffer share, that share of each imitation update's tasks are the proposers' validated
     * tasks from the buffer (here two deduction programs the environment never writes), imitated with
     * their executor-verified answers; the rest still come from the environment.
     */
    @Test
    void bufferImitationTakesItsShareOfEachImitationUpdateFromTheTaskBuffer() {
        ScriptedPolicy policy = new ScriptedPolicy(CurriculumStepTest::terse);
        CurriculumConfig c = new CurriculumConfig(false, 2, 0.25, 4, 1.0, false, 0, 256, 0.0, 0.0, 2, 1.0, false, 0, 1.0, 0, false,
                CurriculumConfig.WorldName.NARROW, 0.0, 0.0, 0.5);
        TaskBuffers buffers = seeded();
        buffers.deduction().add(new Triplet("def f(a):\n    return a * 7 - 1", "3", "20", List.of()), 0);
        buffers.deduction().add(new Triplet("def f(a):\n    return a * 9 - 1", "2", "17", List.of()), 0);
        Map<String, Object> m = new SelfPlayStep(policy, exec, buffers, settings(4, c)).run(1, 11).metrics();
        assertEquals(2, m.get("imitation/updates"));
        assertEquals(4L, m.get("imitation/deduction/from_buffer"), "2 of each update's 4 deduction tasks, in both updates");
        // the deduction buffer at the end of the step: the seed, the two above and the step's own proposal
        List<String> inBuffer = buffers.deduction().entries().stream()
                .map(e -> "P:" + e.task().program() + "\nI:" + e.task().input() + "\nO:" + e.task().output() + "\n").toList();
        for (List<TrainSequence> update : policy.updates().subList(1, 3)) {
            List<String> texts = update.stream().map(x -> text(x.promptIds()) + text(x.completionIds())).toList();
            assertEquals(12, texts.size(), "4 tasks of each of the 3 types");
            assertEquals(2, texts.stream().filter(inBuffer::contains).count(), String.join("\n---\n", texts));
        }
    }

    @Test
    void theContextLossMakesEveryPromptTokenATargetWithItsOwnWeight() {
        ScriptedPolicy policy = new ScriptedPolicy(CurriculumStepTest::terse);
        CurriculumConfig c = curriculum(true, 2, 0.25, 1, 1.0, false, 0, 16, 0.0, 0.25, 0, 1.0, false, 0);
        new SelfPlayStep(policy, exec, seeded(), settings(2, c)).run(1, 4);
        List<TrainSequence> imitation = policy.updates().getFirst().stream().filter(s -> Float.isNaN(s.oldLogprobs()[0])).toList();
        assertEquals(9, imitation.size());
        double contextWeight = 0, answerWeight = 0;
        for (TrainSequence s : imitation) {
            assertEquals(1, s.promptIds().length, "the whole prompt after its first token is a target");
            String text = text(s.completionIds());
            int answerFrom = Math.max(text.lastIndexOf("\nO:"), Math.max(text.lastIndexOf("\nI:"), text.lastIndexOf("return "))) ;
            assertTrue(answerFrom > 0, text);
            float first = s.advantages()[0], last = s.advantages()[s.advantages().length - 1];
            assertNotEquals(first, last, "context and answer tokens weigh differently");
            for (float a : s.advantages()) if (a == first) contextWeight += a * s.tokenWeight(); else answerWeight += a * s.tokenWeight();
        }
        assertEquals(0.25, contextWeight, 1e-4, "the context loss is contextCoef times a token mean");
        assertEquals(1.0, answerWeight, 1e-4, "the answers' loss is imitationCoef times a token mean");
    }

    @Test
    void imitationUpdatesAreFurtherOptimizerStepsOnFreshEnvironmentTasks() {
        ScriptedPolicy policy = new ScriptedPolicy(CurriculumStepTest::terse);
        CurriculumConfig c = curriculum(true, 2, 0.25, 2, 1.0, false, 0, 16, 0.0, 0.0, 3, 1.0, false, 0);
        Map<String, Object> m = new SelfPlayStep(policy, exec, seeded(), settings(2, c)).run(1, 8).metrics();
        assertEquals(3, m.get("imitation/updates"));
        assertEquals(4, policy.updates().size(), "the step's update, then three imitation-only ones");
        assertEquals(3 * 2, m.get("imitation/sequences"), "the step's own update imitates its solve tasks only");
        for (List<TrainSequence> u : policy.updates().subList(1, 4)) {
            assertEquals(3 * 2, u.size(), "two fresh tasks a type");
            assertTrue(u.stream().allMatch(x -> Float.isNaN(x.oldLogprobs()[0])));
        }
        assertNotEquals(text(policy.updates().get(1).getFirst().promptIds()), text(policy.updates().get(2).getFirst().promptIds()), "fresh tasks");
    }

    @Test
    void abductionGetsItsOwnMultipleOfTheImitationTasks() {
        ScriptedPolicy policy = new ScriptedPolicy(CurriculumStepTest::terse);
        CurriculumConfig c = curriculum(true, 2, 0.25, 2, 1.0, false, 0, 16, 0.0, 0.0, 1, 1.0, false, 0, 1.5, 0);
        new SelfPlayStep(policy, exec, seeded(), settings(2, c)).run(1, 8);
        List<TrainSequence> imitationOnly = policy.updates().get(1);
        long abduction = imitationOnly.stream().filter(x -> text(x.promptIds()).endsWith("I:")).count();
        assertEquals(3, abduction, "1.5 x 2 input-prediction tasks");
        assertEquals(2 + 3 + 2, imitationOnly.size(), "deduction and induction keep imitation_tasks");
    }

    @Test
    void environmentTasksAreImitatedAsProposalsAndInductionGetsItsShareOfImitation() {
        ScriptedPolicy policy = new ScriptedPolicy(CurriculumStepTest::terse);
        CurriculumConfig c = curriculum(true, 2, 0.25, 4, 1.0, false, 0, 16, 1.0, 0.0, 1, 0.25, true, 3);
        Map<String, Object> m = new SelfPlayStep(policy, exec, seeded(), settings(2, c)).run(1, 8).metrics();
        int environment = (int) m.get("imitation/proposal_environment");
        List<TrainSequence> proposals = policy.updates().getFirst().stream()
                .filter(x -> text(x.promptIds()).startsWith("T:") && Float.isNaN(x.oldLogprobs()[0])).toList();
        assertEquals(environment, proposals.size());
        int programs = 0, inputs = 0;
        for (TrainSequence x : proposals) {
            String prompt = text(x.promptIds()), completion = text(x.completionIds());
            if (prompt.startsWith("T:inputs")) {
                inputs++;
                assertTrue(TerseFormat.read(TaskType.INDUCTION, Role.PROPOSE, completion).formatOk(), completion);
                assertTrue(completion.chars().filter(ch -> ch == '\n').count() == 4 + 1, "four inputs and a message: " + completion);
            } else {
                programs++;
                assertTrue(TerseFormat.read(TaskType.DEDUCTION, Role.PROPOSE, completion).formatOk(), completion);
                assertTrue(prompt.endsWith(TerseFormat.PROGRAM_HEAD), "a proposer's prompt, then the program's expression");
            }
        }
        assertEquals(6, programs, "three a deduction and an abduction proposer");
        assertTrue(inputs >= 1 && inputs <= 3, "induction inputs with more than one output: " + inputs);
        List<TrainSequence> imitationOnly = policy.updates().get(1);
        assertEquals(4 + 4 + 1, imitationOnly.size(), "induction imitates a quarter of imitation_tasks");
    }

    @Test
    void theEnvironmentsShareFallsWhenProposalsAreLearnableAndOffMeansBuffersOnly() {
        CurriculumConfig off = CurriculumConfig.defaults();
        Map<String, Object> m = new SelfPlayStep(new ScriptedPolicy(CurriculumStepTest::terse), exec, seeded(), settings(4, off)).run(1, 3).metrics();
        assertNull(m.get("curriculum/deduction/tasks"), "no curriculum metrics when it is off");
        assertEquals(0, m.get("imitation/sequences"));
        // imitation only: environment tasks are drawn for the loss, none enters the solve batch
        CurriculumConfig imitationOnly = curriculum(false, 2, 0.25, 2, 1.0, false);
        Map<String, Object> n = new SelfPlayStep(new ScriptedPolicy(CurriculumStepTest::terse), exec, seeded(), settings(4, imitationOnly)).run(1, 3).metrics();
        assertEquals(0L, n.get("curriculum/deduction/tasks"));
        assertEquals(3 * (4 + 2), n.get("imitation/sequences"));
    }

    @Test
    void shuffledRewardsArePermutedWithinTheirGroup() {
        CurriculumConfig shuffled = curriculum(true, 2, 0.25, 0, 0.0, true);
        CurriculumConfig plain = curriculum(true, 2, 0.25, 0, 0.0, false);
        var x = new SelfPlayStep(new ScriptedPolicy(CurriculumStepTest::terse), exec, seeded(), settings(6, plain)).run(1, 5);
        var y = new SelfPlayStep(new ScriptedPolicy(CurriculumStepTest::terse), exec, seeded(), settings(6, shuffled)).run(1, 5);
        for (String key : x.metrics().keySet()) {
            if (key.endsWith("/reward_mean")) assertEquals((double) x.metrics().get(key), (double) y.metrics().get(key), 1e-12, key);
        }
    }

    @Test
    void learnableProposalsAreRememberedAndReplayedUnderTheirGrammar() {
        int[] calls = {0};
        // deduction proposals of `a + 5` on 2 (output 7); solvers answer 7 and 0 by turns, so its MC solve rate is 1/2
        ScriptedPolicy policy = new ScriptedPolicy(prompt -> {
            if (prompt.startsWith("T:inputs")) return "1\nI:2\nI:3\nI:4\nM:adds one\n";
            if (prompt.startsWith("T:")) return "a + 5\nI:2\n";
            return calls[0]++ % 2 == 0 ? "7\n" : "0\n";
        });
        CurriculumConfig c = curriculum(true, 2, 0.25, 0, 1.0, false, 5, 16, 0.5, 0.0, 0, 1.0, false, 0);
        SelfPlayStep step = new SelfPlayStep(policy, exec, seeded(), settings(2, c));
        Map<String, Object> first = step.run(1, 1).metrics();
        assertTrue((int) first.get("imitation/deduction/proposal_memory") >= 1, first.toString());
        assertEquals(0, first.get("imitation/induction/proposal_memory"), "never learnable: never remembered");
        Map<String, Object> second = step.run(2, 2).metrics();
        assertEquals(5, second.get("imitation/proposal_replays"), "five from the one type with a memory");
        long masked = policy.updates().get(1).stream().filter(x -> Float.isNaN(x.oldLogprobs()[0]) && x.completionIds().length == "a + 5\nI:2\n".length()).count();
        assertTrue(masked >= 5, "the replayed completions are in the update");
    }

    /** The proposal imitation sequences of an update whose completion is not {@code scripted}: the repairs. */
    private static List<TrainSequence> repairs(List<TrainSequence> update, String scripted) {
        return update.stream().filter(x -> text(x.promptIds()).startsWith("T:") && Float.isNaN(x.oldLogprobs()[0])
                && !text(x.completionIds()).equals(scripted)).toList();
    }

    @Test
    void constantProposalsAreRepairedByTheEnvironmentAndImitatedOnTheirOwnPrompts() {
        // deduction and abduction proposers write a constant program, induction proposers inputs that all give one output
        java.util.function.Function<String, String> script = prompt -> {
            if (prompt.startsWith("T:inputs")) return "1\nI:1\nI:1\nI:1\nM:ones\n";
            if (prompt.startsWith("T:")) return "(a * 2) % 2\nI:3\n";
            return "0\n";
        };
        ScriptedPolicy policy = new ScriptedPolicy(script);
        GateSettings gate = GateSettings.off().withInputDependence(true).withEnvironmentInputs(true);
        CurriculumConfig on = curriculum(true, 2, 0.25, 0, 1.0, false, 0, 16, 1.0, 0.0, 0, 1.0, false, 0, 1.0, 0, true);
        Map<String, Object> m = new SelfPlayStep(policy, exec, seeded(), settings(2, on).withGate(gate)).run(1, 4).metrics();
        assertEquals(2, m.get("propose/deduction/invalid/constant_output"), m.toString());
        assertEquals(2, m.get("propose/induction/invalid/constant_output"), m.toString());
        List<TrainSequence> repaired = repairs(policy.updates().getFirst(), "(a * 2) % 2\nI:3\n");
        assertEquals(6, repaired.size(), "every rejected proposal of the three types");
        assertEquals(6, m.get("imitation/proposal_hindsight"));
        for (TrainSequence x : repaired) {
            String prompt = text(x.promptIds()), completion = text(x.completionIds());
            if (prompt.startsWith("T:inputs")) {
                assertTrue(completion.endsWith("M:ones\n"), "the proposer's own message: " + completion);
                List<String> inputs = List.of(completion.substring(0, completion.indexOf("M:")).split("\n(I:)?"));
                assertEquals(4, inputs.size(), completion);
                assertTrue(inputs.stream().distinct().count() > 1, "inputs that give more than one output: " + completion);
                continue;
            }
            String expr = completion.substring(0, completion.indexOf('\n'));
            assertTrue(HindsightRepairs.literalEdits("(a * 2) % 2", 100, new java.util.SplittableRandom(0)).contains(expr), expr);
            assertTrue(completion.endsWith("\nI:3\n"), "the proposer's input: " + completion);
            List<ExecRequest> runs = new ArrayList<>();
            for (int v = -3; v <= 3; v++) runs.add(new ExecRequest.Validate(TerseFormat.PROGRAM_HEAD + expr, Integer.toString(v)));
            assertTrue(exec.execute(runs).stream().map(r -> r.output()).distinct().count() > 1, "not constant: " + expr);
        }
        CurriculumConfig off = curriculum(true, 2, 0.25, 0, 1.0, false, 0, 16, 1.0, 0.0, 0, 1.0, false, 0, 1.0, 0, false);
        ScriptedPolicy plain = new ScriptedPolicy(script);
        Map<String, Object> n = new SelfPlayStep(plain, exec, seeded(), settings(2, off).withGate(gate)).run(1, 4).metrics();
        assertNull(n.get("imitation/proposal_hindsight"));
        assertTrue(repairs(plain.updates().getFirst(), "(a * 2) % 2\nI:3\n").isEmpty(), "off: nothing imitated");
    }

    @Test
    void aDuplicateIsRepairedWithAnInputNoStoredTaskHas() {
        ScriptedPolicy policy = new ScriptedPolicy(prompt -> {
            if (prompt.startsWith("T:inputs")) return "1\nI:2\nI:3\nI:4\nM:adds one\n";
            if (prompt.startsWith("T:")) return "a + 5\nI:2\n";
            return "0\n";
        });
        GateSettings gate = GateSettings.off().withInputDependence(true).withEnvironmentInputs(true).withDedup(GateSettings.Dedup.EXACT);
        CurriculumConfig on = curriculum(true, 2, 0.25, 0, 1.0, false, 0, 16, 1.0, 0.0, 0, 1.0, false, 0, 1.0, 0, true);
        SelfPlayStep step = new SelfPlayStep(policy, exec, seeded(), settings(2, on).withGate(gate));
        Map<String, Object> first = step.run(1, 6).metrics();
        assertEquals(1, first.get("propose/deduction/invalid/duplicate"), "the second one of the step: " + first);
        Map<String, Object> second = step.run(2, 7).metrics();
        assertEquals(2, second.get("propose/deduction/invalid/duplicate"), second.toString());
        for (int u : new int[] {0, 1}) {
            List<TrainSequence> repaired = repairs(policy.updates().get(u), "a + 5\nI:2\n").stream()
                    .filter(x -> !text(x.promptIds()).startsWith("T:inputs")).toList();
            assertEquals(u == 0 ? 2 : 4, repaired.size(), "each duplicate of deduction and abduction");
            for (TrainSequence x : repaired) {
                String completion = text(x.completionIds());
                assertTrue(completion.matches("a \\+ 5\nI:-?\\d+\n") && !completion.endsWith("I:2\n"), completion);
            }
        }
    }

    private static String text(int[] ids) {
        StringBuilder b = new StringBuilder();
        for (int id : ids) b.appendCodePoint(id);
        return b.toString();
    }
}
