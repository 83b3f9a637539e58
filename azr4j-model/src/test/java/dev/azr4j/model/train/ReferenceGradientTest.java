package dev.azr4j.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.azr4j.model.backend.ReferenceBackend;
import dev.azr4j.model.io.NamedTensor;
import dev.azr4j.model.io.SafeTensorsReader;
import dev.azr4j.model.nn.Fixtures;
import dev.azr4j.model.nn.Transformer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gradients of grads.json's weighted log-likelihood loss against PyTorch's autograd. */
class ReferenceGradientTest {

    @ParameterizedTest
    @ValueSource(strings = {"qwen2-tiny", "llama-tiny"})
    void everyGradientMatchesPyTorch(String name) throws Exception {
        Path dir = Fixtures.model(name);
        JsonNode spec = Fixtures.json(dir.resolve("grads.json"));
        int[] ids = Fixtures.ints(spec.get("ids"));
        float[] weights = new float[spec.get("weights").size()];
        for (int i = 0; i < weights.length; i++) weights[i] = (float) spec.get("weights").get(i).asDouble();
        Transformer model = Transformer.load(dir, new ReferenceBackend());
        Trainer trainer = new Trainer(model);
        int n = ids.length - 1;
        Trainer.Result r = trainer.forwardBackward(List.of(Sequence.of(ids)), 1.0, (batch, scores) -> {
            float[] lp = scores.getFirst().logprobs();
            float[] g = new float[n];
            double loss = 0;
            for (int t = 0; t < n; t++) {
                loss -= weights[t] * lp[t];
                g[t] = -weights[t] / n;
            }
            return new TokenObjective.Value(loss / n, List.of(g), null);
        });
        assertEquals(spec.get("loss").asDouble(), r.loss(), 1e-5, "loss");
        Map<String, NamedTensor> expected = SafeTensorsReader.read(dir.resolve("grads.safetensors"));
        List<NamedTensor> got = trainer.gradients().tensors();
        assertEquals(expected.size(), got.size(), "number of gradient tensors");
        for (NamedTensor g : got) {
            NamedTensor e = expected.get(g.name());
            assertTrue(e != null, "reference has no gradient for " + g.name());
            double maxRef = 0, maxDiff = 0;
            for (int i = 0; i < e.numel(); i++) {
                maxRef = Math.max(maxRef, Math.abs(e.data()[i]));
                maxDiff = Math.max(maxDiff, Math.abs(e.data()[i] - g.data()[i]));
            }
            assertTrue(maxRef > 0, g.name() + ": reference gradient is zero");
            assertTrue(maxDiff / maxRef <= 1e-4, g.name() + ": relative max-norm error " + maxDiff / maxRef);
        }
    }
}
