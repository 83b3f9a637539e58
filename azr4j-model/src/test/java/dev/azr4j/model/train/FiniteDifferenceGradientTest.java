package dev.azr4j.model.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.azr4j.model.backend.ReferenceBackend;
import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.io.NamedTensor;
import dev.azr4j.model.nn.ModelWeights;
import dev.azr4j.model.nn.TokenScorer;
import dev.azr4j.model.nn.TokenScores;
import dev.azr4j.model.nn.Transformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Central finite differences of a loss mixing log-probabilities and entropies at temperature 0.7,
 * along a random direction in every parameter tensor (embedding, norms, q/k/v/o with biases, GQA,
 * RoPE and softmax through q/k, SwiGLU, tied and untied LM heads). The loss is evaluated by the
 * inference path (KV-cache forward), independently of the training pass that gives the gradient.
 */
class FiniteDifferenceGradientTest {
    private static final double TEMPERATURE = 0.7;
    private static final double ENTROPY_COEF = 0.3;

    private static ModelConfig config(String kind) {
        return switch (kind) {
            // GQA, qkv bias, tied embeddings
            case "qwen2" -> new ModelConfig(ModelConfig.QWEN2, 23, 16, 24, 2, 4, 2, 4, 100.0, 1e-6,
                    true, false, true, 64, -1, List.of());
            // q/k/v/o biases, untied LM head, head_dim ≠ hidden/heads
            default -> new ModelConfig(ModelConfig.LLAMA, 19, 12, 20, 2, 2, 2, 8, 50.0, 1e-5,
                    true, true, false, 64, -1, List.of());
        };
    }

    // the third sequence is long enough for the matrix-product attention path
    private final int[][] ids = {{1, 5, 3, 7, 2}, {4, 4, 0, 9, 11, 3, 8, 2, 6},
            {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4}};
    private final boolean[][] targets = {
            {false, true, true, true, true}, {false, false, false, true, true, false, true, true, true},
            {false, true, true, true, false, false, true, true, true, true, true, true, true, true, true, true, true, true, true, true}};
    private final float[][] coef = new float[3][];

    private List<Sequence> batch() {
        return List.of(new Sequence(ids[0], targets[0]), new Sequence(ids[1], targets[1]), new Sequence(ids[2], targets[2]));
    }

    private double loss(List<TokenScores> scores) {
        double loss = 0;
        for (int s = 0; s < 3; s++) {
            for (int t = 0; t < coef[s].length; t++) {
                if (!targets[s][t + 1]) continue;
                loss += coef[s][t] * scores.get(s).logprobs()[t] - ENTROPY_COEF * scores.get(s).entropies()[t];
            }
        }
        return loss;
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen2", "llama"})
    void analyticGradientMatchesCentralDifferences(String kind) {
        ModelConfig c = config(kind);
        Random rnd = new Random(42);
        for (int s = 0; s < 3; s++) {
            coef[s] = new float[ids[s].length - 1];
            for (int t = 0; t < coef[s].length; t++) coef[s][t] = (float) rnd.nextGaussian();
        }
        ModelWeights w = ModelWeights.random(c, 7, 0.3);
        for (NamedTensor t : w.tensors()) { // non-trivial norms and biases
            if (t.name().endsWith("norm.weight") || t.name().endsWith(".bias")) {
                for (int i = 0; i < t.numel(); i++) t.data()[i] += (float) (0.3 * rnd.nextGaussian());
            }
        }
        Transformer model = new Transformer(w, new ReferenceBackend());
        Trainer trainer = new Trainer(model);
        trainer.forwardBackward(batch(), TEMPERATURE, (b, scores) -> {
            List<float[]> dl = new ArrayList<>(), de = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                dl.add(coef[s].clone());
                float[] e = new float[coef[s].length];
                java.util.Arrays.fill(e, (float) -ENTROPY_COEF);
                de.add(e);
            }
            return new TokenObjective.Value(loss(scores), dl, de);
        });
        List<NamedTensor> params = w.tensors(), grads = trainer.gradients().tensors();
        List<int[]> seqs = List.of(ids[0], ids[1], ids[2]);
        for (int p = 0; p < params.size(); p++) {
            float[] theta = params.get(p).data();
            float[] g = grads.get(p).data();
            double[] dir = new double[theta.length];
            double norm = 0;
            for (int i = 0; i < dir.length; i++) {
                dir[i] = rnd.nextGaussian();
                norm += dir[i] * dir[i];
            }
            double analytic = 0;
            for (int i = 0; i < dir.length; i++) {
                dir[i] /= Math.sqrt(norm);
                analytic += dir[i] * g[i];
            }
            float[] saved = theta.clone();
            double h = 1e-2;
            for (int i = 0; i < theta.length; i++) theta[i] = (float) (saved[i] + h * dir[i]);
            double plus = loss(TokenScorer.score(model, seqs, TEMPERATURE));
            for (int i = 0; i < theta.length; i++) theta[i] = (float) (saved[i] - h * dir[i]);
            double minus = loss(TokenScorer.score(model, seqs, TEMPERATURE));
            System.arraycopy(saved, 0, theta, 0, theta.length);
            double numeric = (plus - minus) / (2 * h);
            double err = Math.abs(numeric - analytic);
            assertTrue(err <= 2e-3 * Math.abs(analytic) + 2e-4,
                    kind + " " + params.get(p).name() + ": analytic " + analytic + " vs numeric " + numeric);
        }
    }
}
