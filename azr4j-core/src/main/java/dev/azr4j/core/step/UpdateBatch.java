package dev.azr4j.core.step;

import dev.azr4j.core.policy.Completion;
import dev.azr4j.core.policy.TrainSequence;
import dev.azr4j.core.rl.TokenWeights;
import dev.azr4j.core.task.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sequences of an update and every token's weight, in one place. Each loss group is a token
 * mean: an RL group's rollouts with their group's advantage on every token ({@link TokenWeights}),
 * the answers' imitation with {@code imitationCoef} (and {@code contextCoef} on the prompts when that
 * is on), the proposals' imitation with {@code proposalCoef}. Imitated sequences are trained at the
 * current policy: the policy reads a NaN old log-probability as an importance ratio of exactly 1,
 * and the coefficient as the advantage.
 */
final class UpdateBatch {
    private final double imitationCoef;
    private final double contextCoef;
    private final double proposalCoef;
    private final boolean trainPropose;

    UpdateBatch(double imitationCoef, double contextCoef, double proposalCoef, boolean trainPropose) {
        this.imitationCoef = imitationCoef;
        this.contextCoef = contextCoef;
        this.proposalCoef = proposalCoef;
        this.trainPropose = trainPropose;
    }

    /** The RL groups' sequences (without the proposer groups in the solver-only ablation); empty completions are left out. */
    List<TrainSequence> rl(List<RlGroup> groups) {
        List<Rollout> seqs = new ArrayList<>();
        List<Double> advs = new ArrayList<>();
        List<Integer> groupIdx = new ArrayList<>();
        int gi = 0;
        for (RlGroup g : groups) {
            if (g.group().role() == Role.PROPOSE && !trainPropose) continue;
            for (int i = 0; i < g.rollouts().size(); i++) {
                seqs.add(g.rollouts().get(i));
                advs.add(g.advantages()[i]);
                groupIdx.add(gi);
            }
            gi++;
        }
        int[] groupOf = groupIdx.stream().mapToInt(Integer::intValue).toArray();
        int[] lengths = seqs.stream().mapToInt(r -> r.completion().length()).toArray();
        double[] weights = TokenWeights.perGroupMean(groupOf, lengths, gi);
        List<TrainSequence> out = new ArrayList<>(seqs.size());
        for (int i = 0; i < seqs.size(); i++) {
            Completion c = seqs.get(i).completion();
            if (c.length() == 0) continue;
            float[] perToken = new float[c.length()];
            Arrays.fill(perToken, (float) (double) advs.get(i));
            out.add(new TrainSequence(c.promptIds(), c.tokenIds(), c.logprobs(), perToken, weights[i], null, c.grammar()));
        }
        return out;
    }

    /** The imitated sequences, the answers' group first, then the proposals'. */
    List<TrainSequence> imitation(List<Imitation> all) {
        List<TrainSequence> out = answers(all.stream().filter(x -> x.kind() == Imitation.Kind.ANSWERS).toList());
        out.addAll(proposals(all.stream().filter(x -> x.kind() == Imitation.Kind.PROPOSALS).toList()));
        return out;
    }

    /**
     * The answers' group: cross-entropy of every answer token times {@code imitationCoef}, a token
     * mean; with {@code contextCoef}, every prompt token after the first is a target too, so that
     * both parts are token means (answers times imitationCoef, context times contextCoef).
     */
    private List<TrainSequence> answers(List<Imitation> items) {
        List<TrainSequence> out = new ArrayList<>();
        long tokens = items.stream().mapToLong(e -> e.completionIds().length).sum();
        long contextTokens = items.stream().mapToLong(e -> e.promptIds().length - 1).sum();
        double all = contextCoef > 0 ? tokens + contextTokens : tokens;
        for (Imitation e : items) {
            int[] prompt = e.promptIds(), answer = e.completionIds();
            float[] adv;
            if (contextCoef > 0 && prompt.length > 1) {
                // the prompt's first token stays the prompt; every later token is a target too
                int c = prompt.length - 1;
                int[] completion = new int[c + answer.length];
                System.arraycopy(prompt, 1, completion, 0, c);
                System.arraycopy(answer, 0, completion, c, answer.length);
                adv = new float[completion.length];
                Arrays.fill(adv, 0, c, (float) (contextCoef * all / contextTokens));
                Arrays.fill(adv, c, adv.length, (float) (imitationCoef * all / tokens));
                prompt = new int[] {prompt[0]};
                answer = completion;
            } else {
                adv = new float[answer.length];
                Arrays.fill(adv, (float) imitationCoef);
            }
            // the token weight makes the entropy bonus a mean over these tokens, as in every group
            out.add(imitated(prompt, answer, adv, 1.0 / all, e));
        }
        return out;
    }

    /** The proposals' group: a token mean times {@code proposalCoef}. */
    private List<TrainSequence> proposals(List<Imitation> items) {
        long tokens = items.stream().mapToLong(e -> e.completionIds().length).sum();
        List<TrainSequence> out = new ArrayList<>(items.size());
        for (Imitation e : items) {
            float[] adv = new float[e.completionIds().length];
            Arrays.fill(adv, (float) proposalCoef);
            out.add(imitated(e.promptIds(), e.completionIds(), adv, 1.0 / tokens, e));
        }
        return out;
    }

    private static TrainSequence imitated(int[] prompt, int[] completion, float[] advantages, double tokenWeight, Imitation e) {
        float[] old = new float[completion.length];
        Arrays.fill(old, Float.NaN);   // NaN: the current policy, an importance ratio of exactly 1
        return new TrainSequence(prompt, completion, old, advantages, tokenWeight, null, e.grammar());
    }
}
