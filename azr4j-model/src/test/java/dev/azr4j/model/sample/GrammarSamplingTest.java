package dev.azr4j.model.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.config.ModelPresets;
import dev.azr4j.model.grammar.AnyTokenGrammar;
import dev.azr4j.model.grammar.FiniteLanguageGrammar;
import dev.azr4j.model.grammar.GrammarMatcher;
import dev.azr4j.model.nn.GrammarSpan;
import dev.azr4j.model.nn.TokenScorer;
import dev.azr4j.model.nn.TokenScores;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import dev.azr4j.model.train.Sequence;
import dev.azr4j.model.train.Trainer;
import dev.azr4j.model.train.TokenObjective;
import dev.azr4j.model.train.TokenObjectives;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Grammar-constrained sampling on the byte tokenizer and a random model of the {@code tiny} preset:
 * every completion is a sentence (or, cut by the length limit, a prefix) of the grammar's language,
 * sequences stop when the grammar is terminated, and the log-probabilities the sampler reports are
 * the ones the trainer and the scorer compute for the same sequences (PPO ratio 1 on the first epoch).
 */
class GrammarSamplingTest {
    private static final ByteTokenizer TOK = ByteTokenizer.instance();
    private static final Transformer MODEL = Transformer.random(ModelPresets.get("tiny"), 11, new CpuBackend(2));
    private static final FiniteLanguageGrammar ANSWERS = FiniteLanguageGrammar.of(TOK,
            "True", "False", "None", "4", "42", "421", "[1, 2]", "[1, 2, 3]", "'abc'", "(1,)", "{'a': 1}", "-7", "3.5");
    private static final Set<Integer> STOPS = Set.of(ByteTokenizer.ENDOFTEXT, ByteTokenizer.IM_END);

    private static List<int[]> prompts() {
        return List.of(TOK.encode("<answer>"), TOK.encode("f(3) = "), TOK.encode("x"), TOK.encode("<answer>"));
    }

    private static byte[] textOf(Completion c) {
        int n = c.ids().length;
        if (c.finishReason() == Completion.FinishReason.STOP_TOKEN) n--;
        return TOK.decode(Arrays.copyOf(c.ids(), n)).getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource({"1, 1.0, 0, 1.0", "2, 0.7, 0, 1.0", "3, 1.5, 0, 1.0", "4, 1.0, 5, 1.0", "5, 1.0, 0, 0.8", "6, 0.0, 0, 1.0"})
    void completionsAreSentencesAndLogprobsMatchTheTrainer(long seed, double temperature, int topK, double topP) {
        SamplingParams params = new SamplingParams(40, temperature, topK, topP, seed, STOPS, List.of()).withGrammar(ANSWERS);
        List<int[]> prompts = prompts();
        List<Completion> out = new Sampler(MODEL).generate(prompts, params);
        List<Sequence> batch = new ArrayList<>();
        List<int[]> full = new ArrayList<>();
        List<GrammarSpan> spans = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            Completion c = out.get(i);
            assertTrue(ANSWERS.accepts(textOf(c)), "completion " + i + " '" + new String(textOf(c), StandardCharsets.UTF_8)
                    + "' is in the language");
            assertNotEquals(Completion.FinishReason.LENGTH, c.finishReason(), "no sentence is 40 bytes long");
            if (c.finishReason() == Completion.FinishReason.GRAMMAR_COMPLETE) {
                GrammarMatcher m = ANSWERS.newMatcher();
                for (int id : c.ids()) assertTrue(m.accept(id));
                assertTrue(m.isTerminated(), "stopped exactly when terminated");
            }
            Sequence s = Sequence.completion(prompts.get(i), c.ids(), ANSWERS);
            batch.add(s);
            full.add(s.ids());
            spans.add(s.grammar());
        }
        double trainT = temperature > 0 ? temperature : 1.0;
        List<TokenScores> trained = new Trainer(MODEL).forwardBackward(batch, trainT, TokenObjectives.meanNegativeLogLikelihood()).scores();
        List<TokenScores> scored = TokenScorer.score(MODEL, full, trainT, spans);
        for (int i = 0; i < out.size(); i++) {
            int p = prompts.get(i).length;
            float[] lp = out.get(i).logprobs();
            for (int t = 0; t < lp.length; t++) {
                assertTrue(lp[t] <= 1e-6 && Float.isFinite(lp[t]), "a log-probability: " + lp[t]);
                assertEquals(lp[t], trained.get(i).logprobs()[p - 1 + t], 1e-5, "trainer, sequence " + i + " token " + t);
                assertEquals(lp[t], scored.get(i).logprobs()[p - 1 + t], 1e-5, "scorer, sequence " + i + " token " + t);
                assertEquals(1.0, Math.exp(trained.get(i).logprobs()[p - 1 + t] - lp[t]), 1e-5, "PPO ratio");
            }
        }
    }

