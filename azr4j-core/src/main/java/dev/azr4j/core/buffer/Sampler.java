package dev.azr4j.core.buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/** Seeded draws from lists: with or without replacement, uniform or weighted. */
final class Sampler {
    private Sampler() {}

    /** Up to {@code k} distinct items; {@code weight == null} means uniform. */
    static <E> List<E> withoutReplacement(List<E> items, int k, ToDoubleFunction<E> weight, RandomGenerator rng) {
        int n = items.size();
        k = Math.min(k, n);
        List<E> out = new ArrayList<>(k);
        if (k <= 0) return out;
        if (weight == null) {
            // partial Fisher–Yates over an index array
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) idx[i] = i;
            for (int i = 0; i < k; i++) {
                int j = i + rng.nextInt(n - i);
                int t = idx[i]; idx[i] = idx[j]; idx[j] = t;
                out.add(items.get(idx[i]));
            }
            return out;
        }
        double[] w = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) total += w[i] = Math.max(0, weight.applyAsDouble(items.get(i)));
        for (int d = 0; d < k && total > 0; d++) {
            int i = pick(w, total, rng);
            out.add(items.get(i));
            total -= w[i];
            w[i] = 0;
        }
        return out;
    }

    /** Exactly {@code k} items drawn with replacement by weight. */
    static <E> List<E> withReplacement(List<E> items, int k, ToDoubleFunction<E> weight, RandomGenerator rng) {
        double[] w = new double[items.size()];
        double total = 0;
        for (int i = 0; i < w.length; i++) total += w[i] = Math.max(0, weight.applyAsDouble(items.get(i)));
        List<E> out = new ArrayList<>(k);
        for (int d = 0; d < k; d++) out.add(items.get(pick(w, total, rng)));
        return out;
    }

    /** Exactly {@code k} items: distinct while the list lasts, then again from a fresh shuffle. */
    static <E> List<E> fill(List<E> items, int k, RandomGenerator rng) {
        List<E> out = new ArrayList<>(k);
        while (out.size() < k) out.addAll(withoutReplacement(items, k - out.size(), null, rng));
        return out;
    }

    private static int pick(double[] w, double total, RandomGenerator rng) {
        double r = rng.nextDouble() * total;
        int last = -1;
        for (int i = 0; i < w.length; i++) {
            if (w[i] <= 0) continue;
            last = i;
            r -= w[i];
            if (r < 0) return i;
        }
        return last;
    }
}
