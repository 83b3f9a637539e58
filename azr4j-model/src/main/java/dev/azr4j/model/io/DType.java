package dev.azr4j.model.io;

/** Element types of checkpoint tensors; values are always fp32 in memory and converted on read/write. */
public enum DType {
    F32(4), BF16(2), F16(2);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element in a file. */
    public int bytes() {
        return bytes;
    }

    /** The dtype named as in a safetensors header ({@code F32}, {@code BF16}, {@code F16}). */
    public static DType ofSafetensorsName(String name) {
        return switch (name) {
            case "F32" -> F32;
            case "BF16" -> BF16;
            case "F16" -> F16;
            default -> throw new IllegalArgumentException("unsupported dtype " + name + "; supported are F32, BF16 and F16");
        };
    }

    /** The dtype a user names: {@code fp32|float32|f32}, {@code bf16|bfloat16}, {@code fp16|float16|f16}. */
    public static DType parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "fp32", "float32", "f32" -> F32;
            case "bf16", "bfloat16" -> BF16;
            case "fp16", "float16", "f16" -> F16;
            default -> throw new IllegalArgumentException("unknown dtype '" + name + "'; expected fp32, bf16 or fp16");
        };
    }

    /** The name transformers' {@code config.json} uses ({@code float32}, {@code bfloat16}, {@code float16}). */
    public String torchName() {
        return switch (this) {
            case F32 -> "float32";
            case BF16 -> "bfloat16";
            case F16 -> "float16";
        };
    }

    /** fp32 → bf16 bits, rounding to nearest even as PyTorch does; NaN stays a (quiet) NaN. */
    public static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return (short) ((bits >>> 16) | 0x40);
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    public static float fromBf16(short b) {
        return Float.intBitsToFloat((b & 0xffff) << 16);
    }
}
