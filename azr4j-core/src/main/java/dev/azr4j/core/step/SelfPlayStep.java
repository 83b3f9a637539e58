package dev.azr4j.core.step;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.config.CurriculumConfig;
import dev.azr4j.core.gate.ProposalGate;
import dev.azr4j.core.monitor.BehaviourStats;
import dev.azr4j.core.monitor.Flag;
import dev.azr4j.core.monitor.SafetyMonitor;
import dev.azr4j.core.monitor.SafetyRules;
import dev.azr4j.core.parse.ProposalParser;
import dev.azr4j.core.policy.Policy;
import dev.azr4j.core.policy.Sampling;
import dev.azr4j.core.policy.TrainSequence;
import dev.azr4j.core.policy.UpdateStats;
import dev.azr4j.core.prompt.PromptBuilder;
import dev.azr4j.core.prompt.PromptTemplates;
import dev.azr4j.core.reward.Rewards;
import dev.azr4j.core.rl.Advantages;
import dev.azr4j.core.run.Checkpointed;
import dev.azr4j.core.task.Group;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.executor.Executor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Absolute Zero training step (spec §1.2), as named stages over a {@link StepPlan}: plan the
 * proposer prompts and the solve batches (drawn before any of this step's proposals is stored);
 * generate every proposal and solve in one call; judge the proposals (parse, run, gate); estimate
 * the valid ones' learnability with N solver rollouts; grade the solves; reward; store valid
 * proposals; normalise advantages within each of the six groups (TRR++); one update over the
 * groups and the imitated sequences. The from-zero measures are {@link StepExtension}s around it.
 *
 * <p>The policy does not change within a step, so all six prompt sets are generated in one call,
 * and all MC rollouts in another; results are identical in distribution to the original's per-type
 * order, and batches are larger. Buffers are appended in the original order (abduction, deduction,
 * induction). Nothing the model writes can make a step fail: every malformed or invalid output is
 * counted under its reason and rewarded with the format penalty.
 *
 * <p>Documented choices: a proposal is valid when it parses and the executor accepts it, whatever
 * its think/answer format; it then enters the buffer, but its reward is the format penalty when
 * the format is wrong, and no MC rollouts are spent on it (its learnability counts as 0).
 */
public final class SelfPlayStep implements Checkpointed {
    private final Policy policy;
    private final SelfPlaySettings s;
    private final ProposalGate gate;
    private final StepPlanner planner;
    private final RolloutGenerator generator;
    private final ProposalJudge judge;
    private final ProgramStats programs;
    private final LearnabilityEstimate learnability;
    private final SolveGrader grader;
    private final Rewarding rewarding;
    private final ProposalStore store;
    private final UpdateBatch weights;
    private final PolicyUpdate update;
    private final StepMetrics metrics;
    private final SafetyReview safety;
    private final List<StepExtension> extensions;

    public SelfPlayStep(Policy policy, Executor executor, TaskBuffers buffers, SelfPlaySettings settings) {
        this(policy, executor, buffers, settings, new SafetyMonitor(SafetyRules.builtIn()));
    }

    /** @param safety the monitor every sample of the step is read by ({@link StepResult#flags()}) */
    public SelfPlayStep(Policy policy, Executor executor, TaskBuffers buffers, SelfPlaySettings settings, SafetyMonitor safety) {
        this.policy = policy;
        this.s = settings;
        int maxPrompt = Math.min(settings.maxPromptTokens(), Math.max(1, policy.contextLength() - settings.maxResponseTokens()));
        PromptTemplates templates = new PromptTemplates(settings.promptStyle(), settings.bannedKeywords());
        PromptBuilder prompts = new PromptBuilder(templates, buffers, settings.references(), settings.stepWeightedReferences(),
                settings.inductionInputs(), policy::countTokens, maxPrompt);
        ProposalParser parser = new ProposalParser(settings.rejectMultipleFunctions());
        CurriculumConfig c = settings.curriculum();
        this.gate = new ProposalGate(settings.gate());
        this.planner = new StepPlanner(prompts, settings.grammars(), settings.taskTypes(), settings.batchSize(), settings.inductionInputs(),
                settings.solveMix());
        this.generator = new RolloutGenerator(policy, templates, new Sampling(settings.temperature(), settings.topP(), settings.topK(),
                settings.maxResponseTokens(), 0), settings.grammars().any());
        this.judge = new ProposalJudge(parser, gate, buffers, executor, settings.inductionInputs());
        this.programs = new ProgramStats(executor);
        this.learnability = new LearnabilityEstimate(prompts, settings.grammars(), generator, executor, settings.mcRollouts());
        this.grader = new SolveGrader(executor);
        this.rewarding = new Rewarding(new Rewards(settings.rewards()));
        this.store = new ProposalStore(buffers, gate);
        this.weights = new UpdateBatch(c.imitationCoef(), c.contextCoef(), c.proposalCoef(), settings.trainPropose());
        this.update = new PolicyUpdate(policy, settings.lr(), settings.clipLow(), settings.clipHigh(), settings.entropyCoef(),
                settings.klCoef(), settings.maxGradNorm(), settings.temperature());
        this.metrics = new StepMetrics(buffers, gate);
        this.safety = new SafetyReview(safety, parser, policy);
        this.extensions = Extensions.of(settings, policy, executor, prompts, parser, gate, weights, buffers);
    }

    /** Runs step {@code step} (1-based) with all random choices drawn from {@code seed}, at the schedule's learning rate. */
    public StepResult run(long step, long seed) {
        return run(StepContext.of(step, seed, 1.0));
    }

    /** Runs the step {@code ctx} describes. */
    public StepResult run(StepContext ctx) {
        StepPlan plan = planner.plan(ctx, extensions);
        generator.generate(plan.firstRollouts(), ctx.random().nextLong(), ctx.clock());
        judge.judge(plan, ctx);
        BehaviourStats behaviour = programs.measure(plan, ctx);
        extensions.forEach(e -> e.judged(plan, ctx));
        learnability.estimate(plan, ctx.random().nextLong(), ctx);
        grader.grade(plan, ctx);
        rewarding.reward(plan);
        Map<TaskType, ProposalStore.Changes> stored = store.store(plan, ctx.step());

        Map<Group, List<Rollout>> byGroup = groups(plan);
        extensions.forEach(e -> e.beforeAdvantages(byGroup, ctx));
        List<RlGroup> groups = new ArrayList<>();
        byGroup.forEach((g, rs) -> groups.add(new RlGroup(g, rs, advantages(rs))));
        List<Imitation> imitations = new ArrayList<>();
        for (StepExtension e : extensions) imitations.addAll(e.imitations(plan, ctx));
        List<TrainSequence> batch = weights.rl(groups);
        batch.addAll(weights.imitation(imitations));
        UpdateStats updated = update.update(batch, ctx);
        int extraUpdates = 0;
        for (StepExtension e : extensions) extraUpdates += e.extraUpdates(update, ctx);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", ctx.step());
        metrics.types(m, plan, stored);
        StepMetrics.groups(m, groups);
        StepMetrics.update(m, updated);
        m.put("imitation/sequences", (int) imitations.stream().filter(x -> x.kind() == Imitation.Kind.ANSWERS).count());
        m.put("imitation/updates", extraUpdates);
        for (StepExtension e : extensions) e.metrics(m, plan);
        ctx.clock().metrics(m);
        m.put("len/response_mean", plan.firstRollouts().stream().mapToInt(r -> r.completion().length()).average().orElse(0));
        m.putAll(policy.metrics());
        List<Flag> flags = safety.review(plan, behaviour, m, ctx.step());
        return new StepResult(m, samples(groups), updated, flags);
    }

    /** The six groups in step order (a type's proposer, then its solver); a probe program's proposal is left out unless the gate scores those. */
    private Map<Group, List<Rollout>> groups(StepPlan plan) {
        Map<Group, List<Rollout>> out = new LinkedHashMap<>();
        for (TaskType t : plan.types()) {
            out.put(new Group(t, Role.PROPOSE), plan.proposals(t).stream()
                    .filter(p -> s.gate().scoreProbePrograms() || !ProposalGate.PROBE_PROGRAM.equals(p.verdict().reason()))
                    .map(Proposal::rollout).toList());
            out.put(new Group(t, Role.SOLVE), plan.solves(t).stream().map(Solve::rollout).toList());
        }
        return out;
    }

    private double[] advantages(List<Rollout> rs) {
        double[] rewards = new double[rs.size()];
        int[] lengths = new int[rs.size()];
        for (int i = 0; i < rs.size(); i++) {
            rewards[i] = rs.get(i).reward();
            lengths[i] = rs.get(i).completion().length();
        }
        return Advantages.compute(rewards, lengths, s.whitening());
    }

    private List<Sample> samples(List<RlGroup> groups) {
        List<Sample> out = new ArrayList<>();
        for (RlGroup g : groups) {
            List<Rollout> rs = g.rollouts();
            for (int i = 0; i < Math.min(s.samplesPerGroup(), rs.size()); i++) {
                Rollout r = rs.get(i);
                out.add(new Sample(g.group().id(), r.prompt(), r.completion().text(), r.reward(), r.details()));
            }
        }
        return out;
    }

    /** Everything the step remembers between steps, by part: the gate's memory and each extension's (the environment's share average, the proposal memory). */
    @Override
    public JsonNode saveState() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("gate", gate.saveState());
        for (StepExtension e : extensions) if (e.state() != null) o.set(e.name(), e.state().saveState());
        return o;
    }

    /** Restores what {@link #saveState} saved; a part switched off since is ignored, a part switched on since starts empty. */
    @Override
    public void restoreState(JsonNode state) {
        restorePart(state, "gate", gate);
        for (StepExtension e : extensions) if (e.state() != null) restorePart(state, e.name(), e.state());
    }

    private static void restorePart(JsonNode state, String name, Checkpointed part) {
        if (!state.hasNonNull(name)) return;
        try {
            part.restoreState(state.get(name));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("\"" + name + "\": " + e.getMessage(), e);
        }
    }
}