    @Test
    void forcedTokensHaveLogprobZeroAndTheUnconstrainedModelDisagrees() {
        // after "[1, 2" the only continuations are "]" and ", 3]": most positions are forced
        FiniteLanguageGrammar lists = FiniteLanguageGrammar.of(TOK, "[1, 2]", "[1, 2, 3]");
        List<Completion> out = new Sampler(MODEL).generate(prompts(),
                new SamplingParams(20, 1.0, 0, 1.0, 9, STOPS, List.of()).withGrammar(lists));
        for (Completion c : out) {
            assertEquals('[', c.ids()[0]);
            assertEquals(0f, c.logprobs()[0], 1e-6f, "a forced token has probability 1 under the masked distribution");
        }
        List<Completion> free = new Sampler(MODEL).generate(prompts(), new SamplingParams(20, 1.0, 0, 1.0, 9, STOPS, List.of()));
        assertTrue(free.stream().anyMatch(c -> !lists.accepts(textOf(c))), "a random model does not write these lists by itself");
    }

    @Test
    void aMaskedTokenIsNeverChosenEvenWithAHugeLogit() {
        SplittableRandom rng = new SplittableRandom(5);
        int vocab = ByteTokenizer.VOCAB_SIZE;
        FiniteLanguageGrammar ab = FiniteLanguageGrammar.of(TOK, "ab", "ba", "aa");
        long[] mask = new long[(vocab + 63) / 64];
        ab.newMatcher().fillNextTokenMask(mask);
        for (SamplingParams p : List.of(SamplingParams.greedy(1), SamplingParams.sample(1, 1.0, 0),
                SamplingParams.sample(1, 0.5, 0).withTopK(3), SamplingParams.sample(1, 2.0, 0).withTopP(0.5),
                SamplingParams.sample(1, 1.0, 0).withTopK(50).withTopP(0.999))) {
            TokenChooser chooser = new TokenChooser(p);
            for (int trial = 0; trial < 300; trial++) {
                float[] z = new float[vocab];
                for (int j = 0; j < vocab; j++) z[j] = (float) rng.nextGaussian();
                z['x'] = 1e30f;
                z['z'] = 80f;
                z['a'] = -20f;
                dev.azr4j.model.nn.LogitMask.apply(mask, vocab, z, 0, vocab);
                TokenChooser.Choice ch = chooser.choose(z, 0, vocab, rng);
                assertTrue(ch.token() == 'a' || ch.token() == 'b', p + " chose " + ch.token());
                assertTrue(Float.isFinite(ch.logprob()) && ch.logprob() <= 0);
            }
        }
    }

    @Test
    void theSamplerNeverEmitsAMaskedTokenWhoseLogitDominates() {
        // scale the (tied) LM head so the logits are in the hundreds: unconstrained decoding is then
        // nearly greedy over all bytes, constrained decoding must still keep to the language
        Transformer big = new Transformer(MODEL.weights().copy(), MODEL.backend());
        for (var t : big.weights().tensors()) {
            if (t.name().equals("model.embed_tokens.weight") || t.name().equals("lm_head.weight")) {
                for (int i = 0; i < t.numel(); i++) t.data()[i] *= 400f;
            }
        }
        FiniteLanguageGrammar ab = FiniteLanguageGrammar.of(TOK, "abba", "baab", "aaaa", "bbbb", "abab");
        SamplingParams params = new SamplingParams(10, 1.0, 0, 1.0, 3, STOPS, List.of());
        List<Completion> free = new Sampler(big).generate(prompts(), params);
        assertTrue(free.stream().anyMatch(c -> !ab.accepts(textOf(c))));
        List<Completion> out = new Sampler(big).generate(prompts(), params.withGrammar(ab));
        for (Completion c : out) {
            assertTrue(ab.accepts(textOf(c)), new String(textOf(c), StandardCharsets.UTF_8));
            assertEquals(Completion.FinishReason.GRAMMAR_COMPLETE, c.finishReason());
        }
    }

