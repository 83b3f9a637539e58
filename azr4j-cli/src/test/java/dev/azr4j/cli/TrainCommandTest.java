package dev.azr4j.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.azr4j.core.console.StepProgress;
import dev.azr4j.core.run.MetricKeys;
import dev.azr4j.model.backend.ReferenceBackend;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.tokenizer.Tokenizers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code azr train} end to end: the tiny preset on the real engine and Python executor. */
class TrainCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Shrinks the tiny preset further so that the test is quick on 2 cores. */
    private static final String[] SMALL = {"--set", "selfplay.max_response_tokens=24", "--set", "selfplay.mc_samples=2",
            "--set", "selfplay.batch_size=2", "--set", "executor.workers=1"};

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    private static Result azr(List<String> args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    private static List<String> args(String... a) {
        List<String> l = new ArrayList<>(List.of(a));
        l.addAll(List.of(SMALL));
        return l;
    }

    private static boolean pythonAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sys; assert sys.version_info >= (3, 10)").start();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static List<JsonNode> metrics(Path run) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) rows.add(JSON.readTree(line));
        return rows;
    }

    @Test
    void trainsCheckpointsAndResumes() throws Exception {
        Assumptions.assumeTrue(pythonAvailable(), "python3 >= 3.10 is needed for the executor");
        Path run = dir.resolve("run");
        Result first = azr(args("train", "--out", run.toString(), "--steps", "2"));
        assertEquals(0, first.code(), first.out() + first.err());
        List<JsonNode> rows = metrics(run);
        assertEquals(2, rows.size());
        for (JsonNode row : rows) for (String key : MetricKeys.REQUIRED) assertTrue(row.has(key), "missing " + key + " in " + row);
        assertEquals(1, rows.get(0).get("step").asInt());
        String header = new StepProgress(1, 2).withTimeLimit(25.0).withColumns(TrainCommand.COLUMNS).header();
        assertTrue(first.out().contains(header + "\n"), "the columns are named once: " + first.out());
        List<String> progressRows = java.util.Arrays.stream(first.out().split("\n")).filter(l -> l.matches("\\s*\\d+(/\\d+)?  .*")).toList();
        assertEquals(2, progressRows.size(), "a line per step: " + first.out());
        for (String row : progressRows) assertTrue(row.length() <= 120, "fits 120 columns: " + row);
        String[] lines = first.out().strip().split("\n");
        String tail = String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 8), lines.length));
        assertTrue(tail.contains("done: step 2 after ") && tail.contains("(all 2 steps done)"), "a finished run ends with its summary: " + tail);
        assertTrue(tail.contains("last checkpoint: " + run.resolve("checkpoints/step-2")), tail);
        assertTrue(tail.contains("azr report " + run) && tail.contains("azr eval --model " + run.resolve("checkpoints/step-2") + " --bench probe"), tail);
        assertTrue(tail.contains("azr generate --model " + run.resolve("checkpoints/step-2") + " --prompt $'P:a + 3\\nI:4\\nO:'"), tail);
        assertFalse(first.out().contains("--resume"), "a finished run is not told to continue: " + first.out());
        assertTrue(first.out().contains(" into " + run + " for 25 minutes (run.max_minutes; a checkpoint then) or 2 steps, whichever comes first"),
                first.out());

        Path ckpt = run.resolve("checkpoints/step-2");
        for (String f : List.of("config.json", "model.safetensors", "tokenizer_config.json", "optimizer.bin", "state.json",
                "buffers/abduction.jsonl", "buffers/deduction.jsonl", "buffers/induction.jsonl"))
            assertTrue(Files.isRegularFile(ckpt.resolve(f)), "checkpoint lacks " + f);
        // what azr score / azr generate do with a model directory
        Transformer model = Transformer.load(ckpt, new ReferenceBackend());
        assertEquals(272, model.config().vocabSize());
        assertEquals(272, Tokenizers.load(ckpt).vocabSize());
        Result gen = azr(List.of("generate", "--model", ckpt.toString(), "--ids", "65,66,67", "--max-tokens", "4", "--json"));
        assertEquals(0, gen.code(), gen.err());
        Result score = azr(List.of("score", "--model", ckpt.toString(), "--ids", "65,66,67"));
        assertEquals(0, score.code(), score.err());
        assertTrue(Files.isRegularFile(run.resolve("samples/step-1.jsonl")));
        assertTrue(Files.isRegularFile(run.resolve("buffers/induction.jsonl")));
        Path step0 = run.resolve("checkpoints/step-0");
        for (String f : List.of("model.safetensors", "optimizer.bin", "state.json", "prompt.json", "buffers/deduction.jsonl"))
            assertTrue(Files.isRegularFile(step0.resolve(f)), "step-0 lacks " + f);
        assertTrue(first.out().indexOf("checkpoint " + step0) < first.out().indexOf(progressRows.get(0)), "step-0 is saved before step 1");

        Result again = azr(args("train", "--out", run.toString(), "--resume", "--steps", "3"));
        assertEquals(0, again.code(), again.out() + again.err());
        rows = metrics(run);
        assertEquals(3, rows.size(), "resume appends exactly one line");
        assertEquals(3, rows.get(2).get("step").asInt());
        assertTrue(rows.get(2).get("time_s").asDouble() >= rows.get(1).get("time_s").asDouble());
        assertTrue(Files.isDirectory(run.resolve("checkpoints/step-3")));
    }

    @Test
    void maxMinutesStopsWithACheckpointAndAResumeFromStep0Trains() throws Exception {
        Assumptions.assumeTrue(pythonAvailable(), "python3 >= 3.10 is needed for the executor");
        Path run = dir.resolve("timed");
        // a budget of 60 ns is spent by the step-0 save: no step starts
        Result timed = azr(args("train", "--out", run.toString(), "--steps", "5", "--set", "run.max_minutes=1e-9"));
        assertEquals(0, timed.code(), timed.out() + timed.err());
        assertTrue(timed.out().contains("stopping after step 0: time limit run.max_minutes="), timed.out());
        assertTrue(timed.out().contains("minutes (run.max_minutes; a checkpoint then) or 5 steps, whichever comes first"), timed.out());
        assertTrue(timed.out().contains("done: step 0 after ") && timed.out().contains("its time budget, run.max_minutes="),
                "a run that spent its time budget ended as planned: " + timed.out());
        assertFalse(timed.out().contains("continue with"), timed.out());
        Path step0 = run.resolve("checkpoints/step-0");
        try (var s = Files.list(run.resolve("checkpoints"))) {
            assertEquals(List.of(step0), s.toList());
        }
        String state0 = Files.readString(step0.resolve("state.json"));

        Result resumed = azr(args("train", "--out", run.toString(), "--resume", "--steps", "1", "--set", "run.max_minutes=null"));
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("resuming " + run + " from step 0 (step-0)"), resumed.out());
        assertEquals(1, metrics(run).size());
        assertTrue(Files.isRegularFile(run.resolve("checkpoints/step-1/state.json")));
        assertEquals(state0, Files.readString(step0.resolve("state.json")), "a resumed run does not rewrite step-0");
    }

    @Test
    void keepCheckpointsMustNotBeNegative() {
        Result r = azr(List.of("train", "--out", dir.resolve("neg").toString(), "--set", "run.keep_checkpoints=-2"));
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("run.keep_checkpoints"), r.err());
        assertFalse(Files.exists(dir.resolve("neg")), "a refused configuration leaves no run behind");
    }

    @Test
    void ctrlCFinishesTheStepCheckpointsAndExitsZero() throws Exception {
        Assumptions.assumeTrue(pythonAvailable(), "python3 >= 3.10 is needed for the executor");
        Path run = dir.resolve("sigint");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "dev.azr4j.cli.Main", "train", "--out", run.toString(), "--steps", "1000", "--set", "run.checkpoint_every=1000",
                "--set", "eval.every=0"));   // no probes: the step-0 baseline alone would take longer than the rest of the test
        cmd.addAll(List.of(SMALL));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("sigint.log").toFile()).start();
        try {
            Path metrics = run.resolve("metrics.jsonl");
            long deadline = System.nanoTime() + 300_000_000_000L;
            while ((!Files.exists(metrics) || Files.readAllLines(metrics).isEmpty()) && p.isAlive() && System.nanoTime() < deadline)
                Thread.sleep(200);
            assertTrue(p.isAlive(), Files.readString(dir.resolve("sigint.log")));
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS), "the run stops after Ctrl-C");
            String log = Files.readString(dir.resolve("sigint.log"));
            assertEquals(0, p.exitValue(), log);
            int lines = metrics(run).size();
            assertTrue(lines >= 1 && lines < 1000, log);
            assertTrue(Files.isRegularFile(run.resolve("checkpoints/step-" + lines + "/state.json")), log);
            assertTrue(log.contains("--resume"), log);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void refusesToOverwriteARunAndExplainsResumeErrors() throws Exception {
        Path run = dir.resolve("r");
        Result noRun = azr(List.of("train", "--out", run.toString(), "--resume"));
        assertEquals(2, noRun.code());
        assertTrue(noRun.err().contains("no run directory"), noRun.err());
        Files.createDirectories(run);
        Files.writeString(run.resolve("config.yaml"), "run:\n  steps: 1\n");
        Result exists = azr(List.of("train", "--out", run.toString()));
        assertEquals(2, exists.code());
        assertTrue(exists.err().contains("already holds a run"), exists.err());
        Result newSeed = azr(List.of("train", "--out", run.toString(), "--resume", "--seed", "7"));
        assertEquals(2, newSeed.code(), newSeed.err());
        assertTrue(newSeed.err().contains("seed"), newSeed.err());
        assertFalse(Files.readString(run.resolve("config.yaml")).contains("7"), "config.yaml is left alone");
        Result noCkpt = azr(List.of("train", "--out", run.toString(), "--resume"));
        assertEquals(2, noCkpt.code());
        assertTrue(noCkpt.err().contains("no complete checkpoint"), noCkpt.err());
        Result badSeeds = azr(List.of("train", "--out", dir.resolve("s").toString(), "--seed-tasks", dir.resolve("none.jsonl").toString()));
        assertEquals(2, badSeeds.code(), badSeeds.err());
        assertTrue(badSeeds.err().contains("none.jsonl"), badSeeds.err());
        assertFalse(Files.exists(dir.resolve("s/config.yaml")), "a failed start leaves no run behind");
    }
}
