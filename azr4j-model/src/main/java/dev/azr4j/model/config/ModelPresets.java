package dev.azr4j.model.config;

import java.util.List;
import java.util.Map;

/**
 * Named model shapes for training from zero on a byte-level vocabulary. Token ids 0–255 are the
 * bytes; the special ids above them are fixed here (the byte tokenizer must agree):
 * {@value #END_OF_TEXT} = {@code <|endoftext|>}, {@value #IM_START} = {@code <|im_start|>},
 * {@value #IM_END} = {@code <|im_end|>} (padding uses {@value #END_OF_TEXT}); ids up to
 * {@value #BYTE_VOCAB_SIZE} − 1 are reserved. Both presets are Qwen2 (qkv bias, tied embeddings).
 */
public final class ModelPresets {
    public static final int END_OF_TEXT = 256;
    public static final int IM_START = 257;
    public static final int IM_END = 258;
    /** 256 bytes + 16 special/reserved ids (a multiple of 16 keeps the LM head's rows aligned). */
    public static final int BYTE_VOCAB_SIZE = 272;

    private static final Map<String, ModelConfig> PRESETS = Map.of(
            // about 1.6M parameters
            "tiny", byteModel(192, 512, 4, 6, 2),
            // about 17M parameters
            "small", byteModel(512, 1408, 6, 8, 2));

    private ModelPresets() {}

    private static ModelConfig byteModel(int hidden, int ffn, int layers, int heads, int kvHeads) {
        return new ModelConfig(ModelConfig.QWEN2, BYTE_VOCAB_SIZE, hidden, ffn, layers, heads, kvHeads,
                hidden / heads, 10000.0, 1e-6, true, false, true, 4096, END_OF_TEXT, List.of(END_OF_TEXT, IM_END));
    }

    /** The preset called {@code name}; the message lists the known names otherwise. */
    public static ModelConfig get(String name) {
        ModelConfig c = PRESETS.get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown model preset '" + name + "'; known presets: " + names());
        }
        return c;
    }

    public static List<String> names() {
        return PRESETS.keySet().stream().sorted().toList();
    }
}
