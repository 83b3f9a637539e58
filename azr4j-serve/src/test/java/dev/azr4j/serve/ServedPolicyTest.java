package dev.azr4j.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.azr4j.core.config.RolloutConfig;
import dev.azr4j.core.policy.Completion;
import dev.azr4j.core.policy.ModelPolicy;
import dev.azr4j.core.policy.Sampling;
import dev.azr4j.core.policy.ServedPolicy;
import dev.azr4j.core.rollout.RolloutServerException;
import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.config.ModelPresets;
import dev.azr4j.model.io.DType;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.train.AdamW;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generate-only served Policy (for azr eval --server) against our server: the local model's greedy completions. */
class ServedPolicyTest {
    @TempDir
    Path tmp;

    @Test
    void greedyCompletionsEqualTheLocalModelsAndTheCountsTheTokenizers() throws Exception {
        try (CpuBackend backend = new CpuBackend(2)) {
            Path dir = WeightsAndKeyTest.save(Transformer.random(ModelPresets.get("tiny"), 5, backend), tmp.resolve("m"));
            ModelPolicy local = ModelPolicy.load(dir, backend, new AdamW.Hyper(0.9, 0.999, 1e-8, 0), 8, DType.F32, false, false);
            List<String> prompts = List.of("def f(a):", "def f(a):", "assert f(1) == ", "x");
            Sampling greedy = new Sampling(0, 1.0, 0, 12, 0);
            List<Completion> expected = local.generate(prompts, greedy);
            try (ServedModel served = ServedModel.load(dir, "m", backend, 64);
                 OpenAiServer server = OpenAiServer.start(served, OpenAiServer.Options.loopback(0))) {
                RolloutConfig c = new RolloutConfig(List.of(server.baseUri().toString()), RolloutConfig.Kind.AZR, null, null,
                        20_000, 1, 5, 4, null, null, 1e-3);
                try (ServedPolicy remote = new ServedPolicy(c)) {
                    assertEquals("m", remote.modelName());
                    assertEquals(local.contextLength(), remote.contextLength());
                    assertEquals(local.countTokens("héllo wörld"), remote.countTokens("héllo wörld"));
                    List<Completion> got = remote.generate(prompts, greedy);
                    assertEquals(prompts.size(), got.size());
                    for (int i = 0; i < prompts.size(); i++) {
                        assertEquals(expected.get(i).text(), got.get(i).text(), "prompt " + i);
                        assertArrayEquals(expected.get(i).tokenIds(), got.get(i).tokenIds());
                        assertArrayEquals(expected.get(i).promptIds(), got.get(i).promptIds());
                        assertArrayEquals(expected.get(i).logprobs(), got.get(i).logprobs(), 1e-5f);
                        assertEquals(expected.get(i).finishReason(), got.get(i).finishReason());
                    }
                }
                RolloutConfig wrong = new RolloutConfig(List.of(server.baseUri().toString()), RolloutConfig.Kind.AZR, null, "gpt-9",
                        20_000, 0, 5, 4, null, null, 1e-3);
                try (ServedPolicy remote = new ServedPolicy(wrong)) {
                    RolloutServerException e = assertThrows(RolloutServerException.class, remote::contextLength);
                    assertTrue(e.getMessage().contains("gpt-9") && e.getMessage().contains("[m]"), e.getMessage());
                }
            }
        }
    }
}
