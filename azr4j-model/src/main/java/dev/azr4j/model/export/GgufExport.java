package dev.azr4j.model.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.io.CheckpointException;
import dev.azr4j.model.io.GgufWriter;
import dev.azr4j.model.io.NamedTensor;
import dev.azr4j.model.io.SafeTensorsReader;
import dev.azr4j.model.nn.ModelWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A HuggingFace checkpoint directory as azr4j writes it ({@code config.json}, safetensors,
 * {@code tokenizer.json}) turned into one fp32 GGUF file that llama.cpp runs: the tensors under
 * llama.cpp's names, the hyper-parameters under its keys, and the byte-level BPE tokenizer as its
 * {@code gpt2} tokenizer (tokens, token types, merges, special ids). Qwen2 and Llama checkpoints;
 * Llama's query and key rows are permuted into llama.cpp's rotary layout, as its own converter
 * does (Qwen2's are not: llama.cpp rotates them as HuggingFace does).
 */
public final class GgufExport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LAYER = Pattern.compile("model\\.layers\\.(\\d+)\\.(.+)");
    /** The split pattern of Qwen2's tokenizer (llama.cpp's "qwen2" pre-tokenizer). */
    private static final String QWEN2_SPLIT_START = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}";

    static final int NORMAL = 1, CONTROL = 3, USER_DEFINED = 4, UNUSED = 5;

    private GgufExport() {}

    /** What was written: the tensor count and the tokenizer's size and pre-tokenizer. */
    public record Summary(String architecture, int tensors, int tokens, int merges, String preTokenizer) {}

    /**
     * Writes {@code out} from the checkpoint in {@code dir}.
     *
     * @throws CheckpointException a missing or inconsistent checkpoint, an architecture or tokenizer it cannot export
     */
    public static Summary write(Path dir, Path out) throws IOException {
        if (!Files.isDirectory(dir)) throw new CheckpointException("model directory not found: " + dir);
        ModelConfig c = ModelConfig.read(dir);
        String arch = switch (c.architecture()) {
            case ModelConfig.QWEN2 -> "qwen2";
            case ModelConfig.LLAMA -> "llama";
            default -> throw new CheckpointException(dir + ": GGUF export supports Qwen2 and Llama checkpoints, not " + c.architecture());
        };
        ModelWeights weights = ModelWeights.fromTensors(c, SafeTensorsReader.readDirectory(dir), dir.toString());
        Path tokenizerFile = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerFile))
            throw new CheckpointException(dir + " has no tokenizer.json: llama.cpp needs the tokenizer inside the GGUF file");
        Vocabulary vocab = Vocabulary.read(tokenizerFile, readOptional(dir.resolve("tokenizer_config.json")), c.vocabSize());

        GgufWriter w = new GgufWriter();
        w.putString("general.architecture", arch);
        w.putString("general.name", dir.toAbsolutePath().normalize().getFileName().toString());
        w.putUint32("general.file_type", 0);   // all fp32
        w.putUint32(arch + ".context_length", c.maxPositionEmbeddings());
        w.putUint32(arch + ".embedding_length", c.hiddenSize());
        w.putUint32(arch + ".feed_forward_length", c.intermediateSize());
        w.putUint32(arch + ".block_count", c.numLayers());
        w.putUint32(arch + ".attention.head_count", c.numHeads());
        w.putUint32(arch + ".attention.head_count_kv", c.numKvHeads());
        w.putUint32(arch + ".attention.key_length", c.headDim());
        w.putUint32(arch + ".attention.value_length", c.headDim());
        w.putUint32(arch + ".rope.dimension_count", c.headDim());
        w.putFloat32(arch + ".rope.freq_base", c.ropeTheta());
        w.putFloat32(arch + ".attention.layer_norm_rms_epsilon", c.rmsNormEps());
        w.putUint32(arch + ".vocab_size", c.vocabSize());
        w.putString("tokenizer.ggml.model", "gpt2");
        w.putString("tokenizer.ggml.pre", vocab.preTokenizer());
        w.putStrings("tokenizer.ggml.tokens", vocab.tokens());
        w.putInt32s("tokenizer.ggml.token_type", vocab.types());
        w.putStrings("tokenizer.ggml.merges", vocab.merges());
        if (c.bosTokenId() >= 0) w.putUint32("tokenizer.ggml.bos_token_id", c.bosTokenId());
        if (!c.eosTokenIds().isEmpty()) w.putUint32("tokenizer.ggml.eos_token_id", c.eosTokenIds().getFirst());
        if (vocab.padId() >= 0) w.putUint32("tokenizer.ggml.padding_token_id", vocab.padId());
        w.putBool("tokenizer.ggml.add_bos_token", vocab.addBos());

        int count = 0;
        for (NamedTensor t : weights.tensors()) {
            w.addTensor(renamed(t, arch, c));
            count++;
        }
        w.write(out);
        return new Summary(arch, count, vocab.tokens().size(), vocab.merges().size(), vocab.preTokenizer());
    }

    /** {@code t} under llama.cpp's name, its rows permuted where llama.cpp's rotary layout differs. */
    static NamedTensor renamed(NamedTensor t, String arch, ModelConfig c) {
        String n = t.name();
        String whole = switch (n) {
            case "model.embed_tokens.weight" -> "token_embd.weight";
            case "model.norm.weight" -> "output_norm.weight";
            case "lm_head.weight" -> "output.weight";
            default -> null;
        };
        if (whole != null) return new NamedTensor(whole, t.shape(), t.data());
        Matcher m = LAYER.matcher(n);
        if (!m.matches()) throw new IllegalArgumentException("no GGUF name for tensor " + n);
        String rest = m.group(2);
        String suffix = rest.endsWith(".bias") ? "bias" : "weight";
        String base = rest.substring(0, rest.lastIndexOf('.'));
        String gguf = switch (base) {
            case "input_layernorm" -> "attn_norm";
            case "self_attn.q_proj" -> "attn_q";
            case "self_attn.k_proj" -> "attn_k";
            case "self_attn.v_proj" -> "attn_v";
            case "self_attn.o_proj" -> "attn_output";
            case "post_attention_layernorm" -> "ffn_norm";
            case "mlp.gate_proj" -> "ffn_gate";
            case "mlp.up_proj" -> "ffn_up";
            case "mlp.down_proj" -> "ffn_down";
            default -> throw new IllegalArgumentException("no GGUF name for tensor " + n);
        };
        float[] data = t.data();
        if (arch.equals("llama") && (gguf.equals("attn_q") || gguf.equals("attn_k"))) {
            data = permuteRotaryRows(data, gguf.equals("attn_q") ? c.numHeads() : c.numKvHeads(), rowWidth(t));
        }
        return new NamedTensor("blk." + m.group(1) + "." + gguf + "." + suffix, t.shape(), data);
    }

    private static int rowWidth(NamedTensor t) {
        return t.shape().length == 1 ? 1 : t.shape()[1];
    }

    /**
     * HuggingFace's rotary layout pairs dimension i with i + headDim/2 within each head; llama.cpp's
     * Llama pairs 2i with 2i+1. Each head's rows are reordered from (half, i) to (i, half), as
     * llama.cpp's converter does ({@code reshape(heads, 2, headDim/2, width).swapaxes(1, 2)}).
     */
    static float[] permuteRotaryRows(float[] rows, int heads, int width) {
        int total = rows.length / width, headDim = total / heads, half = headDim / 2;
        float[] out = new float[rows.length];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                for (int s = 0; s < 2; s++) {
                    int from = h * headDim + s * half + i, to = h * headDim + 2 * i + s;
                    System.arraycopy(rows, from * width, out, to * width, width);
                }
            }
        }
        return out;
    }

    private static JsonNode readOptional(Path file) throws CheckpointException {
        if (!Files.isRegularFile(file)) return JSON.createObjectNode();
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CheckpointException(file + " is not valid JSON: " + e.getMessage());
        }
    }

    /** The tokenizer as GGUF states it: one token per id up to the model's vocabulary, their types, the merges. */
    record Vocabulary(List<String> tokens, List<Integer> types, List<String> merges, String preTokenizer, int padId, boolean addBos) {

        static Vocabulary read(Path file, JsonNode tokenizerConfig, int vocabSize) throws CheckpointException {
            JsonNode root;
            try {
                root = JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new CheckpointException(file + " is not valid JSON: " + e.getMessage());
            }
            JsonNode model = root.path("model");
            if (!"BPE".equals(model.path("type").asText()) || !model.path("vocab").isObject())
                throw new CheckpointException(file + ": GGUF export needs a byte-level BPE tokenizer, this one is "
                        + model.path("type").asText("of no type"));
            String[] tokens = new String[vocabSize];
            int[] types = new int[vocabSize];
            for (Iterator<Map.Entry<String, JsonNode>> it = model.get("vocab").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                put(file, tokens, types, e.getValue().asInt(-1), e.getKey(), NORMAL);
            }
            for (JsonNode a : root.path("added_tokens")) {
                put(file, tokens, types, a.path("id").asInt(-1), a.path("content").asText(), a.path("special").asBoolean() ? CONTROL : USER_DEFINED);
            }
            List<String> tokenList = new ArrayList<>(vocabSize);
            List<Integer> typeList = new ArrayList<>(vocabSize);
            for (int i = 0; i < vocabSize; i++) {
                // ids the tokenizer never produces (the model's vocabulary is rounded up): unused, and named apart
                tokenList.add(tokens[i] != null ? tokens[i] : "[PAD" + i + "]");
                typeList.add(tokens[i] != null ? types[i] : UNUSED);
            }
            List<String> merges = new ArrayList<>();
            for (JsonNode merge : model.path("merges")) {
                if (merge.isArray()) merges.add(merge.get(0).asText() + " " + merge.get(1).asText());
                else merges.add(merge.asText());
            }
            String pad = tokenizerConfig.path("pad_token").isTextual() ? tokenizerConfig.get("pad_token").asText() : null;
            int padId = pad == null ? -1 : tokenList.indexOf(pad);
            return new Vocabulary(tokenList, typeList, merges, preTokenizer(root.path("pre_tokenizer"), merges),
                    padId, tokenizerConfig.path("add_bos_token").asBoolean(false));
        }

        private static void put(Path file, String[] tokens, int[] types, int id, String token, int type) throws CheckpointException {
            if (id < 0 || id >= tokens.length)
                throw new CheckpointException(file + ": token " + token + " has id " + id + ", outside the model's vocabulary of " + tokens.length);
            tokens[id] = token;
            types[id] = type;
        }

        /**
         * llama.cpp's name of the split before the merges: "qwen2" for Qwen2's pattern; "default"
         * otherwise, which changes nothing for a tokenizer without merges (azr4j's byte tokenizer:
         * every byte is its own token however the text is split).
         */
        static String preTokenizer(JsonNode pre, List<String> merges) throws CheckpointException {
            String text = pre.toString();
            if (text.contains(QWEN2_SPLIT_START.replace("\\", "\\\\"))) return "qwen2";
            if (!merges.isEmpty() && text.contains("\"Split\""))
                throw new CheckpointException("GGUF export knows the split pattern of Qwen2's tokenizer only; this one splits with "
                        + text.substring(0, Math.min(200, text.length())));
            return "default";
        }
    }
}
