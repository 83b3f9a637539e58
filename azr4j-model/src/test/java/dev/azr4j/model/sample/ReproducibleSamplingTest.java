package dev.azr4j.model.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.nn.BusyCore;
import dev.azr4j.model.nn.Transformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sampling with a fixed seed and thread count gives the same tokens and the same log-probability
 * bits each time, whatever the scheduling (the logits row reductions and the draw's cumulative sum
 * must not depend on which thread or JIT tier computed them).
 */
class ReproducibleSamplingTest {
    private static final ModelConfig MODEL = new ModelConfig(ModelConfig.QWEN2, 272, 128, 384, 3, 4, 2, 32, 10000.0, 1e-6,
            true, false, false, 512, -1, List.of());

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {2, 3})
    void sameSeedAndThreadsSampleTheSameTokens(int threads) {
        SplittableRandom r = new SplittableRandom(3);
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // short prompts (row-loop attention) and long ones (matrix-product prefill), one repeated
            int[] p = new int[i % 3 == 0 ? 40 + i : 2 + i];
            for (int t = 0; t < p.length; t++) p[t] = r.nextInt(MODEL.vocabSize());
            prompts.add(p);
        }
        prompts.add(prompts.get(1).clone());
        List<SamplingParams> settings = List.of(SamplingParams.sample(40, 1.0, 17),
                SamplingParams.sample(40, 0.7, 18).withTopP(0.9).withStopTokens(Set.of(3)));
        for (SamplingParams params : settings) {
            List<Completion> first = generate(threads, prompts, params);
            List<Completion> busy;
            try (BusyCore ignored = BusyCore.start()) {
                busy = generate(threads, prompts, params);
            }
            List<Completion> again = generate(threads, prompts, params);
            assertSame(first, busy);
            assertSame(first, again);
        }
    }

    private static List<Completion> generate(int threads, List<int[]> prompts, SamplingParams params) {
        try (CpuBackend backend = new CpuBackend(threads)) {
            return new Sampler(Transformer.random(MODEL, 11, backend)).generate(prompts, params);
        }
    }

    private static void assertSame(List<Completion> expected, List<Completion> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).ids(), actual.get(i).ids(), "tokens of sequence " + i);
            assertArrayEquals(bits(expected.get(i).logprobs()), bits(actual.get(i).logprobs()), "log-probabilities of sequence " + i);
            assertEquals(expected.get(i).finishReason(), actual.get(i).finishReason());
        }
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) b[i] = Float.floatToRawIntBits(a[i]);
        return b;
    }
}
