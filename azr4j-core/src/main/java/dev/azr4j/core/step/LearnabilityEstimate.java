package dev.azr4j.core.step;

import dev.azr4j.core.exec.ExecBatch;
import dev.azr4j.core.grammar.RoleGrammars;
import dev.azr4j.core.prompt.PromptBuilder;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.executor.ErrorKind;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.Executor;
import dev.azr4j.executor.Grading;
import java.util.ArrayList;
import java.util.List;

/**
 * How hard each valid proposal is for the solver: N solver rollouts of every valid, well-formatted
 * proposal whose solve prompt fits (the original drops the others too: solve rate 0), scored
 * without the format gate, one executor check per distinct answer. Reruns that show a task is not a
 * function of its input make the proposal flaky, and so invalid: a deduction check that reruns the
 * program gets another output or times out, or an abduction task with a solve rate strictly between
 * 0 and 1 fails when checked again, twice, with its own input.
 */
final class LearnabilityEstimate {
    private final PromptBuilder prompts;
    private final RoleGrammars grammars;
    private final RolloutGenerator generator;
    private final Executor executor;
    private final int rollouts;

    LearnabilityEstimate(PromptBuilder prompts, RoleGrammars grammars, RolloutGenerator generator, Executor executor, int rollouts) {
        this.prompts = prompts;
        this.grammars = grammars;
        this.generator = generator;
        this.executor = executor;
        this.rollouts = rollouts;
    }

    void estimate(StepPlan plan, long seed, StepContext ctx) {
        List<Rollout> all = new ArrayList<>();
        for (Proposal p : plan.allProposals()) {
            if (p.task() == null || !p.rollout().response().formatOk()) continue;
            TaskType t = p.source().type();
            String prompt = prompts.solve(t, p.task());
            if (!prompts.fits(prompt)) continue;
            for (int i = 0; i < rollouts; i++) p.mc.add(new Rollout(t, Role.SOLVE, prompt, grammars.of(t, Role.SOLVE), java.util.Map::of));
            all.addAll(p.mc);
        }
        generator.generate(all, seed, ctx.clock());
        score(plan, ctx);
        confirmLearnableAbductions(plan, ctx);
        for (Proposal p : plan.allProposals()) if (p.flaky && p.task() != null) p.verdict = new Verdict.Invalid("flaky");
    }

    private void score(StepPlan plan, StepContext ctx) {
        ExecBatch batch = new ExecBatch();
        for (Proposal p : plan.allProposals()) {
            TaskType t = p.source().type();
            for (Rollout r : p.mc) p.answers.add(SolverAnswers.of(t, r.response()));
            for (String answer : p.answers.distinct()) {
                int slot = p.distinctScores.size();
                p.distinctScores.add(0.0);
                ExecRequest check = SolverAnswers.check(p.task(), answer, t);
                if (check != null) batch.add(check, r -> {
                    p.distinctScores.set(slot, r.ok() ? 1.0 : 0.0);
                    if (t == TaskType.DEDUCTION && p.task() instanceof Triplet tr && rerunDiffers(tr, r)) p.flaky = true;
                    p.mc.stream().filter(m -> SolverAnswers.of(t, m.response()).equals(answer)).findFirst().ifPresent(m -> m.noteRefusal(r));
                });
            }
        }
        ctx.clock().execute(batch, executor);
    }

    /**
     * A deduction check reruns the program on the stored input: a timeout there, or an output other
     * than the one validation stored, means the task is not a function of its input (time, random
     * state, a counter kept in a module across calls, a loop that ends only sometimes). Such a
     * proposal would earn learnability from answers graded against a moving target, so it is invalid.
     */
    private static boolean rerunDiffers(Triplet task, ExecResult r) {
        if (r.error() != null && (r.error().kind() == ErrorKind.TIMEOUT || r.error().kind() == ErrorKind.MEMORY)) return true;
        return r.output() != null && !r.output().equals(task.output());
    }

    /**
     * An abduction check runs the program on the solver's input, so a program that times out or
     * changes its result only sometimes (os.urandom, a counter across calls) would get a solve rate
     * strictly between 0 and 1, and so learnability, from an easy task. Where that is the case the
     * stored task is checked again, twice, with its own input; a failure makes it flaky.
     */
    private void confirmLearnableAbductions(StepPlan plan, StepContext ctx) {
        if (!plan.types().contains(TaskType.ABDUCTION)) return;
        ExecBatch batch = new ExecBatch();
        for (Proposal p : plan.proposals(TaskType.ABDUCTION)) {
            if (!(p.task() instanceof Triplet tr) || p.answers.rollouts() == 0) continue;
            double rate = p.answers.meanScore(p.distinctScores);
            if (rate <= 0 || rate >= 1) continue;
            for (int i = 0; i < 2; i++)  // the stored input is the proposer's text, not an answer: lenient
                batch.add(new ExecRequest.CheckInput(tr.program(), tr.output(), tr.input(), Grading.LENIENT), r -> {
                    if (!r.ok()) p.flaky = true;
                });
        }
        ctx.clock().execute(batch, executor);
    }
}
