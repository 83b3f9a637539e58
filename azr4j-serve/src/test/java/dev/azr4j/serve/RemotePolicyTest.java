package dev.azr4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.azr4j.core.config.RolloutConfig;
import dev.azr4j.core.policy.Completion;
import dev.azr4j.core.policy.LossSettings;
import dev.azr4j.core.policy.ModelPolicy;
import dev.azr4j.core.policy.RemotePolicy;
import dev.azr4j.core.policy.Sampling;
import dev.azr4j.core.policy.TrainSequence;
import dev.azr4j.core.rollout.RolloutServerException;
import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.config.ModelPresets;
import dev.azr4j.model.io.DType;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.train.AdamW;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RemotePolicy against our own server on loopback (the stand-in for vLLM and SGLang), end to end. */
class RemotePolicyTest {
    private static final AdamW.Hyper HYPER = new AdamW.Hyper(0.9, 0.999, 1e-8, 0.0);
    /** A large learning rate, so that one update moves the log-probabilities visibly. */
    private static final LossSettings LOSS = new LossSettings(0.2, 0.2, 0.0, 0.0, 1.0, 3e-3, 1.0);
    private static final Sampling SAMPLING = new Sampling(1.0, 1.0, 0, 10, 7);

    @TempDir
    Path tmp;

    static RolloutConfig config(String url, RolloutConfig.Kind kind, int retries) {
        return new RolloutConfig(List.of(url), kind, null, null, 20_000, retries, 5, 4, null, null, 1e-4);
    }

    /** Every completion trained with advantage +1 (the content does not matter here, the weights must move). */
    static List<TrainSequence> batch(List<Completion> cs) {
        List<TrainSequence> out = new ArrayList<>();
        for (Completion c : cs) {
            float[] adv = new float[c.length()];
            Arrays.fill(adv, 1f);
            out.add(new TrainSequence(c.promptIds(), c.tokenIds(), c.logprobs(), adv, 1.0, null));
        }
        return out;
    }

    static double diff(Map<String, Object> m) {
        return ((Number) m.get("rollout/logprob_abs_diff")).doubleValue();
    }

    @Test
    void rolloutsComeFromTheServerAndItsWeightsFollowEachUpdate() throws Exception {
        try (CpuBackend backend = new CpuBackend(2)) {
            Path dir = WeightsAndKeyTest.save(Transformer.random(ModelPresets.get("tiny"), 3, backend), tmp.resolve("init"));
            try (ServedModel served = ServedModel.load(dir, "policy", backend, 64);
                 OpenAiServer server = OpenAiServer.start(served, OpenAiServer.Options.loopback(0).withWeightDirs(List.of(tmp)))) {
                ModelPolicy local = ModelPolicy.load(dir, backend, HYPER, 8, DType.F32, false, false);
                RemotePolicy remote = new RemotePolicy(local, config(server.baseUri().toString(), RolloutConfig.Kind.AZR, 1), tmp.resolve("weights"));
                List<String> prompts = List.of("def f(a):", "def f(a):", "def f(a):", "x = ");
                for (int step = 1; step <= 3; step++) {
                    List<Completion> cs = remote.generate(prompts, SAMPLING.withSeed(step));
                    assertEquals(4, cs.size());
                    for (int i = 0; i < 4; i++) {
                        assertTrue(Arrays.equals(local.tokenizer().encode(prompts.get(i)), cs.get(i).promptIds()));
                        assertTrue(cs.get(i).length() >= 1 && cs.get(i).length() <= 10);
                        assertEquals(local.tokenizer().decode(cs.get(i).tokenIds(), true), cs.get(i).text());
                    }
                    remote.update(batch(cs), LOSS);
                    Map<String, Object> m = remote.metrics();
                    // the server sampled with exactly the trainer's weights: the first-epoch ratio is 1
                    assertTrue(diff(m) <= 1e-4, "step " + step + ": " + m);
                    assertEquals(0L, m.get("rollout/stale"));
                    assertEquals(0L, m.get("rollout/errors"));
                    // synced once before the first rollouts (1 → 2), then after every update
                    assertEquals(step + 2, served.weights().version());
                    assertEquals((long) step, m.get("rollout/weight_version"));
                }
                assertTrue(served.scheduler().stats().decodeSteps() > 0);
            }
        }
    }

