package dev.azr4j.model.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.config.ModelPresets;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class BatchSchedulerTest {
    private static final CpuBackend BACKEND = new CpuBackend(2);
    private static final Transformer MODEL = Transformer.random(ModelPresets.get("tiny"), 1, BACKEND);
    private static final Transformer OTHER = Transformer.random(ModelPresets.get("tiny"), 2, BACKEND);
    private static final int[] P0 = {72, 101, 108, 108, 111};
    private static final int[] P1 = {100, 101, 102, 32, 102, 40, 97, 41, 58, 10, 32, 32, 32, 32, 114, 101};
    private static final int[] P2 = {7};

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    private static void assertSame(List<Completion> expected, List<Completion> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).ids(), actual.get(i).ids(), what + " sequence " + i);
            // log-probabilities to float rounding: the Vector API's exp/log differ in the last bit
            // between interpreted and compiled code, so two runs of the same code can too
            assertArrayEquals(expected.get(i).logprobs(), actual.get(i).logprobs(), 1e-5f, what + " sequence " + i);
            assertEquals(expected.get(i).finishReason(), actual.get(i).finishReason(), what + " sequence " + i);
        }
    }

    @Test
    void aJobAloneGivesTheSamplersTokens() {
        ByteTokenizer tok = ByteTokenizer.instance();
        List<SamplingParams> cases = List.of(
                SamplingParams.greedy(20),
                SamplingParams.sample(24, 0.9, 7),
                SamplingParams.sample(24, 1.3, 8).withTopK(20).withTopP(0.9),
                SamplingParams.sample(40, 1.0, 9).withStopTokens(Set.of(101, 32)),
                SamplingParams.sample(40, 1.0, 10).withStopStrings(List.of("e", "a")));
        try (BatchScheduler s = new BatchScheduler(new BatchScheduler.Weights(MODEL, 1, "test"), 64)) {
            for (SamplingParams p : cases) {
                // duplicates are prefilled once by both
                List<int[]> prompts = List.of(P0, P1, P0, P2, P0);
                List<Completion> expected = new Sampler(MODEL).generate(prompts, p, tok::decode);
                assertSame(expected, s.generate(prompts, p, tok::decode), p.toString());
            }
        }
    }

    @Test
    void concurrentJobsShareDecodeStepsAndKeepTheirTokens() throws Exception {
        int jobs = 8, maxTokens = 12;
        List<List<Completion>> alone = new ArrayList<>();
        List<int[]> prompts = new ArrayList<>();
        for (int j = 0; j < jobs; j++) {
            int[] p = new int[3 + j];
            for (int i = 0; i < p.length; i++) p[i] = 40 + 7 * i + j;
            prompts.add(p);
            alone.add(new Sampler(MODEL).generate(List.of(p), SamplingParams.sample(maxTokens, 1.0, 100 + j)));
        }
        try (BatchScheduler s = new BatchScheduler(new BatchScheduler.Weights(MODEL, 1, "test"), 64)) {
            s.hold();
            List<BatchScheduler.Ticket> tickets = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int j = 0; j < jobs; j++) {
                int jj = j;
                threads.add(Thread.ofPlatform().start(() -> tickets.add(
                        s.submit(List.of(prompts.get(jj)), SamplingParams.sample(maxTokens, 1.0, 100 + jj), null, 0, null))));
            }
            for (Thread t : threads) t.join();
            s.release();
            for (BatchScheduler.Ticket t : tickets) t.result().join();
            // every job ran the same decode steps: one step per token, not one per token per job
            assertEquals(maxTokens, s.stats().decodeSteps());
            assertEquals(jobs * maxTokens, s.stats().tokensGenerated());
        }
        // and each got what it gets alone (tickets are in thread order, so compare by prompt)
        try (BatchScheduler s = new BatchScheduler(new BatchScheduler.Weights(MODEL, 1, "test"), 64)) {
            s.hold();
            List<BatchScheduler.Ticket> tickets = new ArrayList<>();
            for (int j = 0; j < jobs; j++) {
                tickets.add(s.submit(List.of(prompts.get(j)), SamplingParams.sample(maxTokens, 1.0, 100 + j), null, 0, null));
            }
            s.release();
            for (int j = 0; j < jobs; j++) assertSame(alone.get(j), tickets.get(j).result().join(), "job " + j);
        }
    }

    @Test
    void aJobJoinsTheRunningBatchAtTheNextStep() {
        try (BatchScheduler s = new BatchScheduler(new BatchScheduler.Weights(MODEL, 1, "test"), 64)) {
            List<Integer> seenByFirst = new CopyOnWriteArrayList<>();
            BatchScheduler.Ticket[] second = new BatchScheduler.Ticket[1];
            SamplingParams p = SamplingParams.sample(30, 1.0, 3);
            BatchScheduler.Ticket first = s.submit(List.of(P0), p, null, 0, new BatchScheduler.Listener() {
                @Override
                public void onToken(int seq, int token, float logprob, BatchScheduler.TopLogprobs top) {
                    seenByFirst.add(token);
                    if (seenByFirst.size() == 5) second[0] = s.submit(List.of(P1), SamplingParams.sample(10, 1.0, 4), null, 0, null);
                }
            });
            assertSame(new Sampler(MODEL).generate(List.of(P0), p), first.result().join(), "first");
            assertSame(new Sampler(MODEL).generate(List.of(P1), SamplingParams.sample(10, 1.0, 4)), second[0].result().join(), "second");
            // the second job's 10 tokens were decoded inside the first job's 30 steps
            assertEquals(30, s.stats().decodeSteps());
        }
    }

    @Test
    void jobsInFlightFinishOnTheWeightsTheyStartedWith() {
        SamplingParams p = SamplingParams.sample(16, 1.0, 5);
        try (BatchScheduler s = new BatchScheduler(new BatchScheduler.Weights(MODEL, 1, "a"), 64)) {
            s.hold();
            BatchScheduler.Ticket old = s.submit(List.of(P1), p, null, 0, null);
            s.swapWeights(new BatchScheduler.Weights(OTHER, 2, "b"));
            BatchScheduler.Ticket fresh = s.submit(List.of(P1), p, null, 0, null);
            s.release();
            assertEquals(1, old.weights().version());
            assertEquals(2, fresh.weights().version());
            assertSame(new Sampler(MODEL).generate(List.of(P1), p), old.result().join(), "old weights");
            assertSame(new Sampler(OTHER).generate(List.of(P1), p), fresh.result().join(), "new weights");
        }
    }

    @Test
    void topLogprobsAreSortedAndHoldTheChosenToken() {
        try (BatchScheduler s = new BatchScheduler(new BatchScheduler.Weights(MODEL, 1, "a"), 64)) {
            List<BatchScheduler.TopLogprobs> tops = new CopyOnWriteArrayList<>();
            List<Float> chosen = new CopyOnWriteArrayList<>();
            s.submit(List.of(P0), SamplingParams.greedy(6), null, 3, new BatchScheduler.Listener() {
                @Override
                public void onToken(int seq, int token, float logprob, BatchScheduler.TopLogprobs top) {
                    tops.add(top);
                    chosen.add(logprob);
                    assertEquals(token, top.ids()[0]); // greedy: the argmax
                }
            }).result().join();
            assertEquals(6, tops.size());
            for (int i = 0; i < tops.size(); i++) {
                float[] lp = tops.get(i).logprobs();
                assertEquals(chosen.get(i), lp[0], 1e-6);
                assertTrue(lp[0] >= lp[1] && lp[1] >= lp[2]);
            }
        }
    }

    @Test
    void badJobsAreRefusedAndTheSchedulerGoesOn() {
        try (BatchScheduler s = new BatchScheduler(new BatchScheduler.Weights(MODEL, 1, "a"), 64)) {
            assertThrows(IllegalArgumentException.class, () -> s.submit(List.of(new int[0]), SamplingParams.greedy(3), null, 0, null));
            assertThrows(IllegalArgumentException.class, () -> s.submit(List.of(new int[] {100000}), SamplingParams.greedy(3), null, 0, null));
            assertEquals(3, s.generate(List.of(P2), SamplingParams.greedy(3), null).getFirst().ids().length);
            BatchScheduler.Ticket t = s.submit(List.of(P0), SamplingParams.greedy(0), null, 0, null);
            assertEquals(0, t.result().join().getFirst().ids().length);
        }
    }
}
