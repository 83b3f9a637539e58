package dev.azr4j.model.train;

import dev.azr4j.model.grammar.TokenGrammar;
import dev.azr4j.model.nn.GrammarSpan;

/**
 * A training sequence: token ids and which of them carry loss. {@code targets[t]} (t ≥ 1) says
 * whether log p(ids[t] | ids[&lt;t]) enters the objective; {@code targets[0]} must be false.
 * With a {@code grammar} span (null: none) the tokens from {@code grammar.from()} on are predicted by
 * the masked, renormalised distribution they were sampled from; the trainer recomputes the masks
 * by replaying the grammar (see {@link GrammarSpan}).
 */
public record Sequence(int[] ids, boolean[] targets, GrammarSpan grammar) {

    /** An unconstrained sequence. */
    public Sequence(int[] ids, boolean[] targets) {
        this(ids, targets, null);
    }

    public Sequence {
        if (grammar != null && grammar.from() > ids.length) {
            throw new IllegalArgumentException("the grammar span starts at " + grammar.from() + ", past the " + ids.length + " tokens");
        }
        if (ids.length < 2) throw new IllegalArgumentException("a training sequence needs at least 2 tokens, got " + ids.length);
        if (targets.length != ids.length) {
            throw new IllegalArgumentException("targets has " + targets.length + " entries for " + ids.length + " tokens");
        }
        if (targets[0]) throw new IllegalArgumentException("the first token has no prediction and cannot be a target");
    }

    /** Every token after the first is a target (plain language modelling). */
    public static Sequence of(int[] ids) {
        boolean[] m = new boolean[ids.length];
        java.util.Arrays.fill(m, 1, ids.length, true);
        return new Sequence(ids, m);
    }

    /** prompt ++ completion with the completion tokens as targets (the RL case). */
    public static Sequence completion(int[] prompt, int[] completion) {
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt must have at least one token");
        int[] ids = new int[prompt.length + completion.length];
        System.arraycopy(prompt, 0, ids, 0, prompt.length);
        System.arraycopy(completion, 0, ids, prompt.length, completion.length);
        boolean[] m = new boolean[ids.length];
        java.util.Arrays.fill(m, prompt.length, ids.length, true);
        return new Sequence(ids, m);
    }

    /** prompt ++ completion as in {@link #completion(int[], int[])}, the completion sampled under {@code grammar} (null: none). */
    public static Sequence completion(int[] prompt, int[] completion, TokenGrammar grammar) {
        Sequence s = completion(prompt, completion);
        return grammar == null ? s : new Sequence(s.ids, s.targets, new GrammarSpan(grammar, prompt.length));
    }

    public int length() {
        return ids.length;
    }

    /** Number of target tokens. */
    public int targetCount() {
        int n = 0;
        for (boolean b : targets) if (b) n++;
        return n;
    }
}
