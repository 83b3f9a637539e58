package dev.azr4j.model.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two Vector API operations whose result the API leaves open, rebuilt from operations it
 * specifies exactly (lanewise IEEE add, multiply, FMA, lane moves, integer bit arithmetic), so that
 * they give the same bits however the calling code runs.
 * <p>Why: {@code reduceLanes(ADD)} on floats may add the lanes in any order, and
 * {@code lanewise(EXP)} is only an approximation. HotSpot does compute them differently by tier: the
 * interpreter and C1 run the Java fallbacks (lanes added left to right, {@code Math.exp} per lane),
 * C2 its own order and SVML's vector exp. Which tier ran a given call depends on when the JIT
 * finished compiling the method, that is on timing and on the threads — so two training runs with
 * the same seed and thread count differed from the first step on (by ~1e-9 in the loss on the
 * AVX-512 machine). With this class every tier computes the same bits, at about the same speed.
 */
public final class LaneMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Lane counts these shuffles are written for; others (none on x86 or NEON) take a scalar path. */
    private static final boolean TREE = L == 4 || L == 8 || L == 16;
    /** Folds: lane i + h to lane i, for h = 8, 4, 2, 1 (those at or above L unused). */
    private static final VectorShuffle<Float> FOLD8 = fold(8), FOLD4 = fold(4), FOLD2 = fold(2), FOLD1 = fold(1);
    /** Index vectors of {@link #merge} for inputs of 1, 2, 4, 8 groups (those at or above L unused). */
    private static final FloatVector LO1 = mergeIndex(1, false), HI1 = mergeIndex(1, true), LO2 = mergeIndex(2, false),
            HI2 = mergeIndex(2, true), LO4 = mergeIndex(4, false), HI4 = mergeIndex(4, true), LO8 = mergeIndex(8, false),
            HI8 = mergeIndex(8, true);

    private LaneMath() {}

    private static VectorShuffle<Float> fold(int h) {
        return VectorShuffle.fromOp(S, i -> (i + h) % L);
    }

    /**
     * The sum of the lanes in a fixed pairwise order: lanes i and i + L/2 first, then those sums
     * likewise, down to one lane.
     */
    public static float sum(FloatVector v) {
        if (!TREE) return scalarSum(v);
        if (L >= 16) v = v.add(v.rearrange(FOLD8));
        if (L >= 8) v = v.add(v.rearrange(FOLD4));
        v = v.add(v.rearrange(FOLD2));
        v = v.add(v.rearrange(FOLD1));
        return v.lane(0);
    }

    private static float scalarSum(FloatVector v) {
        float[] a = v.toArray();
        float s = 0;
        for (float x : a) s += x;
        return s;
    }

    /**
     * The lane sums of 16 vectors stored one after another in {@code acc[0 .. 16·L)} (a 4×4 block
     * of dot-product accumulators, row-major), into {@code out[0..16)}: each in the order of
     * {@link #sum}, but the 16 reductions share their steps (15 two-vector merges instead of 16
     * folds). The vectors come through memory rather than as arguments so that this stays a
     * separate compilation: inlined into a caller that already holds 16 accumulators, C2 reaches
     * its inlining node limit and stops inlining Vector API calls (boxing every vector).
     */
    public static void sums16(float[] acc, float[] out) {
        if (!TREE) {
            for (int i = 0; i < 16; i++) out[i] = scalarSum(FloatVector.fromArray(S, acc, i * L));
            return;
        }
        // each row: 4 groups of L/4 lanes
        FloatVector r0 = merge(merge(v(acc, 0), v(acc, 1), 1), merge(v(acc, 2), v(acc, 3), 1), 2);
        FloatVector r1 = merge(merge(v(acc, 4), v(acc, 5), 1), merge(v(acc, 6), v(acc, 7), 1), 2);
        FloatVector r2 = merge(merge(v(acc, 8), v(acc, 9), 1), merge(v(acc, 10), v(acc, 11), 1), 2);
        FloatVector r3 = merge(merge(v(acc, 12), v(acc, 13), 1), merge(v(acc, 14), v(acc, 15), 1), 2);
        if (L == 4) {
            r0.intoArray(out, 0);
            r1.intoArray(out, 4);
            r2.intoArray(out, 8);
            r3.intoArray(out, 12);
        } else if (L == 8) {
            merge(r0, r1, 4).intoArray(out, 0);
            merge(r2, r3, 4).intoArray(out, 8);
        } else {
            merge(merge(r0, r1, 4), merge(r2, r3, 4), 8).intoArray(out, 0);
        }
    }

    /**
     * The lane sums of 4 vectors stored one after another in {@code acc[0 .. 4·L)}, into
     * {@code out[0..4)}, each in the order of {@link #sum}; {@code acc[4·L .. 5·L)} is scratch.
     */
    public static void sums4(float[] acc, float[] out) {
        if (!TREE) {
            for (int i = 0; i < 4; i++) out[i] = scalarSum(FloatVector.fromArray(S, acc, i * L));
            return;
        }
        // 4 groups of L/4 lanes, then each group folded to its first lane
        FloatVector r = merge(merge(v(acc, 0), v(acc, 1), 1), merge(v(acc, 2), v(acc, 3), 1), 2);
        if (L >= 16) r = r.add(r.rearrange(FOLD2));
        if (L >= 8) r = r.add(r.rearrange(FOLD1));
        r.intoArray(acc, 4 * L);
        for (int g = 0; g < 4; g++) out[g] = acc[4 * L + g * (L / 4)];
    }

    private static FloatVector v(float[] acc, int i) {
        return FloatVector.fromArray(S, acc, i * L);
    }

    /**
     * a and b each hold {@code groups} partial sums, group g in lanes [g·w, (g+1)·w) with
     * w = L/groups; returns 2·groups partial sums of w/2 lanes, those of a first: group g's two
     * halves are added lane by lane (the first step of {@link #sum} for every group at once).
     */
    private static FloatVector merge(FloatVector a, FloatVector b, int groups) {
        FloatVector lo, hi;
        switch (groups) {
            case 1 -> { lo = LO1; hi = HI1; }
            case 2 -> { lo = LO2; hi = HI2; }
            case 4 -> { lo = LO4; hi = HI4; }
            default -> { lo = LO8; hi = HI8; }
        }
        return lo.selectFrom(a, b).add(hi.selectFrom(a, b));
    }

    /** For {@link #merge}: where output lane k·(w/2) + q takes its low (or high) half's value from, in [a, b]. */
    private static FloatVector mergeIndex(int groups, boolean high) {
        float[] idx = new float[L];
        int w = L / groups;
        if (!TREE || w < 2) return FloatVector.zero(S);
        for (int k = 0; k < 2 * groups; k++) {
            int from = k < groups ? k * w : L + (k - groups) * w;
            for (int q = 0; q < w / 2; q++) idx[k * (w / 2) + q] = from + (high ? w / 2 : 0) + q;
        }
        return FloatVector.fromArray(S, idx, 0);
    }

    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split in two: the high part has few bits, so n·LN2_HI is exact for the n that occur. */
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** 1.5·2²³: adding it rounds a float below 2²² to the nearest integer, readable in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    /** Below exp(-104) the float result is 0, above exp(89) it is +∞; clamping keeps 2ⁿ representable. */
    private static final float MIN_ARG = -104f, MAX_ARG = 89f;

    /**
     * e^x lanewise, within 1 ulp of {@code Math.exp} over the whole float range (Cody–Waite
     * reduction and Cephes' expf polynomial, FMA-evaluated): −∞ gives 0, +∞ gives +∞, NaN gives
     * NaN, results below the normal range are subnormal or 0.
     */
    public static FloatVector exp(FloatVector x) {
        // clamp by compare and blend (a NaN compares false and stays); cheaper than min/max,
        // whose Java semantics (NaN, −0) take several instructions each on x86
        FloatVector c = x.blend(MIN_ARG, x.lt(MIN_ARG));
        c = c.blend(MAX_ARG, c.compare(VectorOperators.GT, MAX_ARG));
        // n = round(x / ln 2), read from the mantissa of t (exact integer arithmetic)
        FloatVector t = c.fma(LOG2E, ROUNDER);
        FloatVector n = t.sub(ROUNDER);
        IntVector ni = t.reinterpretAsInts().sub(ROUNDER_BITS);
        // r = x − n·ln 2 in [−ln2/2, ln2/2], Cody–Waite
        FloatVector r = n.fma(k(-LN2_HI), c);
        r = n.fma(k(-LN2_LO), r);
        // e^r ≈ 1 + r·(1 + r·P(r)), Horner
        FloatVector p = k(1.9875691500e-4f);
        p = p.fma(r, k(1.3981999507e-3f));
        p = p.fma(r, k(8.3334519073e-3f));
        p = p.fma(r, k(4.1665795894e-2f));
        p = p.fma(r, k(1.6666665459e-1f));
        p = p.fma(r, k(5.0000001201e-1f));
        p = p.fma(r, k(1f));
        FloatVector e = p.fma(r, k(1f));
        // e · 2ⁿ as two factors 2^(n/2), 2^(n − n/2): each a normal float for n in [−150, 129],
        // and the second product rounds once into the subnormals
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return e.mul(s1).mul(s2);
    }

    private static FloatVector k(float v) {
        return FloatVector.broadcast(S, v);
    }
}
