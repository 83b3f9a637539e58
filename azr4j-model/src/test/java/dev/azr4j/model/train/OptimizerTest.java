package dev.azr4j.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.azr4j.model.backend.ReferenceBackend;
import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.io.CheckpointException;
import dev.azr4j.model.io.NamedTensor;
import dev.azr4j.model.nn.ModelWeights;
import dev.azr4j.model.nn.Parallel;
import dev.azr4j.model.nn.Transformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizerTest {
    private static final ModelConfig TINY = new ModelConfig(ModelConfig.QWEN2, 40, 32, 48, 2, 4, 2, 8, 10000.0, 1e-6,
            true, false, true, 64, -1, List.of());
    private static final List<Sequence> BATCH = List.of(
            Sequence.of(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}),
            Sequence.completion(new int[] {3, 1, 4}, new int[] {1, 5, 9, 2, 6}));

    @Test
    void aTrainingStepLowersTheLossOnItsBatch() {
        Transformer model = Transformer.random(TINY, 1, new ReferenceBackend());
        Trainer trainer = new Trainer(model);
        AdamW opt = new AdamW(model, AdamW.Hyper.defaults());
        double before = trainer.forwardBackward(BATCH, 1.0, TokenObjectives.meanNegativeLogLikelihood()).loss();
        double norm = trainer.clipGradNorm(1.0);
        assertTrue(norm > 0);
        opt.step(trainer.gradients(), 3e-3);
        trainer.zeroGrad();
        double after = trainer.forwardBackward(BATCH, 1.0, TokenObjectives.meanNegativeLogLikelihood()).loss();
        assertTrue(after < before - 1e-3, "loss " + before + " -> " + after);
    }

    @Test
    void gradientsAccumulateOverCallsAndClipToTheMaximumNorm() {
        Transformer model = Transformer.random(TINY, 2, new ReferenceBackend());
        Trainer trainer = new Trainer(model);
        trainer.forwardBackward(BATCH, 1.0, TokenObjectives.meanNegativeLogLikelihood());
        float[] once = trainer.gradients().embed.clone();
        double normOnce = trainer.gradNorm();
        trainer.forwardBackward(BATCH, 1.0, TokenObjectives.meanNegativeLogLikelihood());
        for (int i = 0; i < once.length; i++) assertEquals(2 * once[i], trainer.gradients().embed[i], 1e-6f);
        assertEquals(2 * normOnce, trainer.clipGradNorm(0.5), 1e-4 * normOnce);
        assertEquals(0.5, trainer.gradNorm(), 1e-5);
        trainer.zeroGrad();
        assertEquals(0.0, trainer.gradNorm());
    }

    @Test
    void reusedActivationMemoryGivesTheSameGradientsAsAFreshModel() {
        List<Sequence> small = List.of(Sequence.of(new int[] {9, 8, 7, 6}));
        Transformer reused = Transformer.random(TINY, 9, new ReferenceBackend());
        Trainer a = new Trainer(reused);
        a.forwardBackward(BATCH, 1.0, TokenObjectives.meanNegativeLogLikelihood());
        a.zeroGrad();
        a.forwardBackward(small, 1.0, TokenObjectives.meanNegativeLogLikelihood());
        Trainer fresh = new Trainer(Transformer.random(TINY, 9, new ReferenceBackend()));
        fresh.forwardBackward(small, 1.0, TokenObjectives.meanNegativeLogLikelihood());
        List<NamedTensor> ga = a.gradients().tensors(), gf = fresh.gradients().tensors();
        for (int i = 0; i < ga.size(); i++) assertArrayEquals(gf.get(i).data(), ga.get(i).data(), ga.get(i).name());
    }

    @Test
    void activationCheckpointingGivesIdenticalGradients() {
        Trainer plain = new Trainer(Transformer.random(TINY, 10, new ReferenceBackend()));
        Transformer cm = Transformer.random(TINY, 10, new ReferenceBackend());
        cm.setActivationCheckpointing(true);
        Trainer checkpointed = new Trainer(cm);
        double lp = plain.forwardBackward(BATCH, 0.9, TokenObjectives.meanNegativeLogLikelihood()).loss();
        double lc = checkpointed.forwardBackward(BATCH, 0.9, TokenObjectives.meanNegativeLogLikelihood()).loss();
        assertEquals(lp, lc, 0.0);
        List<NamedTensor> a = plain.gradients().tensors(), b = checkpointed.gradients().tensors();
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).data(), b.get(i).data(), a.get(i).name());
    }

    @Test
    void firstAdamWStepMovesEachWeightByTheLearningRate() {
        // with bias correction the first update is lr·g/(|g|+ε) ≈ lr·sign(g), after decay θ(1 − lr·wd)
        ModelWeights w = ModelWeights.random(TINY, 3, 0.02);
        ModelWeights before = w.copy();
        ModelWeights g = ModelWeights.random(TINY, 4, 1.0);
        AdamW opt = new AdamW(w, new AdamW.Hyper(0.9, 0.999, 1e-8, 0.1), new Parallel(2));
        double lr = 1e-3;
        opt.step(g, lr);
        List<NamedTensor> p0 = before.tensors(), p1 = w.tensors(), gs = g.tensors();
        for (int t = 0; t < p0.size(); t++) {
            for (int i = 0; i < p0.get(t).numel(); i++) {
                float gi = gs.get(t).data()[i];
                double expected = p0.get(t).data()[i] * (1 - lr * 0.1) - lr * gi / (Math.abs(gi) + 1e-8);
                assertEquals(expected, p1.get(t).data()[i], 1e-7, p0.get(t).name());
            }
        }
        assertEquals(1, opt.steps());
    }

    @Test
    void stateRoundTripContinuesIdentically(@TempDir Path dir) throws Exception {
        ModelWeights w = ModelWeights.random(TINY, 5, 0.02);
        ModelWeights g1 = ModelWeights.random(TINY, 6, 1.0), g2 = ModelWeights.random(TINY, 7, 1.0);
        AdamW a = new AdamW(w, AdamW.Hyper.defaults(), new Parallel(1));
        a.step(g1, 1e-3);
        Path file = dir.resolve("optimizer.bin");
        a.save(file);
        ModelWeights wCopy = w.copy();
        AdamW b = new AdamW(wCopy, AdamW.Hyper.defaults(), new Parallel(1));
        b.load(file);
        assertEquals(1, b.steps());
        a.step(g2, 1e-3);
        b.step(g2, 1e-3);
        assertArrayEquals(w.embed, wCopy.embed);
        assertArrayEquals(w.layers[1].down, wCopy.layers[1].down);
    }

    @Test
    void corruptOrMismatchedStateIsRefused(@TempDir Path dir) throws Exception {
        ModelWeights w = ModelWeights.random(TINY, 5, 0.02);
        AdamW a = new AdamW(w, AdamW.Hyper.defaults(), new Parallel(1));
        a.step(ModelWeights.random(TINY, 6, 1.0), 1e-3);
        Path file = dir.resolve("optimizer.bin");
        a.save(file);
        byte[] bytes = Files.readAllBytes(file);

        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x10;
        Path bad = dir.resolve("flipped.bin");
        Files.write(bad, flipped);
        assertMessage(a, bad, "checksum");

        Path cut = dir.resolve("cut.bin");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertMessage(a, cut, "truncated");

        Path junk = dir.resolve("junk.bin");
        Files.writeString(junk, "hello");
        assertMessage(a, junk, "not an azr4j optimizer state");

        ModelConfig other = new ModelConfig(ModelConfig.QWEN2, 40, 32, 48, 1, 4, 2, 8, 10000.0, 1e-6,
                true, false, true, 64, -1, List.of());
        AdamW wrongModel = new AdamW(ModelWeights.random(other, 1, 0.02), AdamW.Hyper.defaults(), new Parallel(1));
        assertMessage(wrongModel, file, "tensors");
        assertEquals(0, wrongModel.steps(), "a refused file leaves the state alone");
    }

    private static void assertMessage(AdamW opt, Path file, String part) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> opt.load(file));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void schedules() {
        LrSchedule warm = new LrSchedule.LinearWarmup(1e-3, 4);
        assertEquals(0.25e-3, warm.lr(0), 1e-12);
        assertEquals(1e-3, warm.lr(3), 1e-12);
        assertEquals(1e-3, warm.lr(100), 1e-12);
        LrSchedule cos = new LrSchedule.Cosine(1e-3, 2, 12, 1e-4);
        assertEquals(0.5e-3, cos.lr(0), 1e-12);
        assertEquals(1e-3, cos.lr(2), 1e-12);
        assertEquals(0.55e-3, cos.lr(7), 1e-12);
        assertEquals(1e-4, cos.lr(12), 1e-12);
        assertEquals(1e-4, cos.lr(50), 1e-12);
        assertEquals(2e-5, new LrSchedule.Constant(2e-5).lr(9), 0);
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule.Cosine(1e-3, 10, 10, 0));
    }
}
