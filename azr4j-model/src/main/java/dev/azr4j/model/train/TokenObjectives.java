package dev.azr4j.model.train;

import dev.azr4j.model.nn.TokenScores;
import java.util.ArrayList;
import java.util.List;

/** Ready-made objectives. */
public final class TokenObjectives {
    private TokenObjectives() {}

    /** Language-modelling loss: −mean of log p over all target tokens of the batch. */
    public static TokenObjective meanNegativeLogLikelihood() {
        return (batch, scores) -> {
            int n = 0;
            for (Sequence s : batch) n += s.targetCount();
            double loss = 0;
            List<float[]> d = new ArrayList<>();
            for (int s = 0; s < batch.size(); s++) {
                TokenScores sc = scores.get(s);
                boolean[] targets = batch.get(s).targets();
                float[] g = new float[sc.logprobs().length];
                for (int t = 0; t < g.length; t++) {
                    if (!targets[t + 1]) continue;
                    loss -= sc.logprobs()[t];
                    g[t] = -1f / n;
                }
                d.add(g);
            }
            return new TokenObjective.Value(loss / n, d, null);
        };
    }
}
