package dev.azr4j.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.azr4j.model.backend.ReferenceBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chunked incremental forward through a growing (and copied) cache equals one full forward. */
class KvCacheTest {

    @Test
    void growingAndCopiedCachesGiveTheFullForwardsLogprobs() throws Exception {
        Transformer model = Transformer.load(Fixtures.model("qwen2-tiny"), new ReferenceBackend());
        int vocab = model.config().vocabSize();
        int[] ids = new int[40];
        for (int i = 0; i < ids.length; i++) ids[i] = (i * 37 + 11) % vocab;
        float[] expected = TokenScorer.score(model, List.of(ids), 1.0).getFirst().logprobs();

        KvCache cache = new KvCache(model.config(), 1);
        KvCache copy = null;
        int[] chunks = {1, 3, 7, 2, 1, 9, 5, 12};
        float[] logits = new float[vocab];
        int pos = 0;
        for (int chunk : chunks) {
            int[] part = java.util.Arrays.copyOfRange(ids, pos, pos + chunk);
            KvCache target = copy != null ? copy : cache;
            float[] hidden = model.forward(part, new int[] {chunk}, new KvCache[] {target});
            for (int t = 0; t < chunk && pos + t + 1 < ids.length; t++) {
                model.logits(hidden, t, 1, logits);
                double lp = logits[ids[pos + t + 1]] - LogSoftmax.logSumExp(logits, 0, vocab, 1.0);
                assertEquals(expected[pos + t], lp, 1e-5, "token " + (pos + t + 1));
            }
            pos += chunk;
            if (pos == 11) copy = cache.copy(2); // continue on an independent copy from here
            assertEquals(pos, (copy != null ? copy : cache).length());
        }
        assertEquals(11, cache.length(), "the original is untouched by work on its copy");
    }
}
