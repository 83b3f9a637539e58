package dev.azr4j.core.step;

import dev.azr4j.core.reward.Rewards;
import dev.azr4j.core.task.TaskType;

/**
 * The rewards of a step (spec §1.2): a proposal's solve rate over its Monte-Carlo rollouts, its
 * learnability (valid and well-formatted proposals only) and the proposer's reward; the solver's
 * reward from its format and correctness.
 */
final class Rewarding {
    private final Rewards rewards;

    Rewarding(Rewards rewards) {
        this.rewards = rewards;
    }

    void reward(StepPlan plan) {
        for (Proposal p : plan.allProposals()) {
            boolean valid = p.task() != null;
            boolean format = p.rollout().response().formatOk();
            p.solveRate = p.answers.rollouts() == 0 ? 0.0 : p.answers.meanScore(p.distinctScores);
            p.learnability = valid && format ? Rewards.learnability(p.solveRate) : 0.0;
            p.rollout().reward(rewards.proposer(format, valid, p.solveRate));
        }
        for (TaskType t : plan.types())
            for (Solve x : plan.solves(t)) x.rollout().reward(rewards.solver(x.wellFormed(), x.correct()));
    }
}
