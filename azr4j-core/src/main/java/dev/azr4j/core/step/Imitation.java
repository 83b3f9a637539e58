package dev.azr4j.core.step;

import dev.azr4j.core.grammar.GrammarSource;
import dev.azr4j.core.policy.Policy;

/**
 * A known-good sequence to train on by cross-entropy, not by reward: an executor-verified answer
 * ({@link Kind#ANSWERS}) or a proposal worth writing ({@link Kind#PROPOSALS}: a remembered learnable
 * one, an environment task written as a proposal, a repair of a rejected one). Each kind is one loss
 * group, a token mean times its coefficient ({@link UpdateBatch}).
 *
 * @param grammar the grammar the completion is trained under (null: none)
 */
public record Imitation(Kind kind, int[] promptIds, int[] completionIds, GrammarSource grammar) {
    public enum Kind { ANSWERS, PROPOSALS }

    /** The sequence encoded as {@code policy} would have sampled it, or null when the completion is empty or the whole does not fit the context. */
    static Imitation encode(Kind kind, Policy policy, String prompt, String completion, GrammarSource grammar) {
        int[][] ids = policy.encodeSequence(prompt, completion);
        return ids[1].length == 0 || ids[0].length + ids[1].length > policy.contextLength() ? null : new Imitation(kind, ids[0], ids[1], grammar);
    }
}
