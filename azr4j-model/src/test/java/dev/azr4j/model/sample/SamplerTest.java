package dev.azr4j.model.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.azr4j.model.backend.ReferenceBackend;
import dev.azr4j.model.nn.Fixtures;
import dev.azr4j.model.nn.TokenScorer;
import dev.azr4j.model.nn.TokenScores;
import dev.azr4j.model.nn.Transformer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SamplerTest {
    private static final int[] P0 = {845, 139, 124, 368, 263};
    private static final int[] P1 = {341, 759, 432, 248, 249, 516, 943};
    private static final int[] P2 = {7};

    private static Transformer load(String name) throws Exception {
        return Transformer.load(Fixtures.model(name), new ReferenceBackend());
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen2-tiny", "llama-tiny"})
    void greedyContinuationsMatchPyTorchExactly(String name) throws Exception {
        Path dir = Fixtures.model(name);
        Transformer model = load(name);
        JsonNode greedy = Fixtures.json(dir.resolve("reference.json")).get("greedy");
        List<int[]> prompts = new ArrayList<>();
        for (JsonNode g : greedy) prompts.add(Fixtures.ints(g.get("prompt")));
        int max = greedy.get(0).get("continuation").size();
        List<Completion> out = new Sampler(model).generate(prompts, SamplingParams.greedy(max));
        for (int i = 0; i < prompts.size(); i++) {
            assertArrayEquals(Fixtures.ints(greedy.get(i).get("continuation")), out.get(i).ids(), name + " prompt " + i);
            assertEquals(Completion.FinishReason.LENGTH, out.get(i).finishReason());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen2-tiny", "llama-tiny"})
    void incrementalDecodingEqualsAFullForward(String name) throws Exception {
        Transformer model = load(name);
        double temperature = 0.8;
        List<int[]> prompts = List.of(P0, P1, P2);
        List<Completion> out = new Sampler(model).generate(prompts, SamplingParams.sample(12, temperature, 3));
        List<int[]> full = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) full.add(concat(prompts.get(i), out.get(i).ids()));
        List<TokenScores> scores = TokenScorer.score(model, full, temperature);
        for (int i = 0; i < prompts.size(); i++) {
            float[] lp = scores.get(i).logprobs();
            int p = prompts.get(i).length;
            for (int t = 0; t < out.get(i).ids().length; t++) {
                assertEquals(lp[p - 1 + t], out.get(i).logprobs()[t], 2e-5, "sequence " + i + " token " + t);
            }
        }
    }

    @Test
    void sameSeedSameSamplesWhateverTheBatch() throws Exception {
        Transformer model = load("qwen2-tiny");
        Sampler sampler = new Sampler(model);
        SamplingParams params = SamplingParams.sample(15, 1.0, 1234).withTopP(0.9).withTopK(200);
        List<Completion> a = sampler.generate(List.of(P0, P1, P2), params);
        List<Completion> b = sampler.generate(List.of(P0, P1, P2), params);
        List<Completion> alone = sampler.generate(List.of(P0), params);
        for (int i = 0; i < 3; i++) assertArrayEquals(a.get(i).ids(), b.get(i).ids());
        assertArrayEquals(a.get(0).ids(), alone.get(0).ids(), "the first stream does not depend on the rest of the batch");
        List<Completion> other = sampler.generate(List.of(P0, P1, P2), params.withTopK(0).withTopP(1.0));
        List<Completion> reseeded = sampler.generate(List.of(P0), SamplingParams.sample(15, 1.0, 99));
        assertFalse(Arrays.equals(a.get(0).ids(), reseeded.get(0).ids()), "another seed gives other samples");
        assertEquals(3, other.size());
    }

    @Test
    void repeatedPromptsShareOnePrefillWithoutChangingResults() throws Exception {
        Transformer model = load("llama-tiny");
        Sampler sampler = new Sampler(model);
        SamplingParams params = SamplingParams.sample(10, 1.0, 77);
        List<Completion> shared = sampler.generate(List.of(P1, P1, P1), params);
        List<Completion> distinct = sampler.generate(List.of(P0, P1, P2), params);
        assertArrayEquals(distinct.get(1).ids(), shared.get(1).ids(), "stream 1 on P1, prefilled alone or shared");
        assertArrayEquals(distinct.get(1).logprobs(), shared.get(1).logprobs());
        assertFalse(Arrays.equals(shared.get(0).ids(), shared.get(2).ids()), "each copy samples its own stream");
    }

    @Test
    void topKOneAndTinyTopPAreGreedy() throws Exception {
        Transformer model = load("llama-tiny");
        Sampler sampler = new Sampler(model);
        int[] greedy = sampler.generate(List.of(P1), SamplingParams.greedy(10)).getFirst().ids();
        assertArrayEquals(greedy, sampler.generate(List.of(P1), SamplingParams.sample(10, 1.5, 5).withTopK(1)).getFirst().ids());
        assertArrayEquals(greedy, sampler.generate(List.of(P1), SamplingParams.sample(10, 1.5, 5).withTopP(1e-6)).getFirst().ids());
    }

    @Test
    void stopsAtStopTokensAndStopStrings() throws Exception {
        Transformer model = load("qwen2-tiny");
        Sampler sampler = new Sampler(model);
        int[] greedy = sampler.generate(List.of(P0), SamplingParams.greedy(20)).getFirst().ids();
        int stop = greedy[5];
        int firstAt = 0;
        while (greedy[firstAt] != stop) firstAt++;
        Completion c = sampler.generate(List.of(P0), SamplingParams.greedy(20).withStopTokens(Set.of(stop))).getFirst();
        assertArrayEquals(Arrays.copyOf(greedy, firstAt + 1), c.ids());
        assertEquals(Completion.FinishReason.STOP_TOKEN, c.finishReason());

        TokenDecoder decoder = ids -> Arrays.stream(ids).mapToObj(i -> "<" + i + ">").collect(Collectors.joining());
        String needle = "<" + greedy[3] + "><" + greedy[4] + ">";
        Completion s = sampler.generate(List.of(P0), SamplingParams.greedy(20).withStopStrings(List.of(needle)), decoder).getFirst();
        assertEquals(Completion.FinishReason.STOP_STRING, s.finishReason());
        assertFalse(decoder.decode(Arrays.copyOf(s.ids(), s.ids().length - 1)).contains(needle));
        assertThrows(IllegalArgumentException.class,
                () -> sampler.generate(List.of(P0), SamplingParams.greedy(5).withStopStrings(List.of("x"))));
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
