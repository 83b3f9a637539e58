package dev.azr4j.model.io;

import java.util.Arrays;

/** A tensor read from or written to a checkpoint: name, shape and fp32 values (row-major). */
public record NamedTensor(String name, int[] shape, float[] data) {
    public NamedTensor {
        long n = 1;
        for (int d : shape) n *= d;
        if (n != data.length) {
            throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape)
                    + " holds " + n + " values but " + data.length + " were given");
        }
    }

    public int numel() {
        return data.length;
    }
}
