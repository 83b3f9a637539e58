package dev.azr4j.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.azr4j.model.backend.ReferenceBackend;
import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.io.NamedTensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The matrix-product attention gives the same results whatever its query block size. */
class AttentionPathsTest {
    private static final ModelConfig C = new ModelConfig(ModelConfig.QWEN2, 50, 32, 40, 2, 4, 2, 8, 1e4, 1e-6,
            true, false, true, 128, -1, List.of());

    @Test
    void multiBlockQueriesMatchOneBlock() {
        int[] ids = new int[45];
        for (int i = 0; i < ids.length; i++) ids[i] = (i * 7 + 3) % 50;
        int[] shortIds = {4, 8, 15, 16, 23, 42};
        List<int[]> seqs = List.of(ids, shortIds);
        Result one = run(Integer.MAX_VALUE, seqs);
        Result blocks = run(8, seqs);
        for (int s = 0; s < seqs.size(); s++) {
            for (int t = 0; t < one.scores.get(s).logprobs().length; t++) {
                assertEquals(one.scores.get(s).logprobs()[t], blocks.scores.get(s).logprobs()[t], 1e-5);
            }
        }
        List<NamedTensor> a = one.grads.tensors(), b = blocks.grads.tensors();
        for (int i = 0; i < a.size(); i++) {
            float[] x = a.get(i).data(), y = b.get(i).data();
            double max = 0, diff = 0;
            for (int j = 0; j < x.length; j++) {
                max = Math.max(max, Math.abs(x[j]));
                diff = Math.max(diff, Math.abs(x[j] - y[j]));
            }
            assertEquals(0, diff / Math.max(max, 1e-12), 1e-5, a.get(i).name());
        }
    }

    private record Result(List<TokenScores> scores, ModelWeights grads) {}

    private static Result run(int block, List<int[]> seqs) {
        Transformer m = new Transformer(ModelWeights.random(C, 3, 0.2), new ReferenceBackend());
        if (block != Integer.MAX_VALUE) m.setAttentionQueryBlock(block);
        List<TokenScores> scores = TokenScorer.score(m, seqs, 1.0);
        TrainingPass pass = m.forwardTraining(seqs);
        float[] dHidden = new float[pass.rows() * C.hiddenSize()];
        for (int i = 0; i < dHidden.length; i++) dHidden[i] = (float) Math.sin(i * 0.37);
        ModelWeights grads = ModelWeights.zeros(C);
        pass.backward(dHidden, grads);
        return new Result(scores, grads);
    }
}
