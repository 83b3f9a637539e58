package dev.azr4j.model.sample;

import dev.azr4j.model.grammar.GrammarMatcher;
import dev.azr4j.model.grammar.TokenGrammar;
import dev.azr4j.model.nn.LogitMask;
import dev.azr4j.model.nn.Parallel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The grammar side of one batched generation: a matcher and a mask per sequence. The masks for
 * the next token of every active sequence are computed in parallel as soon as the previous tokens
 * are known; with {@code overlap} they are computed on a separate thread while the decode step's
 * forward pass runs on the model's pool, so that their cost hides behind the forward pass.
 */
final class GrammarRows {
    /** Threads for overlapped masks: daemon, created on demand, gone after a minute idle. */
    private static final ExecutorService OVERLAP = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "azr4j-grammar-mask");
        t.setDaemon(true);
        return t;
    });

    private final TokenGrammar grammar;
    private final GrammarMatcher[] matchers;
    private final long[][] masks;
    private final Parallel parallel;
    private final boolean overlap;
    private CompletableFuture<Void> pending;

    GrammarRows(TokenGrammar grammar, int n, int modelVocab, Parallel parallel, boolean overlap) {
        if (grammar.vocabSize() > modelVocab) {
            throw new IllegalArgumentException("the grammar covers " + grammar.vocabSize() + " token ids but the model has only "
                    + modelVocab);
        }
        this.grammar = grammar;
        this.parallel = parallel;
        this.overlap = overlap;
        matchers = new GrammarMatcher[n];
        masks = new long[n][LogitMask.words(grammar.vocabSize())];
        for (int i = 0; i < n; i++) matchers[i] = grammar.newMatcher();
    }

    /** Whether sequence i cannot take any token (the grammar's only sentence is complete and unextendable). */
    boolean terminated(int i) {
        return matchers[i].isTerminated();
    }

    /** Starts computing the next-token masks of {@code active[0..count)}; {@link #await} before using them. */
    void prepare(int[] active, int count) {
        int[] rows = java.util.Arrays.copyOf(active, count);
        if (overlap) {
            pending = CompletableFuture.runAsync(() -> {
                for (int i : rows) matchers[i].fillNextTokenMask(masks[i]);
            }, OVERLAP);
        } else {
            parallel.forEach(count, r -> matchers[rows[r]].fillNextTokenMask(masks[rows[r]]));
        }
    }

    void await() {
        if (pending != null) {
            pending.join();
            pending = null;
        }
    }

    /** Masks the logits row of sequence i; fails when the grammar allows nothing though it is not terminated. */
    void apply(int i, float[] logits, int off, int vocab) {
        if (LogitMask.apply(masks[i], grammar.vocabSize(), logits, off, vocab) == 0) {
            throw new IllegalStateException("the grammar allows no token for sequence " + i
                    + " although its text is not a complete sentence");
        }
    }

    /** Feeds the chosen token to sequence i's matcher; returns whether the grammar is now terminated. */
    boolean advance(int i, int token) {
        if (!matchers[i].accept(token)) {
            throw new IllegalStateException("the grammar's mask allowed token " + token + " but its matcher refuses it");
        }
        return matchers[i].isTerminated();
    }
}
