package dev.azr4j.model.nn;

import dev.azr4j.model.config.ModelConfig;

/**
 * Keys and values (after RoPE) of one sequence's past tokens, per layer, stored transposed:
 * entry (c, pos) of a layer is at {@code c · capacity + pos} where c = kvHead · headDim + dim.
 * Attention then runs along positions with contiguous, vectorisable loops and no per-step transpose.
 */
public final class KvCache {
    private final int layers;
    private final int kvDim;
    final float[][] keys;
    final float[][] values;
    private int capacity;
    private int length;

    /** A cache with room for {@code capacity} tokens; it grows if more are appended. */
    public KvCache(ModelConfig c, int capacity) {
        this(c.numLayers(), c.kvDim(), capacity);
    }

    private KvCache(int layers, int kvDim, int capacity) {
        this.layers = layers;
        this.kvDim = kvDim;
        this.capacity = Math.max(1, capacity);
        keys = new float[layers][kvDim * this.capacity];
        values = new float[layers][kvDim * this.capacity];
    }

    /** Tokens cached so far (the position of the next token). */
    public int length() {
        return length;
    }

    /** The leading dimension of the transposed layout. */
    int capacity() {
        return capacity;
    }

    /** Makes room for {@code tokens} positions in total. */
    void ensureCapacity(int tokens) {
        if (tokens <= capacity) return;
        int cap = Math.max(tokens, capacity * 2);
        for (int l = 0; l < layers; l++) {
            keys[l] = relayout(keys[l], capacity, cap);
            values[l] = relayout(values[l], capacity, cap);
        }
        capacity = cap;
    }

    private float[] relayout(float[] old, int oldCap, int newCap) {
        float[] a = new float[kvDim * newCap];
        for (int c = 0; c < kvDim; c++) System.arraycopy(old, c * oldCap, a, c * newCap, length);
        return a;
    }

    /** Stores rows [row0, row0+n) of k and v (row-major, width kvDim) at positions [pos0, pos0+n) of layer l. */
    void store(int l, float[] k, float[] v, int row0, int n, int pos0) {
        float[] kt = keys[l], vt = values[l];
        for (int t = 0; t < n; t++) {
            int src = (row0 + t) * kvDim, pos = pos0 + t;
            for (int c = 0; c < kvDim; c++) {
                kt[c * capacity + pos] = k[src + c];
                vt[c * capacity + pos] = v[src + c];
            }
        }
    }

    void advance(int tokens) {
        length += tokens;
    }

    /** An independent cache holding the same tokens (e.g. one prompt prefilled once, sampled N times). */
    public KvCache copy(int capacity) {
        KvCache c = new KvCache(layers, kvDim, Math.max(capacity, length));
        for (int l = 0; l < layers; l++) {
            for (int r = 0; r < kvDim; r++) {
                System.arraycopy(keys[l], r * this.capacity, c.keys[l], r * c.capacity, length);
                System.arraycopy(values[l], r * this.capacity, c.values[l], r * c.capacity, length);
            }
        }
        c.length = length;
        return c;
    }

    /** Forgets everything after the first {@code tokens} (e.g. to reuse a prompt prefix). */
    public void truncate(int tokens) {
        if (tokens < 0 || tokens > length) throw new IllegalArgumentException("cannot truncate " + length + " tokens to " + tokens);
        length = tokens;
    }
}