    @Test
    void aPermissiveGrammarChangesNothing() {
        SamplingParams params = new SamplingParams(24, 0.9, 0, 1.0, 17, Set.of(), List.of());
        List<Completion> free = new Sampler(MODEL).generate(prompts(), params);
        List<Completion> masked = new Sampler(MODEL).generate(prompts(), params.withGrammar(new AnyTokenGrammar(TOK.vocabSize())));
        List<Completion> overlapped = new Sampler(MODEL, true).generate(prompts(), params.withGrammar(new AnyTokenGrammar(TOK.vocabSize())));
        for (int i = 0; i < free.size(); i++) {
            assertArrayEquals(free.get(i).ids(), masked.get(i).ids());
            // equal up to rounding: the JIT may swap the Vector API's exp for an intrinsic between runs
            assertArrayEquals(free.get(i).logprobs(), masked.get(i).logprobs(), 1e-6f);
            assertArrayEquals(free.get(i).ids(), overlapped.get(i).ids());
            assertEquals(free.get(i).finishReason(), masked.get(i).finishReason());
        }
    }

    @Test
    void overlappedMasksGiveTheSameSamples() {
        SamplingParams params = new SamplingParams(40, 1.2, 0, 1.0, 21, STOPS, List.of()).withGrammar(ANSWERS);
        List<Completion> a = new Sampler(MODEL, false).generate(prompts(), params);
        List<Completion> b = new Sampler(MODEL, true).generate(prompts(), params);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).ids(), b.get(i).ids());
            assertArrayEquals(a.get(i).logprobs(), b.get(i).logprobs(), 1e-6f);
        }
    }

    @Test
    void endOfSequenceIsAllowedExactlyWhereASentenceEnds() {
        // "4" is a sentence that "42" extends: there the model may stop (a stop token) or go on
        FiniteLanguageGrammar g = FiniteLanguageGrammar.of(TOK, "4", "42");
        int stops = 0, complete = 0;
        for (long seed = 0; seed < 30; seed++) {
            Completion c = new Sampler(MODEL).generate(List.of(TOK.encode("x")),
                    new SamplingParams(5, 3.0, 0, 1.0, seed, STOPS, List.of()).withGrammar(g)).getFirst();
            if (c.finishReason() == Completion.FinishReason.STOP_TOKEN) {
                assertArrayEquals(new int[] {'4', ByteTokenizer.ENDOFTEXT}, c.ids());
                stops++;
            } else {
                assertEquals(Completion.FinishReason.GRAMMAR_COMPLETE, c.finishReason());
                assertArrayEquals(new int[] {'4', '2'}, c.ids());
                complete++;
            }
        }
        assertTrue(stops > 0 && complete > 0, stops + " stopped, " + complete + " completed");
    }

    @Test
    void aGrammarWhoseOnlySentenceIsEmptyGivesEmptyCompletions() {
        FiniteLanguageGrammar empty = FiniteLanguageGrammar.of(TOK, "");
        List<Completion> out = new Sampler(MODEL).generate(prompts(), SamplingParams.sample(5, 1.0, 1).withGrammar(empty));
        for (Completion c : out) {
            assertEquals(0, c.ids().length);
            assertEquals(Completion.FinishReason.GRAMMAR_COMPLETE, c.finishReason());
        }
    }

    @Test
    void lengthLimitCutsASentenceToAPrefix() {
        List<Completion> out = new Sampler(MODEL).generate(prompts(),
                new SamplingParams(2, 1.0, 0, 1.0, 4, STOPS, List.of()).withGrammar(FiniteLanguageGrammar.of(TOK, "[1, 2, 3]")));
        for (Completion c : out) {
            assertEquals(Completion.FinishReason.LENGTH, c.finishReason());
            assertArrayEquals(new int[] {'[', '1'}, c.ids());
        }
    }

    @Test
    void theTrainerRefusesASequenceOutsideTheGrammar() {
        Sequence s = Sequence.completion(TOK.encode("x"), TOK.encode("Tru3"), ANSWERS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(MODEL).forwardBackward(List.of(s), 1.0, TokenObjectives.meanNegativeLogLikelihood()));
        assertTrue(e.getMessage().contains("position 4"), e.getMessage());
    }

    @Test
    void aGrammarLargerThanTheModelIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Sampler(MODEL).generate(prompts(),
                SamplingParams.sample(3, 1.0, 0).withGrammar(new AnyTokenGrammar(100_000))));
        assertFalse(ANSWERS.accepts("Tru".getBytes(StandardCharsets.UTF_8)));
    }
}
