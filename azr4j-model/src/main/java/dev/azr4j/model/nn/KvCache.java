package dev.azr4j.model.nn;

import dev.azr4j.model.config.ModelConfig;
import java.util.Arrays;

/** Keys and values (after RoPE) of one sequence's past tokens, per layer, rows of width kvDim. */
public final class KvCache {
    private final int layers;
    private final int kvDim;
    final float[][] keys;
    final float[][] values;
    private int length;

    /** A cache with room for {@code capacity} tokens; it grows if more are appended. */
    public KvCache(ModelConfig c, int capacity) {
        this(c.numLayers(), c.kvDim(), capacity);
    }

    private KvCache(int layers, int kvDim, int capacity) {
        this.layers = layers;
        this.kvDim = kvDim;
        keys = new float[layers][Math.max(1, capacity) * kvDim];
        values = new float[layers][Math.max(1, capacity) * kvDim];
    }

    /** Tokens cached so far (the position of the next token). */
    public int length() {
        return length;
    }

    /** Makes room for {@code tokens} rows in total. */
    void ensureCapacity(int tokens) {
        if (tokens * kvDim <= keys[0].length) return;
        int cap = Math.max(tokens, keys[0].length / kvDim * 2);
        for (int l = 0; l < layers; l++) {
            keys[l] = Arrays.copyOf(keys[l], cap * kvDim);
            values[l] = Arrays.copyOf(values[l], cap * kvDim);
        }
    }

    void advance(int tokens) {
        length += tokens;
    }

    /** An independent cache holding the same tokens (e.g. one prompt prefilled once, sampled N times). */
    public KvCache copy(int capacity) {
        KvCache c = new KvCache(layers, kvDim, Math.max(capacity, length));
        for (int l = 0; l < layers; l++) {
            System.arraycopy(keys[l], 0, c.keys[l], 0, length * kvDim);
            System.arraycopy(values[l], 0, c.values[l], 0, length * kvDim);
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
