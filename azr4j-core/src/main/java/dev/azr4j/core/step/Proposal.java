package dev.azr4j.core.step;

import dev.azr4j.core.gate.GateCheck;
import dev.azr4j.core.grammar.GrammarSource;
import dev.azr4j.core.prompt.ProposePrompt;
import dev.azr4j.core.reward.AnswerCache;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.Task;
import dev.azr4j.core.task.Triplet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A proposal and what the step learns about it, each part written by one stage: its rollout
 * ({@link RolloutGenerator}); the verdict and the gate's check ({@link ProposalJudge}; the check is
 * null when the completion did not parse); the program's size ({@link ProgramStats}); the solver's
 * Monte-Carlo rollouts, their scores, and whether reruns showed the task flaky, which makes the
 * verdict invalid ({@link LearnabilityEstimate}); the solve rate and learnability ({@link Rewarding});
 * and, where hindsight repairs are on, the environment's repair of a rejected proposal.
 */
public final class Proposal {
    private final ProposePrompt source;
    private final Rollout rollout;
    Verdict verdict;
    Task judgedTask;            // the task when the judge found it valid (kept when reruns make it flaky)
    GateCheck check;
    Integer astNodes;
    final List<Rollout> mc = new ArrayList<>();
    final AnswerCache answers = new AnswerCache();
    final List<Double> distinctScores = new ArrayList<>();
    boolean flaky;
    double solveRate;
    double learnability;
    String repair;

    Proposal(ProposePrompt source, GrammarSource grammar) {
        this.source = source;
        this.rollout = new Rollout(source.type(), Role.PROPOSE, source.text(), grammar, this::details);
    }

    public ProposePrompt source() {
        return source;
    }

    public Rollout rollout() {
        return rollout;
    }

    public Verdict verdict() {
        return verdict;
    }

    /** The valid task, null when the proposal is not valid. */
    public Task task() {
        return verdict == null ? null : verdict.validTask();
    }

    /** The gate's check, null when the completion did not parse. */
    public GateCheck check() {
        return check;
    }

    public double learnability() {
        return learnability;
    }

    /** The environment's repair of this rejected proposal (a completion), or null. */
    public String repair() {
        return repair;
    }

    /** The proposal's line in the samples file: why it is invalid, or its output, solve rate and learnability. */
    private Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        if (verdict == null) return d;
        if (verdict instanceof Verdict.Valid) d.put("valid", true);
        if (judgedTask instanceof Triplet tr) d.put("output", tr.output());
        if (verdict.reason() != null) {
            d.put("invalid", verdict.reason());
        } else {
            d.put("solve_rate", solveRate);
            d.put("learnability", learnability);
            d.put("mc_rollouts", answers.rollouts());
        }
        return d;
    }
}
