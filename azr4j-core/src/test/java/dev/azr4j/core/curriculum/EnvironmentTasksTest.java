package dev.azr4j.core.curriculum;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.Sandbox;
import dev.azr4j.core.probe.ProbeFiles;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Task;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.PythonExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The zero-data curriculum: executor-true tasks, never a probe program, and its share of the solve batches. */
class EnvironmentTasksTest {
    static PythonExecutor exec;

    @BeforeAll
    static void start() {
        exec = Sandbox.start(ExecutorOptions.defaults());
    }

    @AfterAll
    static void stop() {
        if (exec != null) exec.close();
    }

    @Test
    void tasksAreTrueByTheExecutorAndNeverProbePrograms() {
        EnvironmentTasks env = new EnvironmentTasks(2, 6, 0.25, false);
        SplittableRandom rng = new SplittableRandom(1);
        List<ExecRequest> reruns = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (TaskType t : TaskType.values()) {
            List<Task> tasks = env.draw(t, 40, rng, exec);
            assertEquals(40, tasks.size(), t.id());
            for (Task o : tasks) {
                if (o instanceof Triplet tr) {
                    assertFalse(env.isProbeProgram(tr.program()));
                    reruns.add(new ExecRequest.Run(tr.program(), tr.input()));
                    expected.add(tr.output());
                } else {
                    InductionProblem p = (InductionProblem) o;
                    assertEquals(6, p.inputs().size());
                    assertFalse(p.message().isBlank());
                    assertFalse(env.isProbeProgram(p.program()));
                    for (int k = 0; k < 6; k++) {
                        reruns.add(new ExecRequest.Run(p.program(), p.inputs().get(k)));
                        expected.add(p.outputs().get(k));
                    }
                }
            }
        }
        List<ExecResult> results = exec.execute(reruns);
        for (int k = 0; k < reruns.size(); k++) assertEquals(expected.get(k), results.get(k).output(), reruns.get(k).toString());
        String probe = ProbeFiles.builtin().getFirst().code();
        assertTrue(env.isProbeProgram(probe), "the shipped probe programs are known and excluded");
    }

    @Test
    void canonicalAbductionTasksComeFromProgramsThatTellInputsApartWithFixedPointsAsTheirOwnInputs() {
        EnvironmentTasks env = new EnvironmentTasks(2, 6, 0.25, true);
        List<Task> tasks = env.draw(TaskType.ABDUCTION, 60, new SplittableRandom(3), exec);
        assertEquals(60, tasks.size());
        List<ExecRequest> selfMaps = new ArrayList<>();
        int fixedPoints = 0, singletons = 0;
        for (Task o : tasks) {
            Triplet tr = (Triplet) o;
            if (tr.input().equals(tr.output())) fixedPoints++;
            if (tr.input().equals("[" + tr.output() + "]")) singletons++;
            selfMaps.add(new ExecRequest.Run(tr.program(), tr.output()));
        }
        List<ExecResult> self = exec.execute(selfMaps);
        for (int i = 0; i < tasks.size(); i++) {
            Triplet tr = (Triplet) tasks.get(i);
            // a program mapping its output to itself has that output as its input: the simplest accepted input
            boolean sameType = ProgramGenerator.typeOf(tr.output()).equals(ProgramGenerator.typeOf(tr.input()));
            if (sameType && self.get(i).ok() && tr.output().equals(self.get(i).output())) {
                assertEquals(tr.output(), tr.input(), tr.program());
            }
        }
        assertTrue(fixedPoints > 0, "sorted(a), a[::-1] on palindromes... some programs have fixed points");
        assertTrue(singletons > 0, "min(a), a[0], sum(a): the output as a one-element list");
        int manyToOne = manyToOne(tasks);
        assertTrue(manyToOne <= 3, "programs that tell inputs apart, not many-to-one ones: " + manyToOne);

        EnvironmentTasks plain = new EnvironmentTasks(2, 6, 0.25, false);
        int plainManyToOne = manyToOne(plain.draw(TaskType.ABDUCTION, 60, new SplittableRandom(3), exec));
        assertTrue(plainManyToOne > manyToOne + 5, "without the switch many-to-one programs are drawn: " + plainManyToOne);
    }

