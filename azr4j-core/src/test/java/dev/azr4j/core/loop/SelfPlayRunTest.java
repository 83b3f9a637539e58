package dev.azr4j.core.loop;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.buffer.CapPolicy;
import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.policy.ScriptedPolicy;
import dev.azr4j.core.run.RunDirectory;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Triplet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop over steps: metrics lines, samples, checkpoints, stop requests and resume. */
class SelfPlayRunTest {
    @TempDir
    Path dir;

    private SelfPlayRun loop(RunDirectory run, TaskBuffers buffers, List<Long> seen, StopSignal stopAfterTwo) {
        return new SelfPlayRun(run, new ScriptedPolicy(new SelfPlayStepTest.Script()), new FakeExecutor(), buffers,
                SelfPlayStepTest.settings(2, 4, 10), 2, (step, total, m) -> {
                    seen.add(step);
                    if (stopAfterTwo != null && seen.size() == 2) stopAfterTwo.request();
                });
    }

    private static TaskBuffers seeded() {
        TaskBuffers b = new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true);
        b.seed(List.of(Triplet.identity()), List.of(InductionProblem.identity()));
        return b;
    }

    @Test
    void stopsOnRequestCheckpointsAndResumes() throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("run"));
        List<Long> seen = new ArrayList<>();
        StopSignal stop = new StopSignal();
        TaskBuffers buffers = seeded();
        long last = loop(run, buffers, seen, stop).train(new RunState(0, 9, 0), 10, stop);
        assertEquals(2, last);
        assertEquals(List.of(0L, 2L), run.checkpointSteps(), "step-0 (the untrained model) and the stop");
        assertEquals(2, Files.readAllLines(run.metrics()).size());
        assertTrue(Files.isRegularFile(run.samples(1)));
        assertEquals(buffers.abduction().size(), Files.readAllLines(run.buffer("abduction")).size());

        // a third metrics line written after the checkpoint (an interrupted step) is dropped on resume
        Files.writeString(run.metrics(), Files.readString(run.metrics()) + "{\"step\":3,\"time_s\":1}\n{\"step\":4,");
        TaskBuffers restored = new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true);
        SelfPlayRun.Resume r = SelfPlayRun.resume(run, restored);
        assertEquals(2, r.state().step());
        assertEquals(9, r.state().seed());
        assertEquals(buffers.abduction().entries(), restored.abduction().entries());
        assertEquals(2, Files.readAllLines(run.metrics()).size());

        List<Long> more = new ArrayList<>();
        long end = loop(run, restored, more, null).train(r.state(), 3, new StopSignal());
        assertEquals(3, end);
        assertEquals(List.of(3L), more);
        assertEquals(List.of(0L, 2L, 3L), run.checkpointSteps());
        List<String> lines = Files.readAllLines(run.metrics());
        assertEquals(3, lines.size());
        assertTrue(lines.get(2).startsWith("{\"step\":3,\"time_s\":"), lines.get(2));
    }

    @Test
    void resumeWithoutCheckpointIsAUserError() throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("empty"));
        var e = assertThrows(dev.azr4j.core.UserException.class, () -> SelfPlayRun.resume(run, seeded()));
        assertTrue(e.getMessage().contains("no complete checkpoint"));
    }

    /** A model whose answer depends on the prompt alone, so two runs can be compared step by step. */
    private static String statelessModel(String p) {
        int k = Math.floorMod(p.hashCode(), 7);
        String think = "plan</think> <answer>";
        if (p.contains("## Task: Write a Python Code Snippet") && p.contains("infer one input"))
            return think + "```python\ndef f(x):\n    return x * " + k + "\n```\n```input\n" + k + "\n```</answer>";
        if (p.contains("## Task: Write a Python Code Snippet"))
            return think + "```python\ndef f(x):\n    return x + " + k + "\n```\n```input\n" + k + "\n```</answer>";
        if (p.contains("Inputs for a Python Code Snippet")) {
            StringBuilder b = new StringBuilder(think);
            for (int i = 0; i < 10; i++) b.append("```input\n").append(i + k).append("\n```\n");
            return b.append("```message\nsomething\n```</answer>").toString();
        }
        if (p.contains("Give One Possible Input")) return think + "```input\n" + k + "\n```</answer>";
        if (p.contains("Deduce the Output")) return think + "```output\n" + k + "\n```</answer>";
        return think + "```python\ndef f(a):\n    return a\n```</answer>";
    }

    private static FakeExecutor statelessExecutor() {
        FakeExecutor e = new FakeExecutor();
        for (int k = 0; k < 7; k++) {
            int m = k;
            e.define("def f(x):\n    return x * " + k, x -> String.valueOf(Integer.parseInt(x) * m));
            e.define("def f(x):\n    return x + " + k, x -> String.valueOf(Integer.parseInt(x) + m));
        }
        return e;
    }

    @Test
    void aResumedRunRepeatsTheUninterruptedOne() throws Exception {
        RunDirectory straight = RunDirectory.create(dir.resolve("straight"));
        TaskBuffers b1 = seeded();
        new SelfPlayRun(straight, new ScriptedPolicy(SelfPlayRunTest::statelessModel), statelessExecutor(), b1,
                SelfPlayStepTest.settings(3, 2, 10), 1, (step, total, m) -> {}).train(new RunState(0, 11, 0), 4, new StopSignal());

        RunDirectory broken = RunDirectory.create(dir.resolve("broken"));
        StopSignal stop = new StopSignal();
        new SelfPlayRun(broken, new ScriptedPolicy(SelfPlayRunTest::statelessModel), statelessExecutor(), seeded(),
                SelfPlayStepTest.settings(3, 2, 10), 1, (step, total, m) -> {
                    if (step == 2) stop.request();
                }).train(new RunState(0, 11, 0), 4, stop);
        TaskBuffers b2 = new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true);
        SelfPlayRun.Resume r = SelfPlayRun.resume(broken, b2);
        assertEquals(2, r.state().step());
        new SelfPlayRun(broken, new ScriptedPolicy(SelfPlayRunTest::statelessModel), statelessExecutor(), b2,
                SelfPlayStepTest.settings(3, 2, 10), 1, (step, total, m) -> {}).train(r.state(), 4, new StopSignal());

        for (long step = 1; step <= 4; step++)
            assertEquals(Files.readString(straight.samples(step)), Files.readString(broken.samples(step)), "samples of step " + step);
        assertTrue(b1.abduction().size() > 2 && b1.induction().size() > 2, "the runs stored new tasks");
        assertEquals(b1.abduction().entries(), b2.abduction().entries());
        assertEquals(b1.deduction().entries(), b2.deduction().entries());
        assertEquals(b1.induction().entries(), b2.induction().entries());
    }

    @Test
    void sameSeedSameRun() throws Exception {
        List<String> firsts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            RunDirectory run = RunDirectory.create(dir.resolve("same" + i));
            loop(run, seeded(), new ArrayList<>(), null).train(new RunState(0, 5, 0), 2, new StopSignal());
            firsts.add(Files.readString(run.samples(2)));
        }
        assertEquals(firsts.get(0), firsts.get(1));
    }
}
