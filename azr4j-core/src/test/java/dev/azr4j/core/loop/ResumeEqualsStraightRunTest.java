package dev.azr4j.core.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.core.config.AzrConfig;
import dev.azr4j.core.config.ConfigLoader;
import dev.azr4j.executor.ExecutorUnavailableException;
import dev.azr4j.executor.PythonExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume equals not stopping: the tiny preset with every from-zero measure on (at small batch
 * sizes), a new model on two compute threads and the real sandbox, run for five steps in one go and
 * run for three, stopped, and resumed from its checkpoint for two more: every metric of steps 4 and
 * 5 but the timings, the final weights and optimizer state, the buffers and what the loop remembers
 * are the same, bit for bit. And two runs of the same seed are the same run.
 */
class ResumeEqualsStraightRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SETTINGS = List.of("run.max_minutes=0", "run.lr_cooldown=0", "run.checkpoint_every=100",
            "run.seed=5", "model.threads=2", "executor.workers=2", "selfplay.batch_size=2", "selfplay.mc_samples=2",
            "selfplay.max_response_tokens=40", "selfplay.curriculum.imitation_tasks=2", "selfplay.curriculum.imitation_updates=1",
            "selfplay.curriculum.proposal_replays=2", "selfplay.curriculum.proposal_imitation=2", "optim.micro_batch=8");

    @Test
    void aRunStoppedAfterStepThreeAndResumedIsTheRunDoneInOneGo(@TempDir Path tmp) throws IOException {
        Path straight = tmp.resolve("straight"), resumed = tmp.resolve("resumed");
        train(config(5), straight, false);
        train(config(3), resumed, false);
        AzrConfig again = ConfigLoader.load(Optional.of(resumed.resolve("config.yaml")), "default", List.of("run.steps=5"));
        train(again, resumed, true);

        List<JsonNode> a = metrics(straight), b = metrics(resumed);
        assertEquals(5, a.size());
        assertEquals(5, b.size(), "steps 4 and 5 follow the three of before the stop");
        for (int i = 0; i < 5; i++) assertSameMetrics(a.get(i), b.get(i));
        assertCheckpointsEqual(straight.resolve("checkpoints/step-5"), resumed.resolve("checkpoints/step-5"));
    }

    @Test
    void twoRunsOfOneSeedAreOneRun(@TempDir Path tmp) throws IOException {
        Path first = tmp.resolve("first"), second = tmp.resolve("second");
        train(config(2), first, false);
        train(config(2), second, false);
        List<JsonNode> a = metrics(first), b = metrics(second);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) assertSameMetrics(a.get(i), b.get(i));
        assertCheckpointsEqual(first.resolve("checkpoints/step-2"), second.resolve("checkpoints/step-2"));
    }

    private static AzrConfig config(int steps) {
        List<String> sets = new ArrayList<>(SETTINGS);
        sets.add("run.steps=" + steps);
        return ConfigLoader.load(Optional.empty(), "tiny", sets);
    }

    private static void train(AzrConfig cfg, Path out, boolean resume) throws IOException {
        try (TrainingRun run = TrainingRun.prepare(cfg, out, resume, line -> {})) {
            PythonExecutor executor;
            try {
                executor = run.startExecutor(w -> {});
            } catch (ExecutorUnavailableException e) {
                Assumptions.abort("no usable Python for the executor: " + e.getMessage());
                return;
            }
            try (executor) {
                run.loop(executor, (step, total, m) -> {}, System::nanoTime).train(run.start(), cfg.run().steps(), new StopSignal());
            }
        }
    }

    /** Every metrics line with the wall-clock measures taken out. */
    private static List<JsonNode> metrics(Path run) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            ObjectNode n = (ObjectNode) JSON.readTree(line);
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (k.equals("time_s") || k.startsWith("time/") || k.equals("perf/step_s") || k.endsWith("_per_s")) it.remove();
            }
            out.add(n);
        }
        return out;
    }

    /** The same keys and values; the message names every key that differs. */
    private static void assertSameMetrics(JsonNode a, JsonNode b) {
        List<String> differ = new ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>();
        a.fieldNames().forEachRemaining(keys::add);
        b.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) if (!java.util.Objects.equals(a.get(k), b.get(k))) differ.add(k + ": " + a.get(k) + " vs " + b.get(k));
        assertTrue(differ.isEmpty(), "step " + a.path("step") + ": " + differ.size() + " metrics differ: " + differ);
    }

    /** The same files with the same bytes, but the wall time in {@code state.json}. */
    private static void assertCheckpointsEqual(Path a, Path b) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(a)) {
            files = s.filter(Files::isRegularFile).map(a::relativize).sorted().toList();
        }
        try (Stream<Path> s = Files.walk(b)) {
            assertEquals(files, s.filter(Files::isRegularFile).map(b::relativize).sorted().toList());
        }
        assertTrue(files.contains(Path.of(SelfPlayRun.LOOP_STATE)), "the loop's memory is in the checkpoint");
        for (Path f : files) {
            if (f.toString().equals(RunState.FILE)) {
                ObjectNode x = (ObjectNode) JSON.readTree(a.resolve(f).toFile()), y = (ObjectNode) JSON.readTree(b.resolve(f).toFile());
                x.remove("elapsed_s");
                y.remove("elapsed_s");
                assertEquals(x, y);
                continue;
            }
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f + " differs");
        }
    }
}
