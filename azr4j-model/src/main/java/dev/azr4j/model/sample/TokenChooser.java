package dev.azr4j.model.sample;

import dev.azr4j.model.backend.LaneMath;
import dev.azr4j.model.nn.LogSoftmax;
import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Picks the next token from one row of logits: argmax for temperature 0, else a draw from
 * softmax(logits / T) after HuggingFace's top-k then top-p filtering. Reports the chosen token's
 * log-probability under the unfiltered tempered distribution. Logits of −∞ (masked by a grammar)
 * are never chosen: they have probability 0, and the top-k/top-p candidates leave them out.
 */
final class TokenChooser {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private final SamplingParams params;

    TokenChooser(SamplingParams params) {
        this.params = params;
    }

    /** Result holder: token and its log-probability. */
    record Choice(int token, float logprob) {}

    Choice choose(float[] logits, int off, int vocab, SplittableRandom rng) {
        if (params.greedyDecoding()) {
            int best = 0;
            float bestV = logits[off];
            for (int j = 1; j < vocab; j++) {
                if (logits[off + j] > bestV) {
                    bestV = logits[off + j];
                    best = j;
                }
            }
            return new Choice(best, (float) (bestV - logSumExp(logits, off, vocab, 1.0)));
        }
        double invT = 1.0 / params.temperature();
        double lse = logSumExp(logits, off, vocab, invT);
        double u = rng.nextDouble();
        boolean topK = params.topK() > 0 && params.topK() < vocab;
        boolean topP = params.topP() < 1.0;
        int token;
        if (!topK && !topP) {
            token = draw(logits, off, vocab, invT, lse, u);
        } else {
            token = drawFiltered(logits, off, vocab, invT, lse, u, topK ? params.topK() : vocab);
        }
        return new Choice(token, (float) (logits[off + token] * invT - lse));
    }

    private static int draw(float[] z, int off, int n, double invT, double lse, double u) {
        // walk the cumulative distribution a vector block at a time, then scalar inside the block;
        // LaneMath's exp and sum, so that the same seed draws the same token in every JIT tier
        float fInvT = (float) invT, fLse = (float) lse;
        double acc = 0;
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector p = LaneMath.exp(FloatVector.fromArray(S, z, off + i).mul(fInvT).sub(fLse));
            double block = LaneMath.sum(p);
            if (u < acc + block) break;
            acc += block;
        }
        for (; i < n; i++) {
            acc += Math.exp(z[off + i] * invT - lse);
            if (u < acc) return i;
        }
        // rounding left u above the total: take the last token with non-zero probability
        for (int j = n - 1; j > 0; j--) if (Math.exp(z[off + j] * invT - lse) > 0) return j;
        return 0;
    }

    private int drawFiltered(float[] z, int off, int n, double invT, double lse, double u, int k) {
        // candidates by decreasing logit: the top-k set, or (top-p alone) a prefix grown until it
        // holds at least p of the mass
        int[] top;
        double total;
        if (k < n) {
            top = withTies(z, off, n, largest(z, off, n, k));
            total = 0;
            for (int idx : top) total += Math.exp(z[off + idx] * invT - lse);
        } else {
            int want = 64;
            while (true) {
                top = largest(z, off, n, want);
                double mass = 0;
                for (int idx : top) mass += Math.exp(z[off + idx] * invT - lse);
                if (mass >= params.topP() || want >= n) break;
                want = Math.min(n, want * 4);
            }
            total = 1.0;
        }
        // top-p on the renormalised distribution: keep while the mass before a token is < p
        int keep = top.length;
        if (params.topP() < 1) {
            double before = 0;
            keep = 0;
            for (int idx : top) {
                if (keep > 0 && before >= params.topP()) break;
                before += Math.exp(z[off + idx] * invT - lse) / total;
                keep++;
            }
        }
        double kept = 0;
        for (int i = 0; i < keep; i++) kept += Math.exp(z[off + top[i]] * invT - lse);
        double target = u * kept, acc = 0;
        for (int i = 0; i < keep; i++) {
            acc += Math.exp(z[off + top[i]] * invT - lse);
            if (target < acc) return top[i];
        }
        return top[keep - 1];
    }

    /** Indices of the {@code k} largest finite-or-+∞ values, in decreasing order (ties: lower index first); −∞ entries are skipped. */
    private static int[] largest(float[] z, int off, int n, int k) {
        k = Math.min(k, n);
        PriorityQueue<Integer> heap = new PriorityQueue<>(k + 1, (a, b) -> {
            int c = Float.compare(z[off + a], z[off + b]);
            return c != 0 ? c : Integer.compare(b, a);
        });
        for (int j = 0; j < n; j++) {
            if (z[off + j] == Float.NEGATIVE_INFINITY) continue;
            if (heap.size() < k) heap.add(j);
            else {
                int min = heap.peek();
                if (z[off + j] > z[off + min]) {
                    heap.poll();
                    heap.add(j);
                }
            }
        }
        int[] out = new int[heap.size()];
        for (int i = out.length - 1; i >= 0; i--) out[i] = heap.poll();
        return out;
    }

    private static int[] withTies(float[] z, int off, int n, int[] top) {
        float kth = z[off + top[top.length - 1]];
        int extra = 0;
        boolean[] in = new boolean[n];
        for (int idx : top) in[idx] = true;
        for (int j = 0; j < n; j++) if (!in[j] && z[off + j] == kth) extra++;
        if (extra == 0) return top;
        int[] out = Arrays.copyOf(top, top.length + extra);
        int p = top.length;
        for (int j = 0; j < n; j++) if (!in[j] && z[off + j] == kth) out[p++] = j;
        return out;
    }

    static double logSumExp(float[] z, int off, int n, double invT) {
        return LogSoftmax.logSumExp(z, off, n, invT);
    }
}
