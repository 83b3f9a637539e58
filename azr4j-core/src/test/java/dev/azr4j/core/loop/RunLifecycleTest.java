package dev.azr4j.core.loop;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.UserException;
import dev.azr4j.core.buffer.CapPolicy;
import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.policy.ScriptedPolicy;
import dev.azr4j.core.prompt.CheckpointPrompt;
import dev.azr4j.core.run.AtomicFiles;
import dev.azr4j.core.run.RunDirectory;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Triplet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's lifecycle: {@code step-0}, {@code run.keep_checkpoints} and {@code run.max_minutes}, on a scripted policy and a fake clock. */
class RunLifecycleTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    /** A wall clock the test moves: steps and checkpoints "take" what the listener adds. */
    static final class FakeClock implements LongSupplier {
        long nanos = 123 * SECOND;

        @Override
        public long getAsLong() {
            return nanos;
        }

        void advance(long seconds) {
            nanos += seconds * SECOND;
        }
    }

    /** Records the events in order and moves the clock by the configured times per step and checkpoint. */
    static final class Recorder implements SelfPlayRun.Listener {
        final List<String> events = new ArrayList<>();
        final FakeClock clock;
        final long stepSeconds;
        final long checkpointSeconds;
        final List<Object> lrs = new ArrayList<>();   // each step's policy/lr
        Long longStep;   // the step that takes longStepSeconds instead
        long longStepSeconds;
        StopSignal stopAt;
        long stopStep;

        Recorder(FakeClock clock, long stepSeconds, long checkpointSeconds) {
            this.clock = clock;
            this.stepSeconds = stepSeconds;
            this.checkpointSeconds = checkpointSeconds;
        }

        @Override
        public void onStep(long step, long totalSteps, Map<String, Object> metrics) {
            clock.advance(longStep != null && longStep == step ? longStepSeconds : stepSeconds);
            events.add("step " + step);
            lrs.add(metrics.get("policy/lr"));
            if (stopAt != null && step == stopStep) stopAt.request();
        }

        @Override
        public void onCheckpoint(long step, Path d) {
            clock.advance(checkpointSeconds);
            events.add("checkpoint " + step);
        }

        @Override
        public void onTimeLimit(long step, String reason) {
            events.add("time " + step + ": " + reason);
        }

        List<String> steps() {
            return events.stream().filter(e -> e.startsWith("step ")).toList();
        }
    }

    private static TaskBuffers seeded() {
        TaskBuffers b = new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true);
        b.seed(List.of(Triplet.identity()), List.of(InductionProblem.identity()));
        return b;
    }

    private static SelfPlayRun loop(RunDirectory run, TaskBuffers buffers, int checkpointEvery, Recorder listener,
                                    SelfPlayRun.Limits limits) {
        return new SelfPlayRun(run, new ScriptedPolicy(new SelfPlayStepTest.Script()), new FakeExecutor(), buffers,
                SelfPlayStepTest.settings(2, 2, 4), checkpointEvery, listener, Monitoring.defaults(), limits, listener.clock);
    }

    private static List<String> names(Path d) throws Exception {
        try (Stream<Path> s = Files.walk(d)) {
            return s.map(p -> d.relativize(p).toString()).sorted().toList();
        }
    }

    private static List<String> entries(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFreshRunSavesTheUntrainedModelAsStep0BeforeStep1() throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("run"));
        Recorder r = new Recorder(new FakeClock(), 1, 0);
        assertEquals(2, loop(run, seeded(), 2, r, SelfPlayRun.Limits.NONE).train(new RunState(0, 3, 0), 2, new StopSignal()));
        assertEquals(List.of("checkpoint 0", "step 1", "step 2", "checkpoint 2"), r.events);
        assertEquals(List.of(0L, 2L), run.checkpointSteps());
        Path step0 = run.checkpoint(0);
        assertEquals(names(run.checkpoint(2)), names(step0), "step-0 is a checkpoint like every other");
        assertTrue(Files.isRegularFile(step0.resolve(CheckpointPrompt.FILE)), "azr eval reads its prompt format");
        RunState s0 = RunState.read(step0);
        assertEquals(0, s0.step());
        assertEquals(3, s0.seed());
        assertEquals("scripted policy, save #1\n", Files.readString(step0.resolve("scripted-policy.txt")), "saved before any update");
        assertEquals(1, Files.readAllLines(step0.resolve("buffers/deduction.jsonl")).size(), "only the seed task");
    }

    @Test
    void aCheckpointHoldsWhatTheLoopRemembersAndAGarbledOneIsRefusedInOneLine() throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("run"));
        Recorder r = new Recorder(new FakeClock(), 1, 0);
        loop(run, seeded(), 2, r, SelfPlayRun.Limits.NONE).train(new RunState(0, 3, 0), 2, new StopSignal());
        Path state = run.checkpoint(2).resolve(SelfPlayRun.LOOP_STATE);
        assertTrue(Files.readString(state).contains("\"gate\""), "the gate's memory is saved");
        SelfPlayRun.Resume resume = SelfPlayRun.resume(run, seeded());
        assertNotNull(resume.loopState());
        loop(run, seeded(), 2, r, SelfPlayRun.Limits.NONE).restore(resume);   // restores without complaint

        Files.writeString(state, "{\"gate\": {\"started\": true}}");
        SelfPlayRun.Resume partial = SelfPlayRun.resume(run, seeded());
        UserException e = assertThrows(UserException.class, () -> loop(run, seeded(), 2, r, SelfPlayRun.Limits.NONE).restore(partial));
        assertTrue(e.getMessage().contains("selfplay-state.json") && e.getMessage().contains("probe_keys"), e.getMessage());
        Files.writeString(state, "{not json");
        UserException bad = assertThrows(UserException.class, () -> SelfPlayRun.resume(run, seeded()));
        assertTrue(bad.getMessage().startsWith("cannot resume from") && bad.getMessage().contains("not valid JSON"), bad.getMessage());
    }

    @Test
    void aResumedRunKeepsItsStep0EvenWhenItResumesFromIt() throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("run"));
        StopSignal early = new StopSignal();
        early.request();   // Ctrl-C before step 1: only step-0 is written
        Recorder first = new Recorder(new FakeClock(), 1, 0);
        assertEquals(0, loop(run, seeded(), 2, first, SelfPlayRun.Limits.NONE).train(new RunState(0, 3, 0), 4, early));
        assertEquals(List.of("checkpoint 0"), first.events);
        Path marker = run.checkpoint(0).resolve("marker");
        Files.writeString(marker, "the first process's step-0");

        TaskBuffers b = new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true);
        SelfPlayRun.Resume resume = SelfPlayRun.resume(run, b);
        assertEquals(run.checkpoint(0), resume.checkpoint());
        Recorder second = new Recorder(new FakeClock(), 1, 0);
        second.stopAt = new StopSignal();
        second.stopStep = 2;
        assertEquals(2, loop(run, b, 10, second, SelfPlayRun.Limits.NONE).train(resume.state(), 4, second.stopAt));
        assertEquals(List.of("step 1", "step 2", "checkpoint 2"), second.events, "step-0 is not written again");
        assertTrue(Files.isRegularFile(marker));

        Recorder third = new Recorder(new FakeClock(), 1, 0);
        TaskBuffers b3 = new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true);
        SelfPlayRun.Resume again = SelfPlayRun.resume(run, b3);
        loop(run, b3, 10, third, SelfPlayRun.Limits.NONE).train(again.state(), 4, new StopSignal());
        assertEquals(List.of("step 3", "step 4", "checkpoint 4"), third.events);
        assertTrue(Files.isRegularFile(marker));
        assertEquals(List.of(0L, 2L, 4L), run.checkpointSteps());
    }

    @Test
    void keepsTheNewestKCheckpointsPlusStep0AndResumesAfterDeletions() throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("run"));
        Recorder r = new Recorder(new FakeClock(), 1, 0);
        SelfPlayRun.Limits keep2 = new SelfPlayRun.Limits(2, null);
        loop(run, seeded(), 1, r, keep2).train(new RunState(0, 5, 0), 6, new StopSignal());
        assertEquals(List.of(0L, 5L, 6L), run.checkpointSteps());
        assertEquals(List.of("step-0", "step-5", "step-6"), entries(run.checkpoints()), "no trash is left behind");

        // a deletion a crash interrupted: renamed away, not yet deleted; resume must not pick it
        Path trash = run.checkpoints().resolve(AtomicFiles.TEMP_PREFIX + "deleted-step-9-abc");
        Files.createDirectories(trash);
        new RunState(9, 5, 0).write(trash);
        TaskBuffers b = new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true);
        SelfPlayRun.Resume resume = SelfPlayRun.resume(run, b);
        assertEquals(6, resume.state().step());
        Recorder more = new Recorder(new FakeClock(), 1, 0);
        assertEquals(8, loop(run, b, 1, more, keep2).train(resume.state(), 8, new StopSignal()));
        assertEquals(List.of("step 7", "checkpoint 7", "step 8", "checkpoint 8"), more.events);
        assertEquals(List.of("step-0", "step-7", "step-8"), entries(run.checkpoints()), "old checkpoints and the leftover swept");
        assertEquals(8, SelfPlayRun.resume(run, new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true)).state().step());
    }

    @Test
    void keepCheckpointsZeroKeepsAll() throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("run"));
        loop(run, seeded(), 1, new Recorder(new FakeClock(), 1, 0), new SelfPlayRun.Limits(0, null))
                .train(new RunState(0, 5, 0), 5, new StopSignal());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), run.checkpointSteps());
    }

    @Test
    void maxMinutesStopsAfterTheStepThatSpendsTheBudgetWithACheckpoint() throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("run"));
        Recorder r = new Recorder(new FakeClock(), 10, 0);
        r.longStep = 3L;
        r.longStepSeconds = 300;   // 10 s, 10 s, then 300 s: nothing predicted it, the budget is spent during step 3
        long last = loop(run, seeded(), 100, r, new SelfPlayRun.Limits(3, 5.0)).train(new RunState(0, 5, 0), 100, new StopSignal());
        assertEquals(3, last);
        assertEquals(List.of("step 1", "step 2", "step 3"), r.steps());
        String time = r.events.get(r.events.size() - 2);
        assertTrue(time.startsWith("time 3: time limit run.max_minutes=5 reached after 5m20s"), time);
        assertEquals("checkpoint 3", r.events.getLast(), "a final checkpoint, as on Ctrl-C");
        assertEquals(List.of(0L, 3L), run.checkpointSteps());
        assertEquals(3, SelfPlayRun.resume(run, new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true)).state().step());
    }

    @Test
    void maxMinutesDoesNotStartAStepThatWouldOverrunTheBudget() throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("run"));
        FakeClock clock = new FakeClock();
        long start = clock.nanos;
        // 30 s per step and 30 s per checkpoint (step-0 included), 3 minutes: after step 4 (150 s spent) a fifth step
        // and the final checkpoint would end at 210 s, so the run stops there and ends at 180 s, within the budget
        Recorder r = new Recorder(clock, 30, 30);
        long last = loop(run, seeded(), 100, r, new SelfPlayRun.Limits(3, 3.0)).train(new RunState(0, 5, 0), 100, new StopSignal());
        assertEquals(4, last);
        String time = r.events.get(r.events.size() - 2);
        assertTrue(time.startsWith("time 4: time limit run.max_minutes=3: 2m30s spent, and another step (~30s) with its checkpoint (~30s) would end at 3m30s"), time);
        assertEquals("checkpoint 4", r.events.getLast());
        assertEquals(180 * SECOND, clock.nanos - start, "the run, final checkpoint included, fits the budget");

        // a resumed run gets a fresh budget, and stops by time again
        Recorder more = new Recorder(clock, 30, 30);
        SelfPlayRun.Resume resume = SelfPlayRun.resume(run, new TaskBuffers(1000, CapPolicy.DROP_OLDEST, true));
        long end = loop(run, seeded(), 100, more, new SelfPlayRun.Limits(3, 3.0)).train(resume.state(), 100, new StopSignal());
        assertTrue(end > 4 && end < 100, "ran on and stopped by time at " + end);
        assertTrue(more.events.stream().anyMatch(e -> e.startsWith("time " + end + ": ")), more.events.toString());
    }

    @Test
    void theCooldownLowersTheLearningRateOverTheBudgetsLastFractionToATenth() throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("run"));
        Recorder r = new Recorder(new FakeClock(), 10, 0);   // 10 s a step, 5 minutes: the last minute cools down
        long last = loop(run, seeded(), 100, r, new SelfPlayRun.Limits(3, 5.0, 0.2)).train(new RunState(0, 5, 0), 100, new StopSignal());
        assertEquals(30, last, "steps start at 0, 10, ... 290 s");
        double base = (double) r.lrs.getFirst();
        for (int i = 0; i < 25; i++) assertEquals(base, (double) r.lrs.get(i), 1e-18, "step " + (i + 1) + " starts by 240 s: the schedule's");
        assertEquals(base * (1 - 0.9 * (250 / 300.0 - 0.8) / 0.2), (double) r.lrs.get(25), base * 1e-9, "step 26 starts at 250 s");
        for (int i = 26; i < r.lrs.size(); i++) assertTrue((double) r.lrs.get(i) < (double) r.lrs.get(i - 1), "falling: " + r.lrs);
        assertEquals(base * (1 - 0.9 * (290 / 300.0 - 0.8) / 0.2), (double) r.lrs.getLast(), base * 1e-9);
        assertTrue((double) r.lrs.getLast() >= 0.1 * base, "never below a tenth");

        Recorder none = new Recorder(new FakeClock(), 10, 0);
        loop(RunDirectory.create(dir.resolve("off")), seeded(), 100, none, new SelfPlayRun.Limits(3, 5.0)).train(new RunState(0, 5, 0), 100, new StopSignal());
        assertTrue(none.lrs.stream().allMatch(x -> (double) x == base), "off: the schedule's throughout");
        assertThrows(IllegalArgumentException.class, () -> new SelfPlayRun.Limits(3, 5.0, 1.5));
    }

    @Test
    void noTimeLimitWithNullOrZeroMinutes() throws Exception {
        for (Double minutes : new Double[] {null, 0.0}) {
            RunDirectory run = RunDirectory.create(dir.resolve("run" + minutes));
            Recorder r = new Recorder(new FakeClock(), 3600, 60);
            assertEquals(4, loop(run, seeded(), 2, r, new SelfPlayRun.Limits(3, minutes)).train(new RunState(0, 5, 0), 4, new StopSignal()));
            assertTrue(r.events.stream().noneMatch(e -> e.startsWith("time ")), r.events.toString());
        }
    }

    @Test
    void limitsRefuseNegativeValues() {
        assertThrows(IllegalArgumentException.class, () -> new SelfPlayRun.Limits(-1, null));
        assertThrows(IllegalArgumentException.class, () -> new SelfPlayRun.Limits(3, -0.5));
    }
}
