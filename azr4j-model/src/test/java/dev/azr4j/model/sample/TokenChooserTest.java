package dev.azr4j.model.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The empirical distribution of draws follows HuggingFace's temperature → top-k → top-p filtering. */
class TokenChooserTest {
    private static final float[] LOGITS = {2.0f, 1.0f, 0.5f, 0.0f, -1.0f, 1.0f};

    private static double[] frequencies(SamplingParams p, int draws) {
        TokenChooser chooser = new TokenChooser(p);
        SplittableRandom rng = new SplittableRandom(11);
        double[] f = new double[LOGITS.length];
        for (int i = 0; i < draws; i++) f[chooser.choose(LOGITS, 0, LOGITS.length, rng).token()] += 1.0 / draws;
        return f;
    }

    private static double[] softmax(double temperature, boolean[] keep) {
        double[] p = new double[LOGITS.length];
        double s = 0;
        for (int j = 0; j < p.length; j++) {
            p[j] = keep[j] ? Math.exp(LOGITS[j] / temperature) : 0;
            s += p[j];
        }
        for (int j = 0; j < p.length; j++) p[j] /= s;
        return p;
    }

    private static void assertClose(double[] expected, double[] got) {
        for (int j = 0; j < expected.length; j++) assertEquals(expected[j], got[j], 0.01, "token " + j);
    }

    @Test
    void plainTemperatureSampling() {
        SamplingParams p = new SamplingParams(1, 0.7, 0, 1.0, 0, Set.of(), List.of());
        boolean[] all = {true, true, true, true, true, true};
        assertClose(softmax(0.7, all), frequencies(p, 200_000));
    }

    @Test
    void topKKeepsTiesWithTheKthLogit() {
        // k = 2: logits 2.0 and the two tied 1.0 survive
        SamplingParams p = new SamplingParams(1, 1.0, 2, 1.0, 0, Set.of(), List.of());
        assertClose(softmax(1.0, new boolean[] {true, true, false, false, false, true}), frequencies(p, 200_000));
    }

    @Test
    void topPKeepsTheSmallestPrefixReachingP() {
        // probabilities at T=1: .47 .17 .10 .06 .02 .17 → with p = 0.7 the top three (.47, .17, .17) are kept
        // (the mass before the 4th is .81 ≥ .7; with p = 0.6 only two would be)
        SamplingParams p = new SamplingParams(1, 1.0, 0, 0.7, 0, Set.of(), List.of());
        assertClose(softmax(1.0, new boolean[] {true, true, false, false, false, true}), frequencies(p, 200_000));
    }

    @Test
    void reportsTheUnfilteredTemperedLogprob() {
        SamplingParams p = new SamplingParams(1, 0.5, 1, 1.0, 0, Set.of(), List.of());
        TokenChooser.Choice c = new TokenChooser(p).choose(LOGITS, 0, LOGITS.length, new SplittableRandom(1));
        assertEquals(0, c.token());
        assertEquals(Math.log(softmax(0.5, new boolean[] {true, true, true, true, true, true})[0]), c.logprob(), 1e-6);
    }
}
