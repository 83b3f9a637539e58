package dev.azr4j.core.policy;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.model.backend.ReferenceBackend;
import dev.azr4j.model.config.ModelConfig;
import dev.azr4j.model.io.DType;
import dev.azr4j.model.nn.TokenScorer;
import dev.azr4j.model.train.AdamW;
import dev.azr4j.model.train.Sequence;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine adapter: sampling with log-probabilities, the PPO update's direction, save and load. */
class ModelPolicyTest {
    private static final ModelConfig SMALL = new ModelConfig(ModelConfig.QWEN2, 272, 32, 64, 2, 4, 2, 8, 10000.0, 1e-6,
            true, false, true, 256, 256, List.of(256, 258));
    private static final AdamW.Hyper HYPER = new AdamW.Hyper(0.9, 0.999, 1e-8, 0.0);

    private static ModelPolicy policy(long seed) {
        return ModelPolicy.fromScratch(SMALL, seed, new ReferenceBackend(), HYPER, 4, DType.F32, false);
    }

    private static LossSettings loss(double lr) {
        return new LossSettings(0.2, 0.2, 0.0, 0.0, 1.0, lr, 1.0);
    }

    private static double logprob(ModelPolicy p, Completion c) {
        int[] ids = Sequence.completion(c.promptIds(), c.tokenIds()).ids();
        float[] lp = TokenScorer.score(p.model(), List.of(ids), 1.0).getFirst().logprobs();
        double sum = 0;
        for (int j = 0; j < c.length(); j++) sum += lp[c.promptIds().length - 1 + j];
        return sum;
    }

    @Test
    void samplingIsSeededAndLogprobsMatchTheModel() {
        ModelPolicy p = policy(1);
        Sampling s = new Sampling(1.0, 1.0, 0, 12, 7);
        List<Completion> a = p.generate(List.of("User: hi\nAssistant: <think>", "abc"), s);
        List<Completion> b = p.generate(List.of("User: hi\nAssistant: <think>", "abc"), s);
        assertArrayEquals(a.get(0).tokenIds(), b.get(0).tokenIds());
        assertEquals(2, a.size());
        Completion c = a.get(0);
        assertTrue(c.length() > 0 && c.length() <= 12);
        double fromSampler = 0;
        for (float f : c.logprobs()) fromSampler += f;
        assertEquals(logprob(p, c), fromSampler, 1e-3);
        assertEquals(p.countTokens("abc"), 3);
    }

    @Test
    void positiveAdvantageMakesTheCompletionMoreLikelyAndNegativeLess() {
        for (float sign : new float[]{1f, -1f}) {
            ModelPolicy p = policy(2);
            Completion c = p.generate(List.of("prompt text"), new Sampling(1.0, 1.0, 0, 8, 3)).getFirst();
            double before = logprob(p, c);
            float[] adv = new float[c.length()];
            Arrays.fill(adv, sign);
            TrainSequence seq = new TrainSequence(c.promptIds(), c.tokenIds(), c.logprobs(), adv, 1.0 / c.length(), null);
            UpdateStats stats = p.update(List.of(seq), loss(1e-2));
            assertTrue(stats.gradNorm() > 0);
            assertEquals(c.length(), stats.tokens());
            assertEquals(-sign, stats.loss(), 1e-3, "on-policy loss is −mean advantage");
            double after = logprob(p, c);
            assertTrue(sign > 0 ? after > before : after < before, "sign " + sign + ": " + before + " -> " + after);
        }
    }

    @Test
    void saveAndLoadRoundTrip(@TempDir Path dir) throws Exception {
        ModelPolicy p = policy(3);
        Completion c = p.generate(List.of("x"), new Sampling(1.0, 1.0, 0, 6, 1)).getFirst();
        float[] adv = new float[c.length()];
        Arrays.fill(adv, 1f);
        p.update(List.of(new TrainSequence(c.promptIds(), c.tokenIds(), c.logprobs(), adv, 1.0 / c.length(), null)), loss(1e-3));
        p.save(dir);
        ModelPolicy back = ModelPolicy.load(dir, new ReferenceBackend(), HYPER, 4, DType.F32, false, true);
        assertEquals(1, back.optimizerSteps());
        Sampling s = new Sampling(1.0, 1.0, 0, 10, 5);
        assertArrayEquals(p.generate(List.of("hello"), s).getFirst().tokenIds(), back.generate(List.of("hello"), s).getFirst().tokenIds());
    }

