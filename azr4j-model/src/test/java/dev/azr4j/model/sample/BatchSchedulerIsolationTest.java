package dev.azr4j.model.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.config.ModelPresets;
import dev.azr4j.model.grammar.GrammarMatcher;
import dev.azr4j.model.grammar.TokenGrammar;
import dev.azr4j.model.nn.Transformer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** One job's failure on the scheduler thread fails that job alone; the others in the same decode step go on unchanged. */
class BatchSchedulerIsolationTest {
    private static final CpuBackend BACKEND = new CpuBackend(2);
    private static final Transformer MODEL = Transformer.random(ModelPresets.get("tiny"), 1, BACKEND);
    private static final int[] P0 = {72, 101, 108, 108, 111};
    private static final int[] P1 = {100, 101, 102, 32, 102};

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    /** A grammar whose matcher allows no token at all, or throws (as a recogniser over its bound would). */
    private static TokenGrammar broken(boolean throwing) {
        int vocab = MODEL.config().vocabSize();
        return new TokenGrammar() {
            @Override
            public int vocabSize() {
                return vocab;
            }

            @Override
            public GrammarMatcher newMatcher() {
                return new GrammarMatcher() {
                    @Override
                    public void fillNextTokenMask(long[] mask) {
                        if (throwing) throw new IllegalStateException("the grammar is too ambiguous");
                        Arrays.fill(mask, 0);
                    }

                    @Override
                    public boolean accept(int token) {
                        return true;
                    }

                    @Override
                    public boolean canEnd() {
                        return false;
                    }

                    @Override
                    public boolean isTerminated() {
                        return false;
                    }

                    @Override
                    public boolean allows(int token) {
                        return true;
                    }
                };
            }
        };
    }

    @Test
    void aJobWhoseGrammarFailsFailsAloneAndTheOthersGetTheirTokens() throws InterruptedException {
        SamplingParams p = SamplingParams.sample(12, 1.0, 5);
        try (BatchScheduler s = new BatchScheduler(new BatchScheduler.Weights(MODEL, 1, "test"), 64)) {
            List<Completion> alone0 = s.generate(List.of(P0), p, null);
            List<Completion> alone1 = s.generate(List.of(P1, P1), SamplingParams.sample(12, 1.0, 6), null);
            for (boolean throwing : new boolean[] {false, true}) {
                s.hold();
                BatchScheduler.Ticket good0 = s.submit(List.of(P0), p, null, 0, null);
                BatchScheduler.Ticket bad = s.submit(List.of(P1, P0, P1), p.withGrammar(broken(throwing)), null, 0, null);
                BatchScheduler.Ticket good1 = s.submit(List.of(P1, P1), SamplingParams.sample(12, 1.0, 6), null, 0, null);
                s.release();
                CompletionException e = assertThrows(CompletionException.class, () -> bad.result().join());
                assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
                List<Completion> got0 = good0.result().join(), got1 = good1.result().join();
                assertArrayEquals(alone0.getFirst().ids(), got0.getFirst().ids(), "throwing=" + throwing);
                for (int i = 0; i < 2; i++) assertArrayEquals(alone1.get(i).ids(), got1.get(i).ids(), "throwing=" + throwing);
            }
            // the count is refreshed after the step that retired them
            for (int i = 0; i < 1000 && s.stats().running() > 0; i++) Thread.sleep(5);
            assertEquals(0, s.stats().running(), "the failed job's sequences left the batch");
        }
    }

    /**
     * A forward pass that fails for the whole decode step (out of memory, as an oversized {@code n}
     * can make it) is tried again job by job: the job too large for it fails alone, the others get
     * the tokens they get alone.
     */
    @Test
    void aForwardPassThatFailsForTheBatchFailsOnlyTheJobThatStillFailsAlone() throws InterruptedException {
        SamplingParams p = SamplingParams.sample(12, 1.0, 5);
        try (BatchScheduler s = new BatchScheduler(new BatchScheduler.Weights(MODEL, 1, "test"), 64)) {
            List<Completion> alone = s.generate(List.of(P0, P1), p, null);
            s.hold();
            BatchScheduler.Ticket good = s.submit(List.of(P0, P1), p, null, 0, null);
            BatchScheduler.Ticket large = s.submit(List.of(P1, P1, P0, P0, P1), SamplingParams.sample(12, 1.0, 7), null, 0, null);
            BatchScheduler.forwardFault = rows -> {
                if (rows > 4) throw new OutOfMemoryError("injected: a pass of " + rows + " rows");
            };
            try {
                s.release();
                CompletionException e = assertThrows(CompletionException.class, () -> large.result().join());
                assertTrue(e.getCause() instanceof OutOfMemoryError, String.valueOf(e.getCause()));
                List<Completion> got = good.result().join();
                for (int i = 0; i < 2; i++) assertArrayEquals(alone.get(i).ids(), got.get(i).ids());
            } finally {
                BatchScheduler.forwardFault = null;
            }
            for (int i = 0; i < 1000 && s.stats().running() > 0; i++) Thread.sleep(5);
            assertEquals(0, s.stats().running(), "the failed job's sequences left the batch");
            assertEquals(2, s.generate(List.of(P0, P1), p, null).size(), "the scheduler goes on");
        }
    }
}
