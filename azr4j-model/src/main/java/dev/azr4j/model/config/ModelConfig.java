package dev.azr4j.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.model.io.CheckpointException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a decoder-only transformer of the Qwen2/Llama family, as read from a HuggingFace
 * {@code config.json}. Everything the engine needs and nothing it cannot honour: fields that would
 * change the computation in ways the engine does not implement are refused by {@link #parse}.
 *
 * @param architecture      {@code Qwen2ForCausalLM} or {@code LlamaForCausalLM}
 * @param qkvBias           q/k/v projections have a bias (Qwen2 always; Llama when attention_bias)
 * @param outputBias        o_proj has a bias (Llama with attention_bias)
 * @param eosTokenIds       end-of-sequence ids from the config (may be empty)
 */
public record ModelConfig(
        String architecture,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        double ropeTheta,
        double rmsNormEps,
        boolean qkvBias,
        boolean outputBias,
        boolean tieWordEmbeddings,
        int maxPositionEmbeddings,
        int bosTokenId,
        List<Integer> eosTokenIds) {

    public static final String QWEN2 = "Qwen2ForCausalLM";
    public static final String LLAMA = "LlamaForCausalLM";
    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
        if (!architecture.equals(QWEN2) && !architecture.equals(LLAMA)) {
            throw new IllegalArgumentException("unsupported architecture " + architecture);
        }
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("intermediate_size", intermediateSize);
        positive("num_hidden_layers", numLayers);
        positive("num_attention_heads", numHeads);
        positive("num_key_value_heads", numKvHeads);
        positive("head_dim", headDim);
        if (numHeads % numKvHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads (" + numHeads
                    + ") must be a multiple of num_key_value_heads (" + numKvHeads + ")");
        }
        if (headDim % 2 != 0) throw new IllegalArgumentException("head_dim must be even for rotary embeddings, got " + headDim);
        if (!(ropeTheta > 0)) throw new IllegalArgumentException("rope_theta must be positive, got " + ropeTheta);
        if (!(rmsNormEps > 0)) throw new IllegalArgumentException("rms_norm_eps must be positive, got " + rmsNormEps);
    }

    private static void positive(String field, int v) {
        if (v <= 0) throw new IllegalArgumentException(field + " must be positive, got " + v);
    }

    /** Width of all query heads together. */
    public int qDim() {
        return numHeads * headDim;
    }

    /** Width of all key (or value) heads together. */
    public int kvDim() {
        return numKvHeads * headDim;
    }

    /** Total number of parameters. */
    public long parameterCount() {
        long d = hiddenSize;
        long perLayer = 2 * d + d * qDim() + 2 * d * kvDim() + (long) qDim() * d + 3 * d * intermediateSize;
        if (qkvBias) perLayer += qDim() + 2L * kvDim();
        if (outputBias) perLayer += d;
        long total = perLayer * numLayers + d + (long) vocabSize * d;
        if (!tieWordEmbeddings) total += (long) vocabSize * d;
        return total;
    }

    /** Reads {@code dir/config.json} (or the file itself when {@code path} is a file). */
    public static ModelConfig read(Path path) throws CheckpointException {
        Path file = Files.isDirectory(path) ? path.resolve("config.json") : path;
        if (!Files.isRegularFile(file)) throw new CheckpointException("model config not found: " + file);
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CheckpointException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Interprets a HuggingFace config object. Refuses, naming the field, anything that would
     * change the computation in a way this engine does not implement.
     */
    public static ModelConfig parse(JsonNode c) {
        if (c == null || !c.isObject()) throw new IllegalArgumentException("config must be a JSON object");
        String arch = architecture(c);
        boolean qwen = arch.equals(QWEN2);
        String act = text(c, "hidden_act", "silu");
        if (!act.equals("silu")) refuse("hidden_act", act, "only silu (SwiGLU) is supported");
        checkRope(c.path("rope_scaling"), "rope_scaling");
        JsonNode ropeParams = c.path("rope_parameters");
        checkRope(ropeParams, "rope_parameters");
        if (c.has("quantization_config") && !c.get("quantization_config").isNull()) {
            refuse("quantization_config", "present", "quantized checkpoints are not supported");
        }
        if (c.path("use_sliding_window").asBoolean(false)) {
            refuse("use_sliding_window", "true", "sliding-window attention is not supported");
        }
        JsonNode layerTypes = c.path("layer_types");
        if (layerTypes.isArray()) {
            for (JsonNode t : layerTypes) {
                if (!t.asText().equals("full_attention")) refuse("layer_types", t.asText(), "only full_attention is supported");
            }
        }
        if (c.path("mlp_bias").asBoolean(false)) refuse("mlp_bias", "true", "MLP biases are not supported");
        if (c.has("pretraining_tp") && c.get("pretraining_tp").asInt(1) != 1) {
            refuse("pretraining_tp", c.get("pretraining_tp").toString(), "only 1 is supported");
        }
        if (c.has("head_dim") && c.has("partial_rotary_factor") && c.get("partial_rotary_factor").asDouble(1) != 1.0) {
            refuse("partial_rotary_factor", c.get("partial_rotary_factor").toString(), "only full rotary embeddings are supported");
        }
        int hidden = integer(c, "hidden_size");
        int heads = integer(c, "num_attention_heads");
        int kvHeads = c.hasNonNull("num_key_value_heads") ? integer(c, "num_key_value_heads") : heads;
        int headDim = c.hasNonNull("head_dim") ? integer(c, "head_dim") : hidden / heads;
        if (!c.hasNonNull("head_dim") && hidden % heads != 0) {
            throw new IllegalArgumentException("hidden_size (" + hidden + ") is not a multiple of num_attention_heads ("
                    + heads + ") and head_dim is not given");
        }
        double theta = ropeParams.hasNonNull("rope_theta") ? ropeParams.get("rope_theta").asDouble()
                : c.path("rope_theta").asDouble(10000.0);
        boolean attentionBias = c.path("attention_bias").asBoolean(false);
        List<Integer> eos = new ArrayList<>();
        JsonNode eosNode = c.path("eos_token_id");
        if (eosNode.isArray()) eosNode.forEach(n -> eos.add(n.asInt()));
        else if (eosNode.isIntegralNumber()) eos.add(eosNode.asInt());
        return new ModelConfig(arch,
                integer(c, "vocab_size"), hidden, integer(c, "intermediate_size"), integer(c, "num_hidden_layers"),
                heads, kvHeads, headDim, theta, c.path("rms_norm_eps").asDouble(1e-6),
                qwen || attentionBias, !qwen && attentionBias,
                c.path("tie_word_embeddings").asBoolean(false),
                c.path("max_position_embeddings").asInt(32768),
                c.path("bos_token_id").isIntegralNumber() ? c.get("bos_token_id").asInt() : -1, eos);
    }

    private static String architecture(JsonNode c) {
        JsonNode archs = c.path("architectures");
        if (archs.isArray() && !archs.isEmpty()) {
            if (archs.size() != 1) refuse("architectures", archs.toString(), "exactly one architecture expected");
            String a = archs.get(0).asText();
            if (!a.equals(QWEN2) && !a.equals(LLAMA)) {
                refuse("architectures", a, "supported are " + QWEN2 + " and " + LLAMA);
            }
            return a;
        }
        String type = text(c, "model_type", "");
        return switch (type) {
            case "qwen2" -> QWEN2;
            case "llama" -> LLAMA;
            default -> throw new IllegalArgumentException("model_type '" + type + "' is not supported"
                    + " (supported are qwen2 and llama; no architectures field given)");
        };
    }

    private static void checkRope(JsonNode rope, String field) {
        if (rope.isMissingNode() || rope.isNull()) return;
        if (!rope.isObject()) refuse(field, rope.toString(), "expected an object");
        String type = rope.hasNonNull("rope_type") ? rope.get("rope_type").asText()
                : rope.path("type").asText("default");
        if (!type.equals("default")) refuse(field + ".rope_type", type, "only default rotary embeddings are supported");
    }

    private static void refuse(String field, String value, String why) {
        throw new IllegalArgumentException("unsupported " + field + " = " + value + ": " + why);
    }

    private static String text(JsonNode c, String field, String dflt) {
        JsonNode n = c.get(field);
        return n == null || n.isNull() ? dflt : n.asText();
    }

    private static int integer(JsonNode c, String field) {
        JsonNode n = c.get(field);
        if (n == null || n.isNull()) throw new IllegalArgumentException("missing required field " + field);
        if (!n.isIntegralNumber()) throw new IllegalArgumentException(field + " must be an integer, got " + n);
        return n.asInt();
    }

    /** A {@code config.json} that HuggingFace {@code transformers} loads as this architecture. */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.putArray("architectures").add(architecture);
        boolean qwen = architecture.equals(QWEN2);
        o.put("model_type", qwen ? "qwen2" : "llama");
        o.put("vocab_size", vocabSize);
        o.put("hidden_size", hiddenSize);
        o.put("intermediate_size", intermediateSize);
        o.put("num_hidden_layers", numLayers);
        o.put("num_attention_heads", numHeads);
        o.put("num_key_value_heads", numKvHeads);
        o.put("head_dim", headDim);
        o.put("hidden_act", "silu");
        o.put("max_position_embeddings", maxPositionEmbeddings);
        o.put("rms_norm_eps", rmsNormEps);
        o.put("rope_theta", ropeTheta);
        ObjectNode rp = o.putObject("rope_parameters");
        rp.put("rope_type", "default");
        rp.put("rope_theta", ropeTheta);
        o.put("tie_word_embeddings", tieWordEmbeddings);
        if (qwen) {
            o.put("use_sliding_window", false);
        } else {
            o.put("attention_bias", qkvBias);
            o.put("mlp_bias", false);
        }
        if (bosTokenId >= 0) o.put("bos_token_id", bosTokenId);
        else o.putNull("bos_token_id");
        if (eosTokenIds.isEmpty()) o.putNull("eos_token_id");
        else if (eosTokenIds.size() == 1) o.put("eos_token_id", eosTokenIds.getFirst());
        else {
            ArrayNode a = o.putArray("eos_token_id");
            eosTokenIds.forEach(a::add);
        }
        o.put("torch_dtype", "float32");
        o.put("use_cache", true);
        return o;
    }
}
