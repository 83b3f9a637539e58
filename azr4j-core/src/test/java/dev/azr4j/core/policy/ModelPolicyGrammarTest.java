package dev.azr4j.core.policy;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.UserException;
import dev.azr4j.core.grammar.GrammarSource;
import dev.azr4j.model.backend.ReferenceBackend;
import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.grammar.FiniteLanguageGrammar;
import dev.azr4j.model.io.DType;
import dev.azr4j.model.nn.GrammarSpan;
import dev.azr4j.model.nn.TokenScorer;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import dev.azr4j.model.train.AdamW;
import dev.azr4j.model.train.Sequence;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The policy carries a grammar from sampling to the update: same masked distribution, PPO ratio 1. */
class ModelPolicyGrammarTest {
    private static final ModelConfig SMALL = new ModelConfig(ModelConfig.QWEN2, 272, 32, 64, 2, 4, 2, 8, 10000.0, 1e-6,
            true, false, true, 256, 256, List.of(256, 258));
    private static final GrammarSource ANSWERS = GrammarSource.text("answers", "(a finite language for the test)");
    private static final FiniteLanguageGrammar LANGUAGE = FiniteLanguageGrammar.of(ByteTokenizer.instance(),
            "True", "False", "[1, 2]", "[1, 2, 3]", "'ab'", "7", "77", "-7");

    private static ModelPolicy policy(boolean reference, AtomicInteger compiles) {
        return ModelPolicy.fromScratch(SMALL, 3, new ReferenceBackend(), new AdamW.Hyper(0.9, 0.999, 1e-8, 0.0), 2, DType.F32, reference)
                .withGrammarCompiler((source, tok) -> {
                    compiles.incrementAndGet();
                    assertEquals(ANSWERS, source);
                    return LANGUAGE;
                });
    }

    private static String textOf(Completion c) {
        int n = c.length();
        if (n > 0 && (c.tokenIds()[n - 1] == ByteTokenizer.ENDOFTEXT || c.tokenIds()[n - 1] == ByteTokenizer.IM_END)) n--;
        return ByteTokenizer.instance().decode(java.util.Arrays.copyOf(c.tokenIds(), n));
    }

    @Test
    void completionsAreInTheLanguageAndCarryTheirGrammar() {
        AtomicInteger compiles = new AtomicInteger();
        ModelPolicy p = policy(false, compiles);
        for (long seed = 0; seed < 4; seed++) {
            List<Completion> out = p.generate(List.of("a", "bb", "a"), new Sampling(1.3, 1.0, 0, 30, seed).withGrammar(ANSWERS));
            for (Completion c : out) {
                assertTrue(LANGUAGE.accepts(textOf(c).getBytes(StandardCharsets.UTF_8)), textOf(c));
                assertEquals(FinishReason.STOP, c.finishReason());
                assertEquals(ANSWERS, c.grammar());
            }
        }
        assertEquals(1, compiles.get(), "compiled once, then cached");
        assertNull(p.generate(List.of("a"), new Sampling(1.0, 1.0, 0, 5, 1)).getFirst().grammar());
    }

    @Test
    void theFirstUpdateSeesRatioOneAndZeroKl() {
        AtomicInteger compiles = new AtomicInteger();
        ModelPolicy p = policy(true, compiles);
        double temperature = 0.8;
        List<Completion> out = p.generate(List.of("a", "bb", "ccc", "a"), new Sampling(temperature, 1.0, 0, 30, 5).withGrammar(ANSWERS));
        // the scorer under the same grammar gives the sampler's numbers
        for (Completion c : out) {
            Sequence s = Sequence.completion(c.promptIds(), c.tokenIds(), LANGUAGE);
            float[] lp = TokenScorer.score(p.model(), List.of(s.ids()), temperature, List.of(s.grammar())).getFirst().logprobs();
            for (int j = 0; j < c.length(); j++) assertEquals(c.logprobs()[j], lp[c.promptIds().length - 1 + j], 1e-5);
        }
        // advantage 1 on every token, weight 1/len: with ratio exactly 1 the PPO loss is -1 per sequence,
        // and the KL to the (still identical) reference under the same masks is 0
        List<TrainSequence> batch = new ArrayList<>();
        for (Completion c : out) {
            float[] adv = new float[c.length()];
            java.util.Arrays.fill(adv, 1f);
            batch.add(new TrainSequence(c.promptIds(), c.tokenIds(), c.logprobs(), adv, 1.0 / c.length(), null, c.grammar()));
        }
        UpdateStats stats = p.update(batch, new LossSettings(0.2, 0.2, 0.0, 0.5, 1.0, 1e-3, temperature));
        assertEquals(-out.size(), stats.loss(), 1e-5);
        assertEquals(0.0, stats.clipFrac(), 0.0);
    }

    @Test
    void withoutAnEngineAGrammarIsAClearError() {
        ModelPolicy p = ModelPolicy.fromScratch(SMALL, 3, new ReferenceBackend(), new AdamW.Hyper(0.9, 0.999, 1e-8, 0.0), 2, DType.F32, false);
        UserException e = assertThrows(UserException.class,
                () -> p.generate(List.of("a"), new Sampling(1.0, 1.0, 0, 5, 1).withGrammar(ANSWERS)));
        assertTrue(e.getMessage().contains("answers"), e.getMessage());
    }

    @Test
    void spansOfTheTrainSequenceStartAtTheCompletion() {
        Sequence s = Sequence.completion(new int[] {1, 2, 3}, new int[] {'7'}, LANGUAGE);
        assertEquals(new GrammarSpan(LANGUAGE, 3), s.grammar());
    }
}
