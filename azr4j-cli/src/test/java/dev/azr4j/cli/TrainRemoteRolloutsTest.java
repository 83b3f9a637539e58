package dev.azr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.config.ModelPresets;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import dev.azr4j.serve.OpenAiServer;
import dev.azr4j.serve.ServedModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code azr train} with its rollouts on an {@code azr serve} server started by the test on loopback. */
class TrainRemoteRolloutsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SMALL = {"--set", "selfplay.max_response_tokens=24", "--set", "selfplay.mc_samples=2",
            "--set", "selfplay.batch_size=2", "--set", "executor.workers=1",
            // one optimizer step a self-play step, so one weight refresh each
            "--set", "selfplay.curriculum.imitation_updates=0", "--set", "selfplay.curriculum.imitation_tasks=0"};

    @TempDir
    Path dir;

    private static boolean pythonAvailable() {
        try {
            return new ProcessBuilder("python3", "-c", "import sys; assert sys.version_info >= (3, 10)").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static TrainCommandTest.Result azr(List<String> args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        return new TrainCommandTest.Result(code, out.toString(), err.toString());
    }

    @Test
    void rolloutsOnAServedCopyMatchTheTrainerAfterEveryRefresh() throws Exception {
        Assumptions.assumeTrue(pythonAvailable(), "python3 >= 3.10 is needed for the executor");
        try (CpuBackend backend = new CpuBackend(2);
             // other weights than the run's new model: the trainer must bring the server to its own first
             ServedModel served = ServedModel.of("policy", Transformer.random(ModelPresets.get("tiny"), 99, backend), ByteTokenizer.instance(), 64);
             OpenAiServer server = OpenAiServer.start(served, OpenAiServer.Options.loopback(0).withWeightDirs(List.of(dir)))) {
            Path run = dir.resolve("run");
            List<String> args = new ArrayList<>(List.of("train", "--out", run.toString(), "--steps", "2",
                    "--set", "rollout.servers=[" + server.baseUri() + "]", "--set", "optim.lr=1e-3"));
            args.addAll(List.of(SMALL));
            TrainCommandTest.Result r = azr(args);
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("rollouts on " + server.baseUri()), r.out());
            List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
            assertEquals(2, lines.size());
            for (String line : lines) {
                JsonNode m = JSON.readTree(line);
                assertTrue(m.get("rollout/logprob_abs_diff").asDouble() <= 1e-4, line);
                assertEquals(0, m.get("rollout/stale").asLong(), line);
                assertEquals(0, m.get("rollout/errors").asLong(), line);
            }
            // loaded once before the first rollouts and after each of the two updates
            assertEquals(4, served.weights().version());
            assertTrue(Files.isDirectory(run.resolve("rollout-weights/v2")));
        }
    }

    @Test
    void aServerThatIsDownFailsTheRunWithOneLine() throws Exception {
        HttpServer probe = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        int port = probe.getAddress().getPort();
        probe.stop(0);
        List<String> args = new ArrayList<>(List.of("train", "--out", dir.resolve("down").toString(), "--steps", "1",
                "--set", "rollout.servers=[http://127.0.0.1:" + port + "]", "--set", "rollout.retries=1",
                "--set", "rollout.backoff_ms=10", "--set", "rollout.timeout_ms=1000"));
        args.addAll(List.of(SMALL));
        TrainCommandTest.Result r = azr(args);
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("rollout server http://127.0.0.1:" + port) && r.err().contains("failed after 2 tries"), r.err());
        assertTrue(r.err().contains("--resume"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
