package dev.azr4j.core.rl;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.model.train.LrSchedule;
import org.junit.jupiter.api.Test;

class AdvantagesTest {
    @Test
    void tokenWeightedWhiteningByHand() {
        // mu = (1*1 + 0*3)/4 = 0.25; var = (1*0.75^2 + 3*0.25^2)/4 * 4/3 = 0.25; sigma = 0.5
        double[] a = Advantages.compute(new double[]{1, 0}, new int[]{1, 3}, Whitening.TOKEN);
        assertEquals(1.5, a[0], 1e-6);
        assertEquals(-0.5, a[1], 1e-6);
    }

    @Test
    void responseWeightedWhiteningByHand() {
        // mu = 0.5; var = (0.25 + 0.25)/2 * 2/1 = 0.5
        double[] a = Advantages.compute(new double[]{1, 0}, new int[]{1, 3}, Whitening.RESPONSE);
        assertEquals(0.5 / Math.sqrt(0.5), a[0], 1e-6);
        assertEquals(-0.5 / Math.sqrt(0.5), a[1], 1e-6);
    }

    @Test
    void threeRewardsTokenWeighted() {
        // rewards 1, -0.5, -1 with lengths 2, 2, 4: n = 8, mu = (2 - 1 - 4)/8 = -0.375
        // sum L (r-mu)^2 = 2*1.890625 + 2*0.015625 + 4*0.390625 = 5.375; var = 5.375/8 * 8/7 = 0.767857
        double[] a = Advantages.compute(new double[]{1, -0.5, -1}, new int[]{2, 2, 4}, Whitening.TOKEN);
        double sigma = Math.sqrt(5.375 / 7 + 1e-8);
        assertEquals(1.375 / sigma, a[0], 1e-9);
        assertEquals(-0.125 / sigma, a[1], 1e-9);
        assertEquals(-0.625 / sigma, a[2], 1e-9);
    }

    @Test
    void equalRewardsGiveZero() {
        assertArrayEquals(new double[]{0, 0, 0}, Advantages.compute(new double[]{-1, -1, -1}, new int[]{5, 1, 9}, Whitening.TOKEN));
        assertArrayEquals(new double[]{0.0}, Advantages.compute(new double[]{0.7}, new int[]{3}, Whitening.TOKEN));
        assertArrayEquals(new double[0], Advantages.compute(new double[0], new int[0], Whitening.TOKEN));
    }

    @Test
    void singleTokenGroupHasNoVarianceEstimate() {
        assertArrayEquals(new double[]{0, 0}, Advantages.compute(new double[]{1, 0}, new int[]{1, 0}, Whitening.TOKEN));
    }

    @Test
    void ppoClipBranches() {
        PpoClip clip = new PpoClip(0.2, 0.28);
        PpoClip.Token onPolicy = clip.token(-1.0, -1.0, 2.0);
        assertEquals(-2.0, onPolicy.loss(), 1e-12);
        assertEquals(-2.0, onPolicy.dLogp(), 1e-12);
        assertFalse(onPolicy.clipped());

        PpoClip.Token high = clip.token(Math.log(1.5), 0.0, 1.0);   // positive advantage, ratio above 1.28
        assertEquals(-1.28, high.loss(), 1e-12);
        assertEquals(0.0, high.dLogp());
        assertTrue(high.clipped());

        PpoClip.Token inside = clip.token(Math.log(1.25), 0.0, 1.0); // within the asymmetric high range
        assertFalse(inside.clipped());
        assertEquals(-1.25, inside.dLogp(), 1e-12);

        PpoClip.Token low = clip.token(Math.log(0.5), 0.0, -1.0);    // negative advantage, ratio below 0.8
        assertEquals(0.8, low.loss(), 1e-12);
        assertTrue(low.clipped());

        PpoClip.Token pessimistic = clip.token(Math.log(1.5), 0.0, -1.0); // negative advantage, ratio high: unclipped
        assertEquals(1.5, pessimistic.loss(), 1e-12);
        assertEquals(1.5, pessimistic.dLogp(), 1e-12);
    }

    @Test
    void klK3IsZeroAtTheReference() {
        PpoClip.Token kl = PpoClip.klK3(-2.0, -2.0);
        assertEquals(0.0, kl.loss(), 1e-12);
        assertEquals(0.0, kl.dLogp(), 1e-12);
        assertTrue(PpoClip.klK3(-1.0, -2.0).loss() > 0);
    }

    @Test
    void klK3GradientVanishesWhereVerlClamps() {
        // inside the clamps: d(e^d − d − 1)/dlogπ with d = logπ_ref − logπ is 1 − e^d
        PpoClip.Token inside = PpoClip.klK3(-1.0, -2.0);
        assertEquals(1 - Math.exp(-1.0), inside.dLogp(), 1e-12);
        // d = 5: e^5 − 6 ≈ 142 is clamped to 10, so torch's gradient is 0 (not 1 − e^5 ≈ −147)
        PpoClip.Token clampedValue = PpoClip.klK3(-6.0, -1.0);
        assertEquals(10.0, clampedValue.loss(), 1e-12);
        assertEquals(0.0, clampedValue.dLogp(), 1e-12);
        // d = −30: e^d − d − 1 ≈ 29 is clamped to 10 as well, gradient 0
        PpoClip.Token clampedLog = PpoClip.klK3(0.0, -30.0);
        assertEquals(10.0, clampedLog.loss(), 1e-12);
        assertEquals(0.0, clampedLog.dLogp(), 1e-12);
    }

    @Test
    void everyGroupWeighsTheSame() {
        double[] w = TokenWeights.perGroupMean(new int[]{0, 0, 1, 2}, new int[]{2, 3, 5, 0}, 3);
        // two non-empty groups: group 0 has 5 tokens, group 1 has 5 tokens
        assertEquals(1.0 / 10, w[0], 1e-12);
        assertEquals(1.0 / 10, w[1], 1e-12);
        assertEquals(1.0 / 10, w[2], 1e-12);
        assertEquals(0.0, w[3]);
        double total = 2 * w[0] + 3 * w[1] + 5 * w[2];
        assertEquals(1.0, total, 1e-12);
    }

    @Test
    void lrSchedule() {
        assertEquals(1e-6, new LrSchedule.Constant(1e-6).lr(0));
        LrSchedule warm = new LrSchedule.Cosine(1.0, 4, 14, 0.1);
        assertEquals(0.25, warm.lr(0), 1e-12);
        assertEquals(1.0, warm.lr(3), 1e-12);
        assertEquals(0.55, warm.lr(9), 1e-12);
        assertEquals(0.1, warm.lr(14), 1e-12);
    }
}
