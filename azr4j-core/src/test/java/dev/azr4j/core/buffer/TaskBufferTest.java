package dev.azr4j.core.buffer;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Triplet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskBufferTest {
    private static Triplet t(int i) {
        return new Triplet("def f(a):\n    return a + " + i, String.valueOf(i), String.valueOf(2 * i), List.of());
    }

    private static TaskBuffer<String> strings(int cap, CapPolicy policy) {
        return new TaskBuffer<>(cap, policy, Function.identity());
    }

    @Test
    void dedupByNormalisedProgramAndInput() {
        TaskBuffers b = new TaskBuffers(100, CapPolicy.DROP_OLDEST, true);
        assertEquals(TaskBuffer.Added.ADDED, b.deduction().add(t(1), 1));
        Triplet spaced = new Triplet("def f(a):   \n\n    return a + 1\n", " 1 ", "2", List.of());
        assertEquals(TaskBuffer.Added.DUPLICATE, b.deduction().add(spaced, 2));
        assertEquals(TaskBuffer.Added.ADDED, b.deduction().add(new Triplet(t(1).program(), "5", "6", List.of()), 2));
        TaskBuffers keepAll = new TaskBuffers(100, CapPolicy.DROP_OLDEST, false);
        keepAll.deduction().add(t(1), 1);
        assertEquals(TaskBuffer.Added.ADDED, keepAll.deduction().add(t(1), 1));
    }

    @Test
    void capDropsOldestOrNew() {
        TaskBuffer<String> oldest = strings(2, CapPolicy.DROP_OLDEST);
        oldest.add("a", 0);
        oldest.add("b", 1);
        assertEquals(TaskBuffer.Added.ADDED, oldest.add("c", 2));
        assertEquals(List.of("b", "c"), oldest.entries().stream().map(TaskBuffer.Entry::task).toList());
        assertEquals(TaskBuffer.Added.ADDED, oldest.add("a", 3), "a dropped entry may come back");

        TaskBuffer<String> newest = strings(2, CapPolicy.DROP_NEW);
        newest.add("a", 0);
        newest.add("b", 1);
        assertEquals(TaskBuffer.Added.DISCARDED_FULL, newest.add("c", 2));
        assertEquals(List.of("a", "b"), newest.entries().stream().map(TaskBuffer.Entry::task).toList());
    }

    @Test
    void referencesAreDistinctAndReproducible() {
        TaskBuffer<String> b = strings(100, CapPolicy.DROP_OLDEST);
        for (int i = 0; i < 20; i++) b.add("t" + i, i);
        List<String> first = b.sampleDistinct(6, new SplittableRandom(7));
        assertEquals(6, new HashSet<>(first).size());
        assertEquals(first, b.sampleDistinct(6, new SplittableRandom(7)));
        assertEquals(20, b.sampleDistinct(50, new SplittableRandom(1)).size());
        assertEquals(6, new HashSet<>(b.sampleDistinctByStep(6, new SplittableRandom(3))).size());
    }

    @Test
    void maxNewTakesThePreviousStepFirstThenTopsUp() {
        TaskBuffer<String> b = strings(100, CapPolicy.DROP_OLDEST);
        for (int i = 0; i < 10; i++) b.add("old" + i, 1);
        for (int i = 0; i < 3; i++) b.add("new" + i, 4);
        List<String> batch = b.solveBatch(8, 5, SolveMix.MAX_NEW, new SplittableRandom(11));
        assertEquals(8, batch.size());
        assertEquals(List.of("new0", "new1", "new2"), batch.subList(0, 3).stream().sorted().toList());
        // with more recent tasks than the batch, the whole batch is recent
        List<String> onlyNew = b.solveBatch(2, 5, SolveMix.MAX_NEW, new SplittableRandom(2));
        assertTrue(onlyNew.stream().allMatch(s -> s.startsWith("new")));
        // half_new caps the recent share
        List<String> half = b.solveBatch(4, 5, SolveMix.HALF_NEW, new SplittableRandom(5));
        assertEquals(2, half.subList(0, 2).stream().filter(s -> s.startsWith("new")).count());
    }

    @Test
    void smallBufferRepeatsTasksToFillTheBatch() {
        TaskBuffer<String> b = strings(100, CapPolicy.DROP_OLDEST);
        b.add("only", 0);
        assertEquals(List.of("only", "only", "only", "only"), b.solveBatch(4, 1, SolveMix.MAX_NEW, new SplittableRandom(0)));
        assertEquals(List.of(), strings(3, CapPolicy.DROP_OLDEST).solveBatch(4, 1, SolveMix.MAX_NEW, new SplittableRandom(0)));
    }

    @Test
    void persistenceRoundTrip(@TempDir Path dir) throws Exception {
        TaskBuffers b = new TaskBuffers(100, CapPolicy.DROP_OLDEST, true);
        b.seed(List.of(Triplet.identity()), List.of(InductionProblem.identity()));
        b.abduction().add(new Triplet("import math\ndef f(x):\n    return math.sqrt(x)", "4", "2.0", List.of("import math")), 3);
        BufferStore.write(b, dir);
        TaskBuffers back = new TaskBuffers(100, CapPolicy.DROP_OLDEST, true);
        BufferStore.read(dir, back);
        assertEquals(b.abduction().entries(), back.abduction().entries());
        assertEquals(b.deduction().entries(), back.deduction().entries());
        assertEquals(b.induction().entries(), back.induction().entries());
        assertEquals(List.of(), Files.list(dir).filter(p -> p.toString().endsWith(".tmp")).toList());
    }

    @Test
    void inductionSplitIsByPosition() {
        InductionProblem p = InductionProblem.identity();
        assertEquals(3, p.given().size());
        assertEquals("\"Hello world\"", p.given().getFirst().input());
        assertEquals("(1.1, 1.2, 1.3)", p.hidden().getFirst().input());
    }

    @Test
    void seedFilesInTheOriginalFormat() throws Exception {
        String shared = System.getProperty("azr.shared", "../shared");
        Path io = Path.of(shared, "data/azr-seed/7b_seed_io.jsonl");
        Path f = Path.of(shared, "data/azr-seed/7b_coder_code_f_seed_io.jsonl");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(io) && Files.exists(f), "shared seed files absent: " + io);
        SeedTasks seeds = SeedTasks.load(List.of(io, f));
        assertEquals(256, seeds.triplets().size());
        assertEquals(256, seeds.problems().size());
        assertEquals(Triplet.identity().program(), seeds.triplets().getFirst().program());
        assertEquals(6, seeds.problems().getFirst().inputs().size());
        TaskBuffers b = new TaskBuffers(16384, CapPolicy.DROP_OLDEST, false);
        b.seed(seeds.triplets(), seeds.problems());
        assertEquals(256, b.abduction().size());
        assertEquals(256, b.deduction().size());
    }

    @Test
    void badSeedFileGivesOneClearMessage(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"snippet\": \"def f(a): return a\"}\n");
        var e = assertThrows(java.io.IOException.class, () -> SeedTasks.load(List.of(bad)));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("input"), e.getMessage());
        Files.writeString(bad, "not json\n");
        assertTrue(assertThrows(java.io.IOException.class, () -> SeedTasks.load(List.of(bad))).getMessage().contains("not valid JSON"));
        assertTrue(assertThrows(java.io.IOException.class, () -> SeedTasks.load(List.of(dir.resolve("none.jsonl")))).getMessage().contains("not found"));
    }
}
