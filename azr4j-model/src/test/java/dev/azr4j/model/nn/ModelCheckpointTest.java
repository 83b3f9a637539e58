package dev.azr4j.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.azr4j.model.backend.ReferenceBackend;
import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.io.DType;
import dev.azr4j.model.io.NamedTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models written by azr4j read back with the same weights and log-probabilities. */
class ModelCheckpointTest {
    private static final List<int[]> SEQS = List.of(new int[] {845, 139, 124, 368, 263, 313, 491},
            new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});

    @Test
    void fp32RoundTripIsExact(@TempDir Path dir) throws Exception {
        Transformer model = Transformer.load(Fixtures.model("llama-tiny"), new ReferenceBackend());
        ModelCheckpoint.save(model, dir, DType.F32);
        assertTrue(Files.isRegularFile(dir.resolve("model.safetensors")));
        Transformer back = Transformer.load(dir, new ReferenceBackend());
        assertEquals(model.config(), back.config());
        List<NamedTensor> a = model.weights().tensors(), b = back.weights().tensors();
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).data(), b.get(i).data(), a.get(i).name());
        List<TokenScores> s1 = TokenScorer.score(model, SEQS, 1.0), s2 = TokenScorer.score(back, SEQS, 1.0);
        for (int s = 0; s < SEQS.size(); s++) assertArrayEquals(s1.get(s).logprobs(), s2.get(s).logprobs());
    }

    @Test
    void shardedBf16RoundTripKeepsBf16Weights(@TempDir Path dir) throws Exception {
        Transformer model = Transformer.load(Fixtures.model("qwen2-tiny"), new ReferenceBackend());
        ModelCheckpoint.save(model, dir, DType.BF16, 100_000);
        assertTrue(Files.isRegularFile(dir.resolve("model.safetensors.index.json")), "sharded");
        Transformer back = Transformer.load(dir, new ReferenceBackend());
        assertTrue(back.config().tieWordEmbeddings());
        float[] w = model.weights().layers[1].up, r = back.weights().layers[1].up;
        for (int i = 0; i < w.length; i++) assertEquals(DType.fromBf16(DType.toBf16(w[i])), r[i], 0f);
        List<TokenScores> s1 = TokenScorer.score(model, SEQS, 1.0), s2 = TokenScorer.score(back, SEQS, 1.0);
        for (int s = 0; s < SEQS.size(); s++) {
            for (int t = 0; t < s1.get(s).logprobs().length; t++) {
                assertEquals(s1.get(s).logprobs()[t], s2.get(s).logprobs()[t], 0.05, "bf16 weights change logprobs a little");
            }
        }
        // saving again as fp32 writes a single file and removes the stale shards' index
        ModelCheckpoint.save(back, dir, DType.F32);
        assertTrue(Files.isRegularFile(dir.resolve("model.safetensors")));
        assertArrayEquals(back.weights().embed, Transformer.load(dir, new ReferenceBackend()).weights().embed);
    }

    @Test
    void aRandomPresetModelRoundTrips(@TempDir Path dir) throws Exception {
        ModelConfig c = new ModelConfig(ModelConfig.QWEN2, 272, 32, 48, 2, 4, 2, 8, 1e4, 1e-6, true, false, true, 256, 256,
                List.of(256, 258));
        Transformer model = Transformer.random(c, 42, new ReferenceBackend());
        ModelCheckpoint.save(model, dir, DType.F32);
        Transformer back = Transformer.load(dir, new ReferenceBackend());
        assertEquals(c, back.config());
        assertArrayEquals(model.weights().layers[0].qBias, back.weights().layers[0].qBias);
    }
}
