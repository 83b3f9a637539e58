package dev.azr4j.core.step;

import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.gate.ProposalGate;
import dev.azr4j.core.policy.FinishReason;
import dev.azr4j.core.policy.UpdateStats;
import dev.azr4j.core.run.MetricKeys;
import dev.azr4j.core.task.TaskType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The step's metrics that the paper's step itself defines: per task type the solve accuracy and
 * format, the proposals' validity (with every reason of invalidity), learnability and program size,
 * the buffers and the gate's diversity windows; per group the rewards and advantages; the update's
 * statistics. A task type that is not trained keeps its keys (null values), so every line of
 * {@code metrics.jsonl} has the same columns.
 */
final class StepMetrics {
    private final TaskBuffers buffers;
    private final ProposalGate gate;

    StepMetrics(TaskBuffers buffers, ProposalGate gate) {
        this.buffers = buffers;
        this.gate = gate;
    }

    void types(Map<String, Object> m, StepPlan plan, Map<TaskType, ProposalStore.Changes> stored) {
        for (TaskType t : TaskType.STEP_ORDER) {
            if (plan.types().contains(t)) type(m, t, plan.proposals(t), plan.solves(t), stored.get(t));
            else disabled(m, t);
        }
    }

    private void type(Map<String, Object> m, TaskType t, List<Proposal> ps, List<Solve> ss, ProposalStore.Changes stored) {
        String T = t.id();
        m.put("solve/" + T + "/accuracy", ss.isEmpty() ? null : ss.stream().filter(Solve::correct).count() / (double) ss.size());
        m.put("solve/" + T + "/format_ok", ss.isEmpty() ? null : ss.stream().filter(x -> x.rollout().response().formatOk()).count() / (double) ss.size());
        m.put("solve/" + T + "/count", ss.size());
        for (Solve x : ss) if (x.rejected() != null) m.merge("solve/" + T + "/answer_rejected/" + x.rejected(), 1, (a, b) -> (int) a + (int) b);
        long valid = ps.stream().filter(p -> p.task() != null).count();
        m.put("propose/" + T + "/valid_rate", ps.isEmpty() ? null : valid / (double) ps.size());
        m.put("propose/" + T + "/format_ok", ps.isEmpty() ? null : ps.stream().filter(p -> p.rollout().response().formatOk()).count() / (double) ps.size());
        m.put("propose/" + T + "/learnability", ps.isEmpty() ? null : ps.stream().mapToDouble(Proposal::learnability).average().orElse(0));
        var scored = ps.stream().filter(p -> p.answers.rollouts() > 0).mapToDouble(p -> p.solveRate).summaryStatistics();
        m.put("propose/" + T + "/mc_solve_rate", scored.getCount() == 0 ? null : scored.getAverage());
        var ast = ps.stream().filter(p -> p.astNodes != null).mapToInt(p -> p.astNodes).summaryStatistics();
        m.put("propose/" + T + "/program_ast_nodes", ast.getCount() == 0 ? null : ast.getAverage());
        Map<String, Integer> invalid = new TreeMap<>();
        for (Proposal p : ps) if (p.verdict().reason() != null) invalid.merge(p.verdict().reason(), 1, Integer::sum);
        invalid.forEach((reason, n) -> m.put("propose/" + T + "/invalid/" + reason, n));
        m.put("buffer/" + T + "/size", buffers.size(t));
        m.put("buffer/" + T + "/added", stored.added());
        m.put("buffer/" + T + "/duplicates", stored.duplicates());
        m.put("buffer/" + T + "/discarded", stored.discarded());
        m.put("buffer/" + T + "/out_of_band", stored.outOfBand());
        if (gate.settings().extraTasks()) m.put("buffer/" + T + "/extra_tasks", stored.extraTasks());
        List<String> answers = new ArrayList<>();
        for (Solve x : ss) answers.add(SolverAnswers.of(t, x.rollout().response()));
        for (Proposal p : ps) for (Rollout r : p.mc) answers.add(SolverAnswers.of(t, r.response()));
        gate.diversity(m, t, ps.stream().map(Proposal::check).toList(), answers);
    }

    private void disabled(Map<String, Object> m, TaskType t) {
        for (String key : MetricKeys.REQUIRED) if (key.contains("/" + t.id() + "/")) m.put(key, null);
        m.put("buffer/" + t.id() + "/size", buffers.size(t));
    }

    static void groups(Map<String, Object> m, List<RlGroup> groups) {
        for (RlGroup g : groups) {
            List<Rollout> rs = g.rollouts();
            if (rs.isEmpty()) continue;
            String p = g.group().id();
            m.put(p + "/reward_mean", rs.stream().mapToDouble(Rollout::reward).average().orElse(0));
            m.put(p + "/advantage_max", Arrays.stream(g.advantages()).max().orElse(0));
            m.put(p + "/advantage_min", Arrays.stream(g.advantages()).min().orElse(0));
            m.put(p + "/response_len_mean", rs.stream().mapToInt(r -> r.completion().length()).average().orElse(0));
            m.put(p + "/truncated_frac", rs.stream().filter(r -> r.completion().finishReason() == FinishReason.LENGTH).count() / (double) rs.size());
        }
    }

    static void update(Map<String, Object> m, UpdateStats update) {
        m.put("policy/loss", update.loss());
        m.put("policy/grad_norm", update.gradNorm());
        m.put("policy/entropy", update.entropy());
        m.put("policy/clip_frac", update.clipFrac());
        m.put("policy/lr", update.lr());
        m.put("policy/tokens", update.tokens());
    }
}
