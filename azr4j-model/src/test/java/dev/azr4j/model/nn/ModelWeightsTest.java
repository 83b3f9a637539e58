package dev.azr4j.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.io.CheckpointException;
import dev.azr4j.model.io.NamedTensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelWeightsTest {
    private static final ModelConfig TIED = new ModelConfig(ModelConfig.QWEN2, 30, 16, 24, 2, 4, 2, 4, 1e4, 1e-6,
            true, false, true, 64, -1, List.of());

    private static Map<String, NamedTensor> tensorsOf(ModelWeights w) {
        Map<String, NamedTensor> m = new LinkedHashMap<>();
        for (NamedTensor t : w.tensors()) m.put(t.name(), t);
        return m;
    }

    @Test
    void seededInitIsReproducibleAndTiesTheHead() {
        ModelWeights a = ModelWeights.random(TIED, 5, 0.02), b = ModelWeights.random(TIED, 5, 0.02);
        assertArrayEquals(a.layers[1].gate, b.layers[1].gate);
        assertSame(a.embed, a.lmHead);
        assertTrue(a.layers[0].inputNorm[3] == 1f && a.layers[0].qBias[2] == 0f);
        assertTrue(tensorsOf(a).keySet().stream().noneMatch(n -> n.startsWith("lm_head")));
    }

    @Test
    void loadingChecksNamesAndShapes() throws Exception {
        ModelWeights src = ModelWeights.random(TIED, 1, 0.02);
        ModelWeights back = ModelWeights.fromTensors(TIED, tensorsOf(src), "test");
        assertArrayEquals(src.layers[1].down, back.layers[1].down);

        Map<String, NamedTensor> missing = tensorsOf(src);
        missing.remove("model.layers.1.mlp.up_proj.weight");
        assertMessage(missing, "missing tensors [model.layers.1.mlp.up_proj.weight]");

        Map<String, NamedTensor> wrongShape = tensorsOf(src);
        wrongShape.put("model.norm.weight", new NamedTensor("model.norm.weight", new int[] {8}, new float[8]));
        assertMessage(wrongShape, "model.norm.weight has shape [8]");

        Map<String, NamedTensor> extra = tensorsOf(src);
        extra.put("model.layers.0.self_attn.q_norm.weight", new NamedTensor("x", new int[] {4}, new float[4]));
        assertMessage(extra, "unexpected tensors [model.layers.0.self_attn.q_norm.weight]");

        Map<String, NamedTensor> redundantHead = tensorsOf(src);
        redundantHead.put("lm_head.weight", new NamedTensor("lm_head.weight", new int[] {30, 16}, new float[480]));
        ModelWeights.fromTensors(TIED, redundantHead, "test"); // ignored next to tied embeddings
    }

    private static void assertMessage(Map<String, NamedTensor> tensors, String part) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelWeights.fromTensors(TIED, tensors, "ckpt"));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