    @Test
    void sglangsNativeGenerateRouteWorksTheSameWay() throws Exception {
        try (CpuBackend backend = new CpuBackend(2)) {
            Path dir = WeightsAndKeyTest.save(Transformer.random(ModelPresets.get("tiny"), 4, backend), tmp.resolve("init"));
            try (ServedModel served = ServedModel.load(dir, "policy", backend, 64);
                 OpenAiServer server = OpenAiServer.start(served, OpenAiServer.Options.loopback(0).withWeightDirs(List.of(tmp)))) {
                ModelPolicy local = ModelPolicy.load(dir, backend, HYPER, 8, DType.F32, false, false);
                RemotePolicy remote = new RemotePolicy(local, config(server.baseUri().toString(), RolloutConfig.Kind.SGLANG, 1), tmp.resolve("weights"));
                List<String> prompts = List.of("def f(a):", "def f(a):", "x = ");
                for (int step = 1; step <= 2; step++) {
                    List<Completion> cs = remote.generate(prompts, SAMPLING.withSeed(step));
                    assertEquals(3, cs.size());
                    for (Completion c : cs) assertTrue(c.length() >= 1 && c.length() <= 10);
                    remote.update(batch(cs), LOSS);
                    Map<String, Object> m = remote.metrics();
                    assertTrue(diff(m) <= 1e-4, "step " + step + ": " + m);
                    assertEquals(0L, m.get("rollout/stale"));
                }
                assertEquals(4, served.weights().version());
            }
        }
    }

    @Test
    void withoutTheRefreshTheDifferenceShows() throws Exception {
        try (CpuBackend backend = new CpuBackend(2)) {
            Path dir = WeightsAndKeyTest.save(Transformer.random(ModelPresets.get("tiny"), 3, backend), tmp.resolve("init"));
            try (ServedModel served = ServedModel.load(dir, "policy", backend, 64);
                 OpenAiServer server = OpenAiServer.start(served, OpenAiServer.Options.loopback(0).withWeightDirs(List.of(tmp)))) {
                ModelPolicy local = ModelPolicy.load(dir, backend, HYPER, 8, DType.F32, false, false);
                // vLLM's stock server has no refresh route: the server keeps the initial weights
                RemotePolicy remote = new RemotePolicy(local, config(server.baseUri().toString(), RolloutConfig.Kind.VLLM, 1), tmp.resolve("weights"));
                List<String> prompts = List.of("def f(a):", "def f(a):", "x = ");
                remote.update(batch(remote.generate(prompts, SAMPLING)), LOSS);
                assertTrue(diff(remote.metrics()) <= 1e-4, "same weights before the first update");
                remote.update(batch(remote.generate(prompts, SAMPLING.withSeed(2))), LOSS);
                double d = diff(remote.metrics());
                assertTrue(d > 1e-3, "stale weights must show, got " + d);
                assertEquals(1, served.weights().version());
            }
        }
    }

    @Test
    void aServerThatIsDownOrAnswersGarbageIsRetriedThenFailsClearly() throws Exception {
        try (CpuBackend backend = new CpuBackend(1)) {
            Path dir = WeightsAndKeyTest.save(Transformer.random(ModelPresets.get("tiny"), 3, backend), tmp.resolve("init"));
            ModelPolicy local = ModelPolicy.load(dir, backend, HYPER, 8, DType.F32, false, false);
            // a port nothing listens on
            HttpServer probe = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            int closedPort = probe.getAddress().getPort();
            probe.stop(0);
            // (a short timeout: where closed ports drop connections instead of refusing them, each try waits it out)
            RolloutConfig quick = new RolloutConfig(List.of("http://127.0.0.1:" + closedPort), RolloutConfig.Kind.AZR, null, null,
                    500, 2, 5, 4, null, null, 1e-4);
            RemotePolicy down = new RemotePolicy(local, quick, tmp.resolve("w1"));
            RolloutServerException e = assertThrows(RolloutServerException.class, () -> down.generate(List.of("a"), SAMPLING));
            assertTrue(e.getMessage().contains("failed after 3 tries"), e.getMessage());
            assertEquals(3L, down.metrics().get("rollout/errors"));
            // a server that answers 200 with garbage
            HttpServer garbage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            garbage.createContext("/", ex -> {
                byte[] b = "<html>surprise</html>".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
                ex.close();
            });
            garbage.start();
            try {
                RemotePolicy bad = new RemotePolicy(local, config("http://127.0.0.1:" + garbage.getAddress().getPort(), RolloutConfig.Kind.AZR, 1),
                        tmp.resolve("w2"));
                e = assertThrows(RolloutServerException.class, () -> bad.generate(List.of("a"), SAMPLING));
                assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
                assertEquals(2L, bad.metrics().get("rollout/errors"));
            } finally {
                garbage.stop(0);
            }
        }
    }
}
