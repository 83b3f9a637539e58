package dev.azr4j.core.loop;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.Sandbox;
import dev.azr4j.core.buffer.CapPolicy;
import dev.azr4j.core.buffer.SolveMix;
import dev.azr4j.core.buffer.TaskBuffer;
import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.config.CurriculumConfig;
import dev.azr4j.core.gate.GateSettings;
import dev.azr4j.core.grammar.RoleGrammars;
import dev.azr4j.core.policy.ScriptedPolicy;
import dev.azr4j.core.probe.ProbeFiles;
import dev.azr4j.core.probe.ProbeItem;
import dev.azr4j.core.probe.ProbeItemKeys;
import dev.azr4j.core.prompt.PromptStyle;
import dev.azr4j.core.reward.RewardSettings;
import dev.azr4j.core.rl.Whitening;
import dev.azr4j.core.step.SelfPlaySettings;
import dev.azr4j.core.step.SelfPlayStep;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.PythonExecutor;
import dev.azr4j.model.train.LrSchedule;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The proposal gate's rules in whole steps, with a scripted policy and the real Python sandbox. */
class ProposalGateStepTest {
    private static PythonExecutor exec;

    @BeforeAll
    static void start() {
        exec = Sandbox.start(ExecutorOptions.defaults().withWorkers(1));
    }

    @AfterAll
    static void stop() {
        if (exec != null) exec.close();
    }

    static SelfPlaySettings settings(List<TaskType> types, int batch, int rollouts, GateSettings gate) {
        return new SelfPlaySettings(types, batch, rollouts, 2, 4, false, SolveMix.MAX_NEW, 1000, CapPolicy.DROP_OLDEST,
                true, true, 1.0, 1.0, 0, 100_000, 4000, RewardSettings.ORIGINAL, Whitening.TOKEN, 0.2, 0.2, 0.001, 0.0, 1.0,
                new LrSchedule.Constant(1e-6), PromptStyle.FULL, SelfPlaySettings.ORIGINAL_BANNED, true, 2, RoleGrammars.none(), CurriculumConfig.defaults(), gate);
    }

    /** A deduction proposal: program and input. */
    record P(String program, String input) {}

    /**
     * Deduction proposers answer with the queued proposals in order; induction proposers with the
     * queued input lists; solvers with {@code solver(prompt)}.
     */
    static Function<String, String> script(Deque<P> deductions, Deque<List<String>> inductions, Function<String, String> solver) {
        return prompt -> {
            if (prompt.contains("## Task: Write a Python Code Snippet")) {
                P p = deductions.removeFirst();
                return SelfPlayStepTest.answer("```python\n" + p.program() + "\n```\n```input\n" + p.input() + "\n```");
            }
            if (prompt.contains("Inputs for a Python Code Snippet")) {
                StringBuilder b = new StringBuilder();
                for (String in : inductions.removeFirst()) b.append("```input\n").append(in).append("\n```\n");
                return SelfPlayStepTest.answer(b + "```message\nsomething\n```");
            }
            return solver.apply(prompt);
        };
    }

    static Function<String, String> output(String value) {
        return prompt -> SelfPlayStepTest.answer("```output\n" + value + "\n```");
    }

