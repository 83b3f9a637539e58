package dev.azr4j.model.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode qwen() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"architectures": ["Qwen2ForCausalLM"], "hidden_size": 64, "intermediate_size": 176,
                 "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
                 "vocab_size": 1000, "rms_norm_eps": 1e-6, "tie_word_embeddings": true,
                 "rope_parameters": {"rope_theta": 500000.0, "rope_type": "default"},
                 "sliding_window": 4096, "use_sliding_window": false, "eos_token_id": [5, 7]}""");
    }

    @Test
    void readsQwen2WithRopeThetaUnderRopeParameters() throws Exception {
        ModelConfig c = ModelConfig.parse(qwen());
        assertEquals(ModelConfig.QWEN2, c.architecture());
        assertEquals(16, c.headDim());
        assertEquals(32, c.kvDim());
        assertEquals(500000.0, c.ropeTheta());
        assertTrue(c.qkvBias());
        assertFalse(c.outputBias());
        assertTrue(c.tieWordEmbeddings());
        assertEquals(List.of(5, 7), c.eosTokenIds());
    }

    @Test
    void readsLlamaWithTopLevelRopeThetaAndExplicitHeadDim() throws Exception {
        ModelConfig c = ModelConfig.parse(JSON.readTree("""
                {"architectures": ["LlamaForCausalLM"], "hidden_size": 64, "intermediate_size": 160,
                 "num_hidden_layers": 1, "num_attention_heads": 4, "head_dim": 32, "rope_theta": 1e6,
                 "vocab_size": 100, "attention_bias": true, "eos_token_id": 2}"""));
        assertEquals(32, c.headDim());
        assertEquals(4, c.numKvHeads());
        assertEquals(1e6, c.ropeTheta());
        assertTrue(c.qkvBias());
        assertTrue(c.outputBias());
        assertFalse(c.tieWordEmbeddings());
    }

    @Test
    void jsonRoundTripKeepsTheShape() throws Exception {
        ModelConfig c = ModelConfig.parse(qwen());
        assertEquals(c, ModelConfig.parse(c.toJson()));
        assertEquals(ModelPresets.get("small"), ModelConfig.parse(ModelPresets.get("small").toJson()));
    }

    @Test
    void refusesWhatItCannotCompute() throws Exception {
        assertRefused(qwen().put("use_sliding_window", true), "use_sliding_window");
        ObjectNode scaled = qwen();
        scaled.putObject("rope_scaling").put("rope_type", "yarn").put("factor", 4.0);
        assertRefused(scaled, "rope_scaling");
        ObjectNode other = qwen();
        other.putArray("architectures").add("MistralForCausalLM");
        assertRefused(other, "MistralForCausalLM");
        assertRefused(qwen().put("hidden_act", "gelu"), "hidden_act");
        assertRefused(qwen().put("num_key_value_heads", 3), "num_key_value_heads");
        ObjectNode missing = qwen();
        missing.remove("vocab_size");
        assertRefused(missing, "vocab_size");
    }

    private static void assertRefused(ObjectNode c, String named) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.parse(c));
        assertTrue(e.getMessage().contains(named), "message names " + named + ": " + e.getMessage());
    }

    @Test
    void presetsHaveTheAdvertisedSizes() {
        long tiny = ModelPresets.get("tiny").parameterCount();
        long small = ModelPresets.get("small").parameterCount();
        assertTrue(tiny >= 1_000_000 && tiny <= 3_000_000, "tiny has " + tiny);
        assertTrue(small >= 10_000_000 && small <= 30_000_000, "small has " + small);
        assertThrows(IllegalArgumentException.class, () -> ModelPresets.get("huge"));
    }
}
