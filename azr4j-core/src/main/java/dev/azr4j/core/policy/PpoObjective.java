package dev.azr4j.core.policy;

import dev.azr4j.core.rl.PpoClip;
import dev.azr4j.model.nn.TokenScores;
import dev.azr4j.model.train.Sequence;
import dev.azr4j.model.train.TokenObjective;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine-side form of the policy loss: for every completion token, the PPO-clip surrogate
 * (with old log-probabilities and advantages from {@link TrainSequence}), minus the entropy bonus,
 * plus the optional k3 KL to a frozen reference, each multiplied by the sequence's token weight.
 * The weights already make the sum a per-group token mean, so micro-batches simply add up.
 * Accumulates statistics (token count, clipped tokens, entropy sum) across micro-batches.
 */
final class PpoObjective implements TokenObjective {
    private final List<TrainSequence> rl;
    private final PpoClip clip;
    private final LossSettings settings;
    private long tokens, clipped;
    private double entropySum;
    private double imitationNll;
    private long imitationTokens;

    /** @param rl the micro-batch's RL data, in the same order as the engine sequences */
    PpoObjective(List<TrainSequence> rl, LossSettings settings) {
        this.rl = rl;
        this.settings = settings;
        this.clip = new PpoClip(settings.clipLow(), settings.clipHigh());
    }

    @Override
    public Value evaluate(List<Sequence> batch, List<TokenScores> scores) {
        double loss = 0;
        List<float[]> dLogp = new ArrayList<>(batch.size());
        List<float[]> dEnt = new ArrayList<>(batch.size());
        for (int s = 0; s < batch.size(); s++) {
            TrainSequence seq = rl.get(s);
            TokenScores sc = scores.get(s);
            int n = batch.get(s).length() - 1;
            float[] gl = new float[n], ge = new float[n];
            int promptLen = seq.promptIds().length;
            double w = seq.tokenWeight();
            for (int j = 0; j < seq.completionIds().length; j++) {
                int t = promptLen + j - 1;  // scores index of completion token j
                double logp = sc.logprobs()[t];
                // NaN: the current policy (imitation of a known answer): the ratio is exactly 1, the gradient -A
                float old = seq.oldLogprobs()[j];
                boolean imitation = Float.isNaN(old);
                PpoClip.Token tok = clip.token(logp, imitation ? logp : old, seq.advantages()[j]);
                if (imitation) {
                    imitationNll -= logp;
                    imitationTokens++;
                }
                double g = tok.dLogp();
                double l = tok.loss();
                if (settings.klCoef() > 0 && seq.refLogprobs() != null) {
                    PpoClip.Token kl = PpoClip.klK3(logp, seq.refLogprobs()[j]);
                    l += settings.klCoef() * kl.loss();
                    g += settings.klCoef() * kl.dLogp();
                }
                double h = sc.entropies()[t];
                l -= settings.entropyCoef() * h;
                loss += w * l;
                gl[t] = (float) (w * g);
                ge[t] = (float) (-w * settings.entropyCoef());
                tokens++;
                entropySum += h;
                if (tok.clipped()) clipped++;
            }
            dLogp.add(gl);
            dEnt.add(ge);
        }
        return new Value(loss, dLogp, settings.entropyCoef() != 0 ? dEnt : null);
    }

    /** Summed negative log-likelihood and count of the imitation tokens (old log-probability NaN). */
    double imitationNll() {
        return imitationNll;
    }

    long imitationTokens() {
        return imitationTokens;
    }

    long tokens() {
        return tokens;
    }

    double meanEntropy() {
        return tokens == 0 ? 0 : entropySum / tokens;
    }

    double clipFraction() {
        return tokens == 0 ? 0 : (double) clipped / tokens;
    }
}