    static TaskBuffers seeded() {
        TaskBuffers buffers = new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true);
        buffers.seed(List.of(Triplet.identity()), List.of(InductionProblem.identity()));
        return buffers;
    }

    static Map<String, Object> step(TaskBuffers buffers, GateSettings gate, List<P> proposals) {
        return new SelfPlayStep(new ScriptedPolicy(script(new ArrayDeque<>(proposals), new ArrayDeque<>(), output("0"))), exec, buffers,
                settings(List.of(TaskType.DEDUCTION), proposals.size(), 2, gate)).run(1, 7).metrics();
    }

    static List<String> programs(TaskBuffer<Triplet> b) {
        return b.entries().stream().map(e -> e.task().program()).toList();
    }

    static String text(int[] ids) {
        StringBuilder b = new StringBuilder();
        for (int id : ids) b.appendCodePoint(id);
        return b.toString();
    }

    static final P CONSTANT = new P("def f(a):\n    return 3", "5");
    static final P IGNORES_INPUT = new P("def f(a):\n    return len('abc')", "'xyz'");
    static final P PLUS_ONE = new P("def f(a):\n    return a + 1", "4");
    static final P EXPRESSION_INPUT = new P("def f(a):\n    return a", "len('ab')");

    @Test
    void constantAndInputIndependentProgramsAreInvalidWithTheirReasonCounted() {
        GateSettings on = GateSettings.off().withInputDependence(true);
        TaskBuffers buffers = seeded();
        Map<String, Object> m = step(buffers, on, List.of(CONSTANT, IGNORES_INPUT, PLUS_ONE, EXPRESSION_INPUT));
        assertEquals(2, m.get("propose/deduction/invalid/constant_output"));
        assertEquals(1, m.get("propose/deduction/invalid/input_unvaried"), "an input the environment cannot vary proves nothing");
        assertEquals(0.25, (double) m.get("propose/deduction/valid_rate"));
        assertEquals(List.of(Triplet.identity().program(), PLUS_ONE.program()), programs(buffers.deduction()));
        assertEquals(0.75, (double) m.get("propose/deduction/extra_inputs_ran"), 1e-12, "all 3 extra inputs ran for 3 of the 4 proposals");
        // the invalid proposals get the invalid reward
        assertEquals((-1.0 * 3 + -0.5) / 4, (double) m.get("propose/deduction/reward_mean"), 1e-12, "a + 1 is solved by none: unlearnable");

        TaskBuffers old = seeded();
        Map<String, Object> off = step(old, GateSettings.off(), List.of(CONSTANT, IGNORES_INPUT, PLUS_ONE, EXPRESSION_INPUT));
        assertNull(off.get("propose/deduction/invalid/constant_output"));
        assertNull(off.get("propose/deduction/invalid/input_unvaried"));
        assertEquals(1.0, (double) off.get("propose/deduction/valid_rate"));
        assertEquals(5, old.deduction().size(), "switched off, every program that runs is stored as before");
        assertFalse(off.containsKey("propose/deduction/extra_inputs_ran"));
    }

    @Test
    void environmentInputsComeFromTheEnvironmentsSamplerNotFromVariantsOfTheProposersInput() {
        P big = new P("def f(a):\n    return a + 1", "500");
        GateSettings variants = GateSettings.off().withInputDependence(true).withExtraTasks(true);
        for (boolean environment : new boolean[] {false, true}) {
            TaskBuffers buffers = seeded();
            step(buffers, environment ? variants.withEnvironmentInputs(true) : variants, List.of(big));
            List<Integer> extra = buffers.deduction().entries().stream()
                    .filter(e -> e.task().program().equals(big.program()) && !e.task().input().equals("500"))
                    .map(e -> Integer.parseInt(e.task().input())).toList();
            assertEquals(3, extra.size(), "three extra inputs became tasks");
            boolean small = extra.stream().allMatch(x -> x >= -20 && x <= 20);
            // the environment draws ints in [-20, 20]; variants keep the proposer's input's size (500)
            assertEquals(environment, small, "environment inputs " + environment + ": " + extra);
        }
    }

    @Test
    void literalInputsShowThatACountOfTheProgramsOwnConstantReadsItsInput() {
        // two 7s are what changes the answer; random draws of the proposer's list almost never hold them
        P twoSevens = new P("def f(a):\n    return a.count(7) == 2", "[7, 1]");
        GateSettings environment = GateSettings.off().withInputDependence(true).withExtraTasks(true).withEnvironmentInputs(true);
        Map<String, Object> without = step(seeded(), environment, List.of(twoSevens));
        assertEquals(1, without.get("propose/deduction/invalid/constant_output"));

        TaskBuffers buffers = seeded();
        Map<String, Object> with = step(buffers, environment.withLiteralInputs(4), List.of(twoSevens));
        assertNull(with.get("propose/deduction/invalid/constant_output"));
        assertEquals(1.0, (double) with.get("propose/deduction/valid_rate"));
        List<String> inputs = buffers.deduction().entries().stream()
                .filter(e -> e.task().program().equals(twoSevens.program())).map(e -> e.task().input()).toList();
        assertTrue(inputs.contains("[7, 1, 7]"), "the literal input became a task too: " + inputs);
        assertEquals(1 + 3 + 4, inputs.size(), "the proposer's input, 3 draws, and [7, 1, 7], [7, 1, 2], [1, 7], [7, 1, 1, 7]");
    }

    @Test
    void theLengthsParityOfAWordVariesOnTheEnvironmentsWords() {
        // runs/d5 step 107 rejected this proposal as constant_output
        P parity = new P("def f(a):\n    return len(a) % 2", "'odeard'");
        GateSettings tiny = new GateSettings(true, 8, true, GateSettings.Dedup.OFF, 65536, false, 0.0, 1.0, true, 4);
        Map<String, Object> m = step(seeded(), tiny, List.of(parity));
        assertNull(m.get("propose/deduction/invalid/constant_output"), m.toString());
        assertEquals(1.0, (double) m.get("propose/deduction/valid_rate"));
    }

    @Test
    void edgeInputsShowThatAThresholdProgramReadsItsInputAndAreNotStored() {
        // runs/c1's samples: `max(a - 6, 4)` reads its input only for a >= 11; with one random draw it looks constant
        P threshold = new P("def f(a):\n    return max(a - 6, 4)", "3");
        GateSettings one = new GateSettings(true, 1, true, GateSettings.Dedup.OFF, 65536, false, 0.0, 1.0, true, 0, true, false, 0);
        int constant = 0;
        for (int seed = 0; seed < 4; seed++) {
            Map<String, Object> m = new SelfPlayStep(new ScriptedPolicy(script(new ArrayDeque<>(List.of(threshold)), new ArrayDeque<>(), output("0"))),
                    exec, seeded(), settings(List.of(TaskType.DEDUCTION), 1, 2, one)).run(1, seed).metrics();
            if (m.get("propose/deduction/invalid/constant_output") != null) constant++;
        }
        assertTrue(constant > 0, "one draw in [-20, 20] is below 11 most of the time");

        TaskBuffers buffers = seeded();
        Map<String, Object> m = step(buffers, one.withEdgeInputs(true), List.of(threshold));
        assertNull(m.get("propose/deduction/invalid/constant_output"), m.toString());
        double atEdges = (double) m.get("propose/deduction/varies_only_at_edges");
        assertTrue(atEdges == 0.0 || atEdges == 1.0, "the share of proposals only an edge showed non-constant");
        List<String> inputs = buffers.deduction().entries().stream()
                .filter(e -> e.task().program().equals(threshold.program())).map(e -> e.task().input()).toList();
        assertEquals(2, inputs.size(), "the proposer's input and the one extra input are stored, not the edges: " + inputs);

        P constantEverywhere = new P("def f(a):\n    return max(a * a, -1) >= 0", "3");
        assertEquals(1, step(seeded(), one.withEdgeInputs(true), List.of(constantEverywhere)).get("propose/deduction/invalid/constant_output"));
    }

    @Test
    void inductionInputsThatAllGiveOneOutputAreConstant() {
        TaskBuffers buffers = new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true);
        buffers.seed(List.of(new Triplet("def f(a):\n    return a % 2", "3", "1", List.of())), List.of(InductionProblem.identity()));
        Deque<List<String>> inductions = new ArrayDeque<>(List.of(List.of("2", "4", "6", "8"), List.of("1", "2", "3", "4")));
        Deque<P> deductions = new ArrayDeque<>(List.of(PLUS_ONE, new P("def f(a):\n    return a - 1", "4")));
        Map<String, Object> m = new SelfPlayStep(new ScriptedPolicy(script(deductions, inductions, output("0"))), exec, buffers,
                settings(List.of(TaskType.DEDUCTION, TaskType.INDUCTION), 2, 2, GateSettings.off().withInputDependence(true)))
                .run(1, 3).metrics();
        assertEquals(1, m.get("propose/induction/invalid/constant_output"));
        assertEquals(0.5, (double) m.get("propose/induction/valid_rate"));
        assertEquals(List.of("1", "2", "3", "4"), buffers.induction().entries().getLast().task().inputs());
    }

    @Test
    void duplicatesUpToNamesSpacingCommentsAndDocstringsAreInvalid() {
        GateSettings canonical = GateSettings.off().withDedup(GateSettings.Dedup.CANONICAL);
        List<P> stepOne = List.of(PLUS_ONE,
                new P("def f(x):\n    # add one\n    return x+1   ", " 4"),             // the same task
                new P("def f(b):\n    \"\"\"Adds one.\"\"\"\n    return (b + 1)", "5"));  // the same program, a new input: a new task
        TaskBuffers buffers = seeded();
        SelfPlayStep stepper = new SelfPlayStep(new ScriptedPolicy(script(new ArrayDeque<>(stepOne), new ArrayDeque<>(), output("0"))),
                exec, buffers, settings(List.of(TaskType.DEDUCTION), 3, 2, canonical));
        Map<String, Object> m = stepper.run(1, 1).metrics();
        assertEquals(1, m.get("propose/deduction/invalid/duplicate"));
        assertEquals(2.0 / 3, (double) m.get("propose/deduction/duplicate_program"), 1e-12, "the program came 3 times");
        assertEquals(List.of("4", "5"), buffers.deduction().entries().stream().skip(1).map(e -> e.task().input()).toList());

        // the next step: a repeat of a stored task is a duplicate, a new program is not
        SelfPlayStep next = new SelfPlayStep(new ScriptedPolicy(script(new ArrayDeque<>(List.of(
                new P("def f(value):\n    return value + 1", "(4)"), new P("def f(a):\n    return a + 2", "4"))), new ArrayDeque<>(), output("0"))),
                exec, buffers, settings(List.of(TaskType.DEDUCTION), 2, 2, canonical));
        Map<String, Object> m2 = next.run(2, 2).metrics();
        assertEquals(1, m2.get("propose/deduction/invalid/duplicate"), "the new gate learns the buffers' tasks on its first step");
        assertEquals(0.5, (double) m2.get("propose/deduction/valid_rate"));
        assertEquals("def f(a):\n    return a + 2", buffers.deduction().entries().getLast().task().program());

        // exact: only text differences the buffers also ignore
        TaskBuffers exact = seeded();
        Map<String, Object> e = step(exact, GateSettings.off().withDedup(GateSettings.Dedup.EXACT),
                List.of(PLUS_ONE, new P("def f(a):\n    return a + 1   \n\n", "4 "), stepOne.get(1)));
        assertEquals(1, e.get("propose/deduction/invalid/duplicate"));
        assertEquals(3, exact.deduction().size(), "the seed, a + 1 and the renamed program, a new text");

        // off: all valid, repeats only not stored twice (the buffers' own dedup)
        TaskBuffers off = seeded();
        Map<String, Object> o = step(off, GateSettings.off(), stepOne);
        assertNull(o.get("propose/deduction/invalid/duplicate"));
        assertEquals(1.0, (double) o.get("propose/deduction/valid_rate"));
        assertEquals(4, off.deduction().size(), "the renamed program is a new text for the buffers");
    }

    @Test
    void probeProgramsAreInvalidAndNeverStored() {
        ProbeItem probe = ProbeFiles.builtin().stream().filter(i -> i.task().equals(ProbeItem.OUTPUT)).findFirst().orElseThrow();
        assertEquals("def f(a):\n    return a.find('a') % 2 == 0", probe.code(), "the probe set changed: pick another program below");
        P renamed = new P("def f(s):\n    return s.find(\"a\") % 2 == 0", "'zz'");
        P notAProbe = new P("def f(a):\n    return a + 10", "4");
        assertTrue(ProbeFiles.builtin().stream().noneMatch(i -> i.code().equals(notAProbe.program())));
        TaskBuffers buffers = seeded();
        Map<String, Object> m = step(buffers, GateSettings.off().withExcludeProbes(true), List.of(renamed, notAProbe));
        assertEquals(1, m.get("propose/deduction/invalid/probe_program"));
        assertEquals(List.of(Triplet.identity().program(), notAProbe.program()), programs(buffers.deduction()));

        TaskBuffers off = seeded();
        Map<String, Object> o = step(off, GateSettings.off(), List.of(renamed, notAProbe));
        assertNull(o.get("propose/deduction/invalid/probe_program"));
        assertEquals(3, off.deduction().size());
    }

    @Test
    void probeItemsOfEveryShippedSetAreInvalidButTheirProgramsStayOpen() {
        // an item whose program is not also a probes-v1 program (that would be rejected as probe_program first)
        var inDistribution = ProbeFiles.builtin().stream().map(i -> ProbeItemKeys.canonical(i.code())).collect(java.util.stream.Collectors.toSet());
        ProbeItem item = ProbeFiles.shipped("probes-shifted-v1").stream()
                .filter(i -> i.task().equals(ProbeItem.OUTPUT) && i.input().matches("-?\\d+") && !inDistribution.contains(ProbeItemKeys.canonical(i.code())))
                .findFirst().orElseThrow();
        P same = new P(item.code(), item.input());
        P otherInput = new P(item.code(), Integer.toString(Integer.parseInt(item.input()) + 1));
        TaskBuffers buffers = seeded();
        Map<String, Object> m = step(buffers, GateSettings.off().withExcludeProbes(true), List.of(same, otherInput));
        assertEquals(1, m.get("propose/deduction/invalid/probe_item"), item.code() + " on " + item.input() + ": " + m);
        assertEquals(List.of(otherInput.input()), buffers.deduction().entries().stream().skip(1).map(e -> e.task().input()).toList(),
                "the program on another input is a task like any other");
    }

    @Test
    void unscoredProbeProgramsAreLeftOutOfTheProposersUpdate() {
        P probe = new P("def f(a):\n    return a.find('a') % 2 == 0", "'zz'");
        P notAProbe = new P("def f(a):\n    return a + 10", "4");
        for (boolean scored : new boolean[] {true, false}) {
            ScriptedPolicy policy = new ScriptedPolicy(script(new ArrayDeque<>(List.of(probe, notAProbe)), new ArrayDeque<>(), output("0")));
            GateSettings gate = GateSettings.off().withExcludeProbes(true).withScoreProbePrograms(scored);
            Map<String, Object> m = new SelfPlayStep(policy, exec, seeded(), settings(List.of(TaskType.DEDUCTION), 2, 2, gate)).run(1, 7).metrics();
            assertEquals(1, m.get("propose/deduction/invalid/probe_program"), "rejected either way");
            long proposerSequences = policy.updates().getFirst().stream()
                    .filter(x -> !Float.isNaN(x.oldLogprobs()[0]) && text(x.promptIds()).contains("## Task: Write a Python Code Snippet")).count();
            assertEquals(scored ? 2 : 1, proposerSequences, scored ? "both proposals in the update" : "the probe's left out");
        }
    }

    @Test
    void onlyProposalsInsideTheSolveBandAreStored() {
        P doubled = new P("def f(a):\n    return a * 2", "3");
        int[] calls = {0};
        Function<String, String> solver = prompt -> {
            if (prompt.contains("a * 2")) return SelfPlayStepTest.answer("```output\n6\n```");          // always right: rate 1
            if (prompt.contains("a + 1")) return SelfPlayStepTest.answer("```output\n" + (calls[0]++ % 2 == 0 ? "5" : "6") + "\n```");  // rate 1/2
            return SelfPlayStepTest.answer("```output\n0\n```");
        };
        GateSettings band = GateSettings.off().withBand(0.25, 0.75);
        TaskBuffers buffers = seeded();
        Map<String, Object> m = new SelfPlayStep(new ScriptedPolicy(script(new ArrayDeque<>(List.of(PLUS_ONE, doubled)), new ArrayDeque<>(), solver)),
                exec, buffers, settings(List.of(TaskType.DEDUCTION), 2, 4, band)).run(1, 5).metrics();
        assertEquals(1, m.get("buffer/deduction/out_of_band"));
        assertEquals(1.0, (double) m.get("propose/deduction/valid_rate"), "out of band is still valid and keeps its reward");
        assertEquals(List.of(Triplet.identity().program(), PLUS_ONE.program()), programs(buffers.deduction()));

        calls[0] = 0;
        TaskBuffers off = seeded();
        Map<String, Object> o = new SelfPlayStep(new ScriptedPolicy(script(new ArrayDeque<>(List.of(PLUS_ONE, doubled)), new ArrayDeque<>(), solver)),
                exec, off, settings(List.of(TaskType.DEDUCTION), 2, 4, GateSettings.off())).run(1, 5).metrics();
        assertEquals(0, o.get("buffer/deduction/out_of_band"));
        assertEquals(3, off.deduction().size());
    }

    @Test
    void extraTasksStoreTheProgramWithTheExtraInputsAndTheirOutputs() {
        TaskBuffers buffers = seeded();
        Map<String, Object> m = step(buffers, GateSettings.off().withInputDependence(true).withExtraTasks(true), List.of(PLUS_ONE));
        assertEquals(3, m.get("buffer/deduction/extra_tasks"));
        List<Triplet> stored = buffers.deduction().entries().stream().skip(1).map(TaskBuffer.Entry::task).toList();
        assertEquals(4, stored.size());
        assertEquals(PLUS_ONE.input(), stored.getFirst().input());
        for (Triplet t : stored) {
            assertEquals(PLUS_ONE.program(), t.program());
            assertEquals(String.valueOf(Integer.parseInt(t.input()) + 1), t.output(), "outputs by the executor: " + t);
        }
        assertEquals(4, stored.stream().map(Triplet::input).distinct().count());
    }

    /**
     * Diversity metrics of one scripted step: 4 proposals with 2 canonical programs and 3 canonical
     * inputs (scaled to 100 while fewer than 100 were seen); the answers of the solve batch (4) and
     * of the MC rollouts (2 for each of the 4 valid proposals) take 3 values.
     */
    @Test
    void atMostExtraTasksMaxExtraInputsBecomeTasksAndDuplicateKeysTheProgramsConstantsFirst() {
        P threeIn = new P("def f(a):\n    return 3 in a", "[1]");
        GateSettings gate = new GateSettings(true, 8, true, GateSettings.Dedup.EXACT, 65536, false, 0.0, 1.0, true, 4, true, false, 2);
        TaskBuffers buffers = seeded();
        Map<String, Object> m = step(buffers, gate, List.of(threeIn));
        assertEquals(2, m.get("buffer/deduction/extra_tasks"));
        List<String> inputs = buffers.deduction().entries().stream()
                .filter(e -> e.task().program().equals(threeIn.program())).map(e -> e.task().input()).toList();
        assertEquals(List.of("[1]", "[1, 3]", "[1, 1]"), inputs, "the proposer's input, then those from the program's constants");

        // an extra input that was run but not stored is no duplicate key; a stored one is
        String drawnNotStored = null;
        for (int x = -9; x <= 9 && drawnNotStored == null; x++) if (!inputs.contains("[" + x + "]")) drawnNotStored = "[" + x + "]";
        Map<String, Object> again = step(buffers, gate, List.of(new P(threeIn.program(), inputs.get(1)), new P(threeIn.program(), drawnNotStored)));
        assertEquals(1, again.get("propose/deduction/invalid/duplicate"), again.toString());
    }

    @Test
    void diversityMetricsCountDistinctCanonicalProgramsInputsAndAnswers() {
        int[] calls = {0};
        Function<String, String> solver = prompt -> SelfPlayStepTest.answer("```output\n" + (calls[0]++ % 3) + "\n```");
        List<P> ps = List.of(PLUS_ONE, new P("def f(x):\n    return x + 1", "4"), new P("def f(a):\n    return a + 1", " 5"),
                new P("def f(a):\n    return a * 2", "'ab'"));
        TaskBuffers buffers = seeded();
        Map<String, Object> m = new SelfPlayStep(new ScriptedPolicy(script(new ArrayDeque<>(ps), new ArrayDeque<>(), solver)), exec, buffers,
                settings(List.of(TaskType.DEDUCTION), 4, 2, GateSettings.off())).run(1, 5).metrics();
        assertEquals(50.0, (double) m.get("propose/deduction/distinct_programs"), 1e-9);
        assertEquals(75.0, (double) m.get("propose/deduction/distinct_inputs"), 1e-9);
        assertEquals(3 * 100.0 / 12, (double) m.get("solve/deduction/distinct_answers"), 1e-9);
        assertEquals(0.5, (double) m.get("propose/deduction/duplicate_program"), 1e-12);
        assertNull(m.get("propose/abduction/distinct_programs"), "a type not trained has the key, with no value");
        assertTrue(m.containsKey("propose/abduction/distinct_programs"));
    }
}