    /** How many of the tasks' programs give at most 2 distinct outputs on 12 fresh inputs of their argument's type. */
    private static int manyToOne(List<Task> tasks) {
        SplittableRandom r = new SplittableRandom(4);
        List<ExecRequest> runs = new ArrayList<>();
        for (Task o : tasks) {
            Triplet tr = (Triplet) o;
            ProgramGenerator.Type type = ProgramGenerator.typeOf(tr.input()).orElseThrow();
            for (int k = 0; k < 12; k++) runs.add(new ExecRequest.Run(tr.program(), ProgramGenerator.input(type, r)));
        }
        List<ExecResult> outs = exec.execute(runs);
        int n = 0;
        for (int i = 0; i < tasks.size(); i++) {
            java.util.Set<String> distinct = new java.util.HashSet<>();
            for (int k = 0; k < 12; k++) if (outs.get(i * 12 + k).ok()) distinct.add(outs.get(i * 12 + k).output());
            if (distinct.size() <= 2) n++;
        }
        return n;
    }

    @Test
    void theSimplerInputsToTryKeepTheArgumentsType() {
        Triplet minimum = new Triplet("def f(a):\n    return min(a)", "[4, -3, 7]", "-3", List.of());
        assertEquals(List.of("[-3]"), EnvironmentTasks.simplerInputs(minimum));
        Triplet sort = new Triplet("def f(a):\n    return sorted(a)", "[3, 1]", "[1, 3]", List.of());
        assertEquals(List.of("[1, 3]"), EnvironmentTasks.simplerInputs(sort));
        Triplet str = new Triplet("def f(a):\n    return str(a)", "-3", "'-3'", List.of());
        assertEquals(List.of(), EnvironmentTasks.simplerInputs(str), "an int program's output string is no input for it");
        Triplet same = new Triplet("def f(a):\n    return a", "5", "5", List.of());
        assertEquals(List.of(), EnvironmentTasks.simplerInputs(same), "the drawn input is already the simplest");
    }

    @Test
    void inductionProposalsHoldInputsBuiltFromTheProgramsConstantsAndNeverOneOutput() {
        int withConstants = 0;
        for (int literal : new int[] {0, 2}) {
            EnvironmentTasks env = new EnvironmentTasks(2, 6, 0.25, false, literal);
            List<Task> drawn = env.drawProposals(TaskType.INDUCTION, 40, new SplittableRandom(7), exec);
            assertFalse(drawn.isEmpty());
            int counts = 0;
            for (Task o : drawn) {
                InductionProblem p = (InductionProblem) o;
                assertEquals(6, p.inputs().size());
                assertTrue(p.outputs().stream().distinct().count() > 1, "never one output: " + p);
                if (p.program().contains(" in ") || p.program().contains(".count(")) counts++;
                if (literal == 0) continue;
                var type = ProgramGenerator.typeOf(p.inputs().getFirst()).orElseThrow();
                List<String> built = new ArrayList<>(LiteralInputs.of(p.program(), p.inputs().getFirst(), type, 6));
                // the second input is built from the constants, unless every built one was drawn anyway
                assertTrue(built.contains(p.inputs().get(1)) || p.inputs().containsAll(built), "the second input is built: " + p);
            }
            if (literal == 0) withConstants = counts;
            else assertTrue(counts >= withConstants, "membership and count programs pass more often: " + counts + " vs " + withConstants);
        }
    }

    @Test
    void theEnvironmentsShareFallsAsProposalsBecomeLearnableButNeverBelowTheFloor() {
        EnvironmentTasks env = new EnvironmentTasks(2, 4, 0.25, false);
        assertEquals(1.0, env.share(TaskType.DEDUCTION));
        assertEquals(8, env.count(TaskType.DEDUCTION, 8));
        env.observe(TaskType.DEDUCTION, 0.5);
        assertEquals(0.5, env.share(TaskType.DEDUCTION), 1e-12, "the first observation sets the average");
        for (int i = 0; i < 100; i++) env.observe(TaskType.DEDUCTION, 1.0);
        assertEquals(0.25, env.share(TaskType.DEDUCTION), 1e-12, "simple cases always stay in the mix");
        assertEquals(2, env.count(TaskType.DEDUCTION, 8));
        assertEquals(1.0, env.share(TaskType.ABDUCTION), "per task type");
        env.observe(TaskType.ABDUCTION, 0.0);
        env.observe(TaskType.ABDUCTION, 1.0);
        assertEquals(0.9, env.share(TaskType.ABDUCTION), 1e-12, "an exponential average (decay 0.9)");
    }
}