    @Test
    void resumeKeepsTheKlReferenceAtTheInitialModel(@TempDir Path dir) throws Exception {
        ModelPolicy p = ModelPolicy.fromScratch(SMALL, 6, new ReferenceBackend(), HYPER, 4, DType.F32, true);
        Completion c = p.generate(List.of("some prompt"), new Sampling(1.0, 1.0, 0, 8, 2)).getFirst();
        float[] adv = new float[c.length()];
        Arrays.fill(adv, 1f);
        for (int i = 0; i < 3; i++)   // move the policy away from its initial weights
            p.update(List.of(new TrainSequence(c.promptIds(), c.tokenIds(), c.logprobs(), adv, 1.0 / c.length(), null)), loss(1e-2));
        p.save(dir);
        ModelPolicy back = ModelPolicy.load(dir, new ReferenceBackend(), HYPER, 4, DType.F32, true, true);

        // advantages 0, no entropy, lr 0: the loss is the KL to the reference alone and nothing moves
        TrainSequence probe = new TrainSequence(c.promptIds(), c.tokenIds(), c.logprobs(), new float[c.length()], 1.0 / c.length(), null);
        LossSettings klOnly = new LossSettings(0.2, 0.2, 0.0, 1.0, 1.0, 0.0, 1.0);
        double uninterrupted = p.update(List.of(probe), klOnly).loss();
        double resumed = back.update(List.of(probe), klOnly).loss();
        assertTrue(uninterrupted > 1e-6, "the trained policy has moved away from its reference: " + uninterrupted);
        assertEquals(uninterrupted, resumed, 1e-9, "a resumed run measures the KL to the same (initial) model");
    }

    @Test
    void emptyBatchIsANoOp() {
        ModelPolicy p = policy(4);
        UpdateStats s = p.update(List.of(), loss(1e-3));
        assertEquals(0, s.tokens());
        assertEquals(0, p.optimizerSteps());
    }

    @Test
    void anImitationSequenceIsAnOnPolicyUpdateOfItsAdvantage() {
        int[] prompt = "P:x\nO:".chars().toArray();
        int[] answer = "42\n".chars().toArray();
        float coef = 0.7f;
        ModelPolicy imitation = policy(5), ppo = policy(5);
        float[] nan = new float[answer.length], adv = new float[answer.length];
        Arrays.fill(nan, Float.NaN);
        Arrays.fill(adv, coef);
        // the same update written as PPO with old log-probabilities equal to the current ones
        float[] lp = TokenScorer.score(ppo.model(), List.of(Sequence.completion(prompt, answer).ids()), 1.0).getFirst().logprobs();
        float[] current = Arrays.copyOfRange(lp, prompt.length - 1, prompt.length - 1 + answer.length);
        double nll = 0;
        for (float f : current) nll -= f;
        imitation.update(List.of(new TrainSequence(prompt, answer, nan, adv, 1.0 / answer.length, null, null)), loss(1e-2));
        ppo.update(List.of(new TrainSequence(prompt, answer, current, adv.clone(), 1.0 / answer.length, null, null)), loss(1e-2));
        var a = imitation.model().weights().tensors();
        var b = ppo.model().weights().tensors();
        for (int t = 0; t < a.size(); t++) {
            float[] x = a.get(t).data(), y = b.get(t).data();
            for (int k = 0; k < x.length; k++) assertEquals(y[k], x[k], 1e-6, a.get(t).name());
        }
        assertEquals(nll / answer.length, (double) imitation.metrics().get("policy/imitation_nll"), 1e-4);
        assertTrue(imitation.metrics().isEmpty(), "reported once");
        // and it makes the answer more likely
        float[] after = TokenScorer.score(imitation.model(), List.of(Sequence.completion(prompt, answer).ids()), 1.0).getFirst().logprobs();
        double nllAfter = 0;
        for (int j = 0; j < answer.length; j++) nllAfter -= after[prompt.length - 1 + j];
        assertTrue(nllAfter < nll, nllAfter + " vs " + nll);
    }
}
