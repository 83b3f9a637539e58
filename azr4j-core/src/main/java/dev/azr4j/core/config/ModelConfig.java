package dev.azr4j.core.config;

import java.nio.file.Path;

/**
 * The {@code model} section: which model is trained.
 *
 * @param path    HuggingFace checkpoint directory to start from; {@code null} = a new model from {@code preset}
 * @param preset  engine model preset used when {@code path} is null ({@code tiny} or {@code small})
 * @param dtype   precision of saved checkpoints; {@code fp32} keeps resumes exact, {@code bf16} halves the size
 * @param threads compute threads; 0 = all cores
 */
public record ModelConfig(
        @Nullable Path path,
        String preset,
        Dtype dtype,
        @Range(min = 0) int threads) {

    /** Precision of saved weights. */
    public enum Dtype { FP32, BF16 }

    public static ModelConfig defaults() {
        return new ModelConfig(null, "small", Dtype.FP32, 0);
    }
}
