package dev.azr4j.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.azr4j.model.backend.ReferenceBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Per-token log-probabilities of the PyTorch reference (fp32) within 1e-4, for both architectures. */
class ReferenceLogprobTest {

    @ParameterizedTest
    @ValueSource(strings = {"qwen2-tiny", "llama-tiny"})
    void logprobsMatchPyTorch(String name) throws Exception {
        Path dir = Fixtures.model(name);
        Transformer model = Transformer.load(dir, new ReferenceBackend());
        JsonNode ref = Fixtures.json(dir.resolve("reference.json")).get("logprobs");
        List<int[]> seqs = new ArrayList<>();
        for (JsonNode r : ref) seqs.add(Fixtures.ints(r.get("ids")));
        List<TokenScores> scores = TokenScorer.score(model, seqs, 1.0);
        for (int s = 0; s < seqs.size(); s++) {
            JsonNode expected = ref.get(s).get("logprobs");
            float[] got = scores.get(s).logprobs();
            assertEquals(expected.size(), got.length, "number of scored tokens");
            for (int t = 0; t < got.length; t++) {
                assertEquals(expected.get(t).asDouble(), got[t], 1e-4, name + " sequence " + s + " token " + (t + 1));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen2-tiny", "llama-tiny"})
    void trainingForwardGivesTheSameLogprobsAsTheCachedForward(String name) throws Exception {
        Path dir = Fixtures.model(name);
        Transformer model = Transformer.load(dir, new ReferenceBackend());
        JsonNode ref = Fixtures.json(dir.resolve("reference.json")).get("logprobs");
        List<int[]> seqs = new ArrayList<>();
        for (JsonNode r : ref) seqs.add(Fixtures.ints(r.get("ids")));
        TrainingPass pass = model.forwardTraining(seqs);
        int vocab = model.config().vocabSize();
        float[] logits = new float[vocab];
        for (int s = 0; s < seqs.size(); s++) {
            JsonNode expected = ref.get(s).get("logprobs");
            for (int t = 0; t + 1 < pass.length(s); t++) {
                model.logits(pass.hidden(), pass.rowOf(s, t), 1, logits);
                double lp = logits[pass.token(s, t + 1)] - LogSoftmax.logSumExp(logits, 0, vocab, 1.0);
                assertEquals(expected.get(t).asDouble(), lp, 1e-4, name + " sequence " + s + " token " + (t + 1));
            }
        }
    }
}
