package dev.azr4j.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.azr4j.model.backend.ReferenceBackend;
import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.io.DType;
import dev.azr4j.model.train.AdamW;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** optim.shared_prompts: the update with prompts computed once equals the update with every sequence on its own. */
class ModelPolicySharedPromptsTest {
    private static final ModelConfig SMALL = new ModelConfig(ModelConfig.QWEN2, 272, 32, 64, 2, 4, 2, 8, 10000.0, 1e-6,
            true, false, true, 256, 256, List.of(256, 258));
    private static final AdamW.Hyper HYPER = new AdamW.Hyper(0.9, 0.999, 1e-8, 0.0);

    private static int[] ids(Random rnd, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = rnd.nextInt(256);
        return out;
    }

    /** Rollouts of two prompts interleaved, plus one prompt of its own; old log-probs off-policy so that clipping acts. */
    private static List<TrainSequence> batch() {
        Random rnd = new Random(8);
        int[] a = ids(rnd, 30), b = ids(rnd, 12), c = ids(rnd, 25);
        List<TrainSequence> out = new ArrayList<>();
        int[][] prompts = {a, b, a, c, b, a, b};
        int[] lengths = {5, 18, 1, 9, 3, 22, 7};
        for (int i = 0; i < prompts.length; i++) {
            float[] old = new float[lengths[i]], adv = new float[lengths[i]];
            for (int t = 0; t < lengths[i]; t++) {
                old[t] = (float) (-5.6 + 0.5 * rnd.nextGaussian());
                adv[t] = (float) rnd.nextGaussian();
            }
            out.add(new TrainSequence(prompts[i], ids(rnd, lengths[i]), old, adv, 1.0 / lengths[i], null));
        }
        return out;
    }

    @Test
    void sharedPromptsGiveTheSameUpdateAsSeparateSequences() {
        LossSettings loss = new LossSettings(0.2, 0.2, 0.01, 0.0, 0.0, 1e-3, 0.9);
        ModelPolicy shared = ModelPolicy.fromScratch(SMALL, 5, new ReferenceBackend(), HYPER, 4, DType.F32, false);
        ModelPolicy separate = ModelPolicy.fromScratch(SMALL, 5, new ReferenceBackend(), HYPER, 4, DType.F32, false)
                .withSharedPrompts(false);
        UpdateStats a = separate.update(batch(), loss), b = shared.withSharedPrompts(true).update(batch(), loss);
        assertEquals(a.tokens(), b.tokens());
        assertTrue(a.gradNorm() > 0);
        assertEquals(a.loss(), b.loss(), 1e-5 * (1 + Math.abs(a.loss())), "loss");
        assertEquals(a.gradNorm(), b.gradNorm(), 1e-5 * a.gradNorm(), "gradient norm");
        assertEquals(a.entropy(), b.entropy(), 1e-5 * (1 + a.entropy()), "entropy");
        assertEquals(a.clipFrac(), b.clipFrac(), 1e-9, "clipped fraction");
    }

    @Test
    void sequencesOfOnePromptAreGroupedInOrderOfFirstAppearance() {
        List<TrainSequence> in = batch();
        List<TrainSequence> out = ModelPolicy.groupedByPrompt(in);
        int[] order = {0, 2, 5, 1, 4, 6, 3};
        assertEquals(in.size(), out.size());
        for (int i = 0; i < order.length; i++) assertTrue(in.get(order[i]) == out.get(i), "position " + i);
    }
}
