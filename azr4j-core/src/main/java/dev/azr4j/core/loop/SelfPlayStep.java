package dev.azr4j.core.loop;

import dev.azr4j.core.buffer.TaskBuffer;
import dev.azr4j.core.curriculum.EnvironmentTasks;
import dev.azr4j.core.curriculum.HindsightRepairs;
import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.gate.ProposalGate;
import dev.azr4j.core.monitor.BehaviourStats;
import dev.azr4j.core.monitor.Flag;
import dev.azr4j.core.monitor.Observed;
import dev.azr4j.core.monitor.SafetyMonitor;
import dev.azr4j.core.monitor.SafetyRules;
import dev.azr4j.core.monitor.SandboxRefusals;
import dev.azr4j.core.parse.InputsProposal;
import dev.azr4j.core.parse.Parsed;
import dev.azr4j.core.parse.ProgramProposal;
import dev.azr4j.core.parse.ProposalParser;
import dev.azr4j.core.parse.PythonSource;
import dev.azr4j.core.parse.Response;
import dev.azr4j.core.parse.SolutionParser;
import dev.azr4j.core.policy.Completion;
import dev.azr4j.core.policy.LossSettings;
import dev.azr4j.core.policy.Policy;
import dev.azr4j.core.policy.Sampling;
import dev.azr4j.core.grammar.GrammarSource;
import dev.azr4j.core.grammar.TerseGrammars;
import dev.azr4j.core.policy.TrainSequence;
import dev.azr4j.core.policy.UpdateStats;
import dev.azr4j.core.prompt.PromptBuilder;
import dev.azr4j.core.prompt.PromptTemplates;
import dev.azr4j.core.prompt.ProposePrompt;
import dev.azr4j.core.reward.AnswerCache;
import dev.azr4j.core.reward.Rewards;
import dev.azr4j.core.rl.Advantages;
import dev.azr4j.core.rl.TokenWeights;
import dev.azr4j.core.task.Group;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.Executor;
import dev.azr4j.executor.Grading;
import dev.azr4j.executor.IoPair;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One Absolute Zero training step (spec §1.2): for each task type propose, validate, estimate
 * learnability with N solver rollouts, reward, store valid proposals; solve the solve batch drawn
 * before any of this step's proposals were stored; normalise advantages within each of the six
 * groups (TRR++); one update over all six groups.
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
public final class SelfPlayStep implements dev.azr4j.core.run.Checkpointed {
    private static final String AST_NODES_PROGRAM = """
            import ast
            def f(src):
                return sum(1 for _ in ast.walk(ast.parse(src)))""";

    private final Policy policy;
    private final Executor executor;
    private final TaskBuffers buffers;
    private final SelfPlaySettings s;
    private final PromptBuilder prompts;
    private final ProposalParser parser;
    private final Rewards rewards;
    private final SafetyMonitor safety;
    private final EnvironmentTasks environment;   // null unless the curriculum draws tasks
    private int environmentProposals;              // this step's environment tasks imitated as proposals
    private final ProposalMemory memory;          // null unless proposals are replayed
    private final ProposalGate gate;
    private final HindsightRepairs repairs;       // null unless rejected proposals are repaired and imitated
    private int hindsightProposals;               // this step's repairs imitated
    private double lrScale = 1.0;                 // run.lr_cooldown's factor, set by the run before each step
    private long stepSeed;   // the seed of the step being run (the gate's extra inputs come from it)

    /** Scales the schedule's learning rate of the next steps (the run's cool-down); 1 = the schedule's. */
    void lrScale(double scale) {
        if (!(scale > 0 && scale <= 1)) throw new IllegalArgumentException("learning-rate scale must be in (0, 1], got " + scale);
        this.lrScale = scale;
    }

    public SelfPlayStep(Policy policy, Executor executor, TaskBuffers buffers, SelfPlaySettings settings) {
        this(policy, executor, buffers, settings, new SafetyMonitor(SafetyRules.builtIn()));
    }

    /** @param safety the monitor every sample of the step is read by ({@link StepResult#flags()}) */
    public SelfPlayStep(Policy policy, Executor executor, TaskBuffers buffers, SelfPlaySettings settings, SafetyMonitor safety) {
        this.safety = safety;
        this.policy = policy;
        this.executor = executor;
        this.buffers = buffers;
        this.s = settings;
        int maxPrompt = Math.min(settings.maxPromptTokens(), Math.max(1, policy.contextLength() - settings.maxResponseTokens()));
        this.prompts = new PromptBuilder(new PromptTemplates(settings.promptStyle(), settings.bannedKeywords()), buffers,
                settings.references(), settings.stepWeightedReferences(), settings.inductionInputs(), policy::countTokens, maxPrompt);
        this.parser = new ProposalParser(settings.rejectMultipleFunctions());
        this.rewards = new Rewards(settings.rewards());
        this.memory = settings.curriculum().proposalReplays() > 0 ? new ProposalMemory(settings.curriculum().proposalMemory()) : null;
        this.environment = settings.curriculum().drawsTasks()
                ? new EnvironmentTasks(settings.curriculum().maxOps(), settings.inductionInputs(), settings.curriculum().minShare(),
                        settings.curriculum().canonicalInputs(), settings.curriculum().proposalLiteralInputs()) : null;
        this.gate = new ProposalGate(settings.gate());
        this.repairs = settings.curriculum().hindsightProposals() && settings.promptStyle().terse() ? new HindsightRepairs() : null;
    }

    /**
     * Everything the step remembers between steps, by part: the gate's memory, the environment's
     * share average, the proposal memory (each present only when switched on).
     */
    @Override
    public com.fasterxml.jackson.databind.JsonNode saveState() {
        var o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        o.set("gate", gate.saveState());
        if (environment != null) o.set("environment", environment.saveState());
        if (memory != null) o.set("proposal_memory", memory.saveState());
        return o;
    }

    /** Restores what {@link #saveState} saved; a part switched off since is ignored, a part switched on since starts empty. */
    @Override
    public void restoreState(com.fasterxml.jackson.databind.JsonNode state) {
        restorePart(state, "gate", gate);
        restorePart(state, "environment", environment);
        restorePart(state, "proposal_memory", memory);
    }

    private static void restorePart(com.fasterxml.jackson.databind.JsonNode state, String name, dev.azr4j.core.run.Checkpointed part) {
        if (part == null || !state.hasNonNull(name)) return;
        try {
            part.restoreState(state.get(name));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("\"" + name + "\": " + e.getMessage(), e);
        }
    }

    /** A generated, trainable sequence with its reward. */
    private static final class Rollout {
        final TaskType type;
        final Role role;
        final String prompt;
        final GrammarSource grammar;   // constrains the completion; null: free decoding
        Completion completion;
        Response response;
        double reward;
        final Map<String, Object> details = new LinkedHashMap<>();
        final List<String> refusals = new ArrayList<>();   // executions of this rollout the sandbox refused

        Rollout(TaskType type, Role role, String prompt, GrammarSource grammar) {
            this.type = type;
            this.role = role;
            this.prompt = prompt;
            this.grammar = grammar;
        }
    }

    /** A proposal and everything learned about it. */
    private static final class Proposal {
        final Rollout rollout;
        final ProposePrompt source;
        Object task;                 // Triplet or InductionProblem once valid
        String invalid;              // reason when not valid
        double solveRate;
        double learnability;
        Integer astNodes;
        boolean flaky;               // a rerun gave another output or timed out: the task is not a function of its input
        ProposalGate.Check gate;     // what the gate learned; null when the proposal did not parse
        String repair;               // the environment's repair of a rejected proposal (a completion), or null
        java.util.function.Supplier<String> chooseRepair;   // gives the repair once its executor requests have run
        final AnswerCache answers = new AnswerCache();
        final List<Rollout> mc = new ArrayList<>();
        final List<Double> distinctScores = new ArrayList<>();

        Proposal(ProposePrompt source, GrammarSource grammar) {
            this.source = source;
            this.rollout = new Rollout(source.type(), Role.PROPOSE, source.text(), grammar);
        }
    }

    /** A solve-batch task and its rollout. */
    private static final class Solve {
        final Object task;
        final Rollout rollout;
        final boolean environment;   // drawn from the environment's curriculum, not from a buffer
        boolean correct;
        String rejected;             // why strict grading refused the answer as not a value, or null

        Solve(TaskType type, Object task, String prompt, GrammarSource grammar, boolean environment) {
            this.task = task;
            this.environment = environment;
            this.rollout = new Rollout(type, Role.SOLVE, prompt, grammar);
        }
    }

    private long genNanos, execNanos, updateNanos, genTokens, execCount, trainTokens;

    /** Runs step {@code step} (1-based) with all random choices drawn from {@code seed}. */
    public StepResult run(long step, long seed) {
        genNanos = execNanos = updateNanos = genTokens = execCount = trainTokens = 0;
        stepSeed = seed;
        long start = System.nanoTime();
        SplittableRandom rng = new SplittableRandom(seed);
        Map<TaskType, List<Proposal>> proposals = new EnumMap<>(TaskType.class);
        Map<TaskType, List<Solve>> solves = new EnumMap<>(TaskType.class);
        for (TaskType t : s.taskTypes()) {
            List<Proposal> ps = new ArrayList<>();
            for (int i = 0; i < s.batchSize(); i++) {
                ProposePrompt prompt = prompts.propose(t, rng);
                GrammarSource g = s.grammars().of(t, Role.PROPOSE);
                // the terse induction proposer writes inputs of the type its program takes
                if (t == TaskType.INDUCTION && TerseGrammars.isTerse(g)) g = TerseGrammars.inductionInputsLike(prompt.program().input(), s.inductionInputs());
                ps.add(new Proposal(prompt, g));
            }
            proposals.put(t, ps);
        }
        Map<TaskType, List<Object>> imitationOnly = new EnumMap<>(TaskType.class);
        for (TaskType t : s.taskTypes()) {
            List<Solve> ss = new ArrayList<>();
            int fromEnvironment = environment == null || !s.curriculum().environmentTasks() ? 0 : environment.count(t, s.batchSize());
            if (environment != null) {
                long e0 = System.nanoTime();
                int imitationOnlyTasks = s.curriculum().imitationUpdates() > 0 ? 0 : s.curriculum().imitationTasks(t);
                List<Object> drawn = environment.draw(t, fromEnvironment + imitationOnlyTasks, rng, executor);
                execNanos += System.nanoTime() - e0;
                int k = Math.min(fromEnvironment, drawn.size());
                for (Object task : drawn.subList(0, k)) ss.add(new Solve(t, task, prompts.solve(t, task), s.grammars().of(t, Role.SOLVE), true));
                imitationOnly.put(t, drawn.subList(k, drawn.size()));
            }
            for (Object task : prompts.solveTasks(t, s.batchSize() - ss.size(), step, s.solveMix(), rng))
                ss.add(new Solve(t, task, prompts.solve(t, task), s.grammars().of(t, Role.SOLVE), false));
            solves.put(t, ss);
        }

        List<Rollout> trained = new ArrayList<>();
        for (TaskType t : s.taskTypes()) proposals.get(t).forEach(p -> trained.add(p.rollout));
        for (TaskType t : s.taskTypes()) solves.get(t).forEach(x -> trained.add(x.rollout));
        generate(trained, rng.nextLong());

        Map<TaskType, Map<String, Integer>> invalidCounts = new EnumMap<>(TaskType.class);
        validate(proposals, invalidCounts);
        mcRollouts(proposals, rng.nextLong());

        ExecBatch checks = new ExecBatch();
        if (repairs != null) queueRepairs(proposals, checks);
        scoreMc(proposals, checks);
        for (TaskType t : s.taskTypes()) for (Solve x : solves.get(t)) scoreSolve(t, x, checks);
        countAstNodes(proposals, checks);
        BehaviourStats behaviour = behaviourRequests(proposals, solves, checks);
        runExec(checks);
        if (repairs != null) proposals.values().forEach(ps -> ps.forEach(p -> { if (p.chooseRepair != null) p.repair = p.chooseRepair.get(); }));
        confirmLearnableAbductions(proposals);
        invalidateFlaky(proposals, invalidCounts);

        Map<TaskType, int[]> bufferChanges = new EnumMap<>(TaskType.class);
        for (TaskType t : s.taskTypes()) {
            for (Proposal p : proposals.get(t)) rewardProposal(p);
            bufferChanges.put(t, store(t, proposals.get(t), step));
            for (Solve x : solves.get(t)) x.rollout.reward = rewards.solver(x.rollout.response.formatOk() && x.rollout.details.get("parse_failure") == null, x.correct);
        }

        Map<Group, List<Rollout>> groups = new LinkedHashMap<>();
        for (TaskType t : s.taskTypes()) {
            groups.put(new Group(t, Role.PROPOSE), proposals.get(t).stream().filter(this::scored).map(p -> p.rollout).toList());
            groups.put(new Group(t, Role.SOLVE), solves.get(t).stream().map(x -> x.rollout).toList());
        }
        if (s.curriculum().shuffleRewards()) groups.values().forEach(rs -> shuffleRewards(rs, rng));
        if (environment != null) {
            for (TaskType t : s.taskTypes()) {
                List<Proposal> ps = proposals.get(t);
                if (!ps.isEmpty()) environment.observe(t, ps.stream().filter(p -> p.learnability > 0).count() / (double) ps.size());
            }
        }
        Map<Group, double[]> advantages = new LinkedHashMap<>();
        groups.forEach((g, rs) -> advantages.put(g, advantagesOf(rs)));
        List<TrainSequence> imitation = imitationSequences(solves, imitationOnly);
        List<TrainSequence> replays = proposalReplays(proposals, rng);
        imitation.addAll(replays);
        UpdateStats update = update(groups, advantages, imitation, step);
        int imitationUpdates = imitationUpdates(step, rng);

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("step", step);
        for (TaskType t : TaskType.STEP_ORDER) {
            if (s.taskTypes().contains(t)) typeMetrics(metrics, t, proposals.get(t), solves.get(t), invalidCounts.get(t), bufferChanges.get(t));
            else disabledTypeMetrics(metrics, t);
        }
        groups.forEach((g, rs) -> groupMetrics(metrics, g, rs, advantages.get(g)));
        metrics.put("policy/loss", update.loss());
        metrics.put("policy/grad_norm", update.gradNorm());
        metrics.put("policy/entropy", update.entropy());
        metrics.put("policy/clip_frac", update.clipFrac());
        metrics.put("policy/lr", update.lr());
        metrics.put("policy/tokens", update.tokens());
        metrics.put("imitation/sequences", imitation.size() - replays.size());
        metrics.put("imitation/updates", imitationUpdates);
        if (environmentProposals > 0) metrics.put("imitation/proposal_environment", environmentProposals);
        if (repairs != null) metrics.put("imitation/proposal_hindsight", hindsightProposals);
        if (memory != null) {
            metrics.put("imitation/proposal_replays", replays.size() - environmentProposals - hindsightProposals);
            for (TaskType t : s.taskTypes()) metrics.put("imitation/" + t.id() + "/proposal_memory", memory.size(t));
        }
        for (TaskType t : s.taskTypes()) {
            if (environment == null) continue;
            metrics.put("curriculum/" + t.id() + "/share", s.curriculum().environmentTasks() ? environment.share(t) : 0.0);
            metrics.put("curriculum/" + t.id() + "/tasks", solves.get(t).stream().filter(x -> x.environment).count());
            List<Solve> env = solves.get(t).stream().filter(x -> x.environment).toList();
            List<Solve> buf = solves.get(t).stream().filter(x -> !x.environment).toList();
            metrics.put("curriculum/" + t.id() + "/accuracy", env.isEmpty() ? null : env.stream().filter(x -> x.correct).count() / (double) env.size());
            metrics.put("solve/" + t.id() + "/buffer_accuracy", buf.isEmpty() ? null : buf.stream().filter(x -> x.correct).count() / (double) buf.size());
        }
        double stepS = (System.nanoTime() - start) / 1e9;
        metrics.put("perf/step_s", stepS);
        metrics.put("perf/gen_tokens", genTokens);
        metrics.put("perf/gen_tokens_per_s", genNanos == 0 ? 0.0 : genTokens / (genNanos / 1e9));
        metrics.put("perf/train_tokens", trainTokens);
        metrics.put("perf/train_tokens_per_s", updateNanos == 0 ? 0.0 : trainTokens / (updateNanos / 1e9));
        metrics.put("perf/exec_count", execCount);
        metrics.put("perf/exec_per_s", execNanos == 0 ? 0.0 : execCount / (execNanos / 1e9));
        metrics.put("time/generate_s", genNanos / 1e9);
        metrics.put("time/execute_s", execNanos / 1e9);
        metrics.put("time/update_s", updateNanos / 1e9);
        metrics.put("len/response_mean", trained.stream().mapToInt(r -> r.completion.length()).average().orElse(0));
        metrics.putAll(policy.metrics());
        List<Flag> flags = monitor(step, proposals, solves, behaviour, metrics);
        return new StepResult(metrics, samples(groups), update, flags);
    }

    // ---- generation --------------------------------------------------------------------------

    private void generate(List<Rollout> rollouts, long seed) {
        if (rollouts.isEmpty()) return;
        long t0 = System.nanoTime();
        Sampling sampling = new Sampling(s.temperature(), s.topP(), s.topK(), s.maxResponseTokens(), seed);
        List<Completion> out;
        if (!s.grammars().any()) {
            out = policy.generate(rollouts.stream().map(r -> r.prompt).toList(), sampling);
        } else {
            // one call per grammar (i.e. per role), in order of first appearance, each with its own seed
            Map<GrammarSource, List<Integer>> byGrammar = new LinkedHashMap<>();
            for (int i = 0; i < rollouts.size(); i++) {
                byGrammar.computeIfAbsent(rollouts.get(i).grammar, g -> new ArrayList<>()).add(i);
            }
            Completion[] all = new Completion[rollouts.size()];
            long part = 0;
            for (Map.Entry<GrammarSource, List<Integer>> e : byGrammar.entrySet()) {
                List<Integer> idx = e.getValue();
                List<Completion> got = policy.generate(idx.stream().map(i -> rollouts.get(i).prompt).toList(),
                        sampling.withSeed(seed + 0x632BE59BD9B4E019L * part++).withGrammar(e.getKey()));
                if (got.size() != idx.size())
                    throw new IllegalStateException("policy returned " + got.size() + " completions for " + idx.size() + " prompts");
                for (int k = 0; k < idx.size(); k++) all[idx.get(k)] = got.get(k);
            }
            out = java.util.Arrays.asList(all);
        }
        genNanos += System.nanoTime() - t0;
        if (out.size() != rollouts.size())
            throw new IllegalStateException("policy returned " + out.size() + " completions for " + rollouts.size() + " prompts");
        for (int i = 0; i < out.size(); i++) {
            Rollout r = rollouts.get(i);
            r.completion = out.get(i);
            r.response = prompts.templates().read(r.type, r.role, r.completion.text());
            genTokens += r.completion.length();
        }
    }

    private void runExec(ExecBatch batch) {
        long t0 = System.nanoTime();
        execCount += batch.run(executor);
        execNanos += System.nanoTime() - t0;
    }

    // ---- proposals ---------------------------------------------------------------------------

    private void validate(Map<TaskType, List<Proposal>> proposals, Map<TaskType, Map<String, Integer>> invalidCounts) {
        ExecBatch batch = new ExecBatch();
        gate.beginStep(stepSeed, buffers, batch::add);
        for (TaskType t : s.taskTypes()) {
            for (Proposal p : proposals.get(t)) {
                if (t == TaskType.INDUCTION) validateInputs(p, batch);
                else validateProgram(p, batch);
            }
        }
        runExec(batch);
        for (TaskType t : s.taskTypes()) {
            Map<String, Integer> counts = new TreeMap<>();
            for (Proposal p : proposals.get(t)) {
                if (p.gate != null) {
                    String rejected = gate.judge(p.gate, p.invalid == null ? p.task : null);
                    if (rejected != null) p.invalid = rejected;
                }
                if (p.task == null && p.invalid == null) p.invalid = "invalid";
                if (p.invalid != null) {
                    p.task = null;
                    counts.merge(p.invalid, 1, Integer::sum);
                    p.rollout.details.put("invalid", p.invalid);
                } else {
                    p.rollout.details.put("valid", true);
                    if (p.task instanceof Triplet tr) p.rollout.details.put("output", tr.output());   // for reading the samples
                }
            }
            invalidCounts.put(t, counts);
        }
    }

    private void validateProgram(Proposal p, ExecBatch batch) {
        Parsed<ProgramProposal> parsed = parser.program(p.rollout.response);
        if (!parsed.isOk()) {
            p.invalid = parsed.failure().id();
            return;
        }
        ProgramProposal pp = parsed.value();
        batch.add(new ExecRequest.Validate(pp.program(), pp.input()), r -> {
            noteRefusal(p.rollout, r);
            if (r.ok() && r.output() != null) p.task = new Triplet(pp.program(), pp.input(), r.output(), pp.imports());
            else p.invalid = ExecBatch.errorId(r);
        });
        p.gate = gate.program(p.source.type(), pp.program(), pp.input(), batch::add);
    }

    private void validateInputs(Proposal p, ExecBatch batch) {
        Parsed<InputsProposal> parsed = parser.inputs(p.rollout.response, s.inductionInputs());
        if (!parsed.isOk()) {
            p.invalid = parsed.failure().id();
            return;
        }
        InputsProposal ip = parsed.value();
        Triplet program = p.source.program();
        String[] outputs = new String[ip.inputs().size()];
        int[] pending = {outputs.length};
        for (int i = 0; i < outputs.length; i++) {
            int k = i;
            batch.add(new ExecRequest.Validate(program.program(), ip.inputs().get(i)), r -> {
                noteRefusal(p.rollout, r);
                if (r.ok() && r.output() != null) outputs[k] = r.output();
                else if (p.invalid == null) p.invalid = ExecBatch.errorId(r);
                if (--pending[0] == 0 && p.invalid == null)
                    p.task = new InductionProblem(program.program(), ip.inputs(), List.of(outputs), ip.message(), program.imports());
            });
        }
        p.gate = gate.inputs(TaskType.INDUCTION, program.program(), ip.inputs(), batch::add);
    }

    // ---- hindsight repairs ------------------------------------------------------------------

    /**
     * For every proposal the gate rejected as constant or duplicate, what the environment would have
     * written instead on its prompt ({@link HindsightRepairs}); requests go into {@code batch}, and
     * each proposal's {@code chooseRepair} reads their results once it has run.
     */
    private void queueRepairs(Map<TaskType, List<Proposal>> proposals, ExecBatch batch) {
        SplittableRandom rng = new SplittableRandom(stepSeed ^ 0x4A1D5160B3C2E7F1L);
        HindsightRepairs.Sink sink = batch::add;
        for (TaskType t : s.taskTypes()) {
            for (Proposal p : proposals.get(t)) {
                if (p.gate == null) continue;
                Object reason = p.rollout.details.get("invalid");
                GrammarSource g = p.rollout.grammar;
                if (t == TaskType.INDUCTION && ProposalGate.CONSTANT_OUTPUT.equals(reason)) {
                    Parsed<InputsProposal> parsed = parser.inputs(p.rollout.response, s.inductionInputs());
                    if (parsed.isOk())
                        p.chooseRepair = repairs.constantInputs(p.gate.program(), p.gate.inputs(), parsed.value().message(), g, sink, rng.split());
                } else if (t != TaskType.INDUCTION && ProposalGate.CONSTANT_OUTPUT.equals(reason)) {
                    p.chooseRepair = repairs.constantProgram(p.gate.program(), p.gate.inputs().getFirst(), p.gate.extraInputs(), g,
                            program -> environment == null || !environment.isProbeProgram(program), sink, rng.split());
                } else if (t != TaskType.INDUCTION && ProposalGate.DUPLICATE.equals(reason)) {
                    gate.freshExtraInput(p.gate).ifPresent(x -> p.repair = repairs.onInput(p.gate.program(), x, g));
                }
            }
        }
    }

    /** N solver rollouts for every valid, well-formatted proposal whose solve prompt fits. */
    private void mcRollouts(Map<TaskType, List<Proposal>> proposals, long seed) {
        List<Rollout> all = new ArrayList<>();
        for (TaskType t : s.taskTypes()) {
            for (Proposal p : proposals.get(t)) {
                if (p.task == null || !p.rollout.response.formatOk()) continue;
                String prompt = prompts.solve(t, p.task);
                if (!prompts.fits(prompt)) continue;   // the original drops them too: solve rate 0
                for (int i = 0; i < s.mcRollouts(); i++) p.mc.add(new Rollout(t, Role.SOLVE, prompt, s.grammars().of(t, Role.SOLVE)));
                all.addAll(p.mc);
            }
        }
        generate(all, seed);
    }

    /** Scores MC rollouts without the format gate, one executor check per distinct answer. */
    private void scoreMc(Map<TaskType, List<Proposal>> proposals, ExecBatch batch) {
        for (TaskType t : s.taskTypes()) {
            for (Proposal p : proposals.get(t)) {
                for (Rollout r : p.mc) p.answers.add(answerOf(t, r.response));
                for (String answer : p.answers.distinct()) {
                    int slot = p.distinctScores.size();
                    p.distinctScores.add(0.0);
                    ExecRequest check = checkRequest(t, p.task, answer);
                    if (check != null) batch.add(check, r -> {
                        p.distinctScores.set(slot, r.ok() ? 1.0 : 0.0);
                        if (t == TaskType.DEDUCTION && rerunDiffers((Triplet) p.task, r)) p.flaky = true;
                        p.mc.stream().filter(m -> answerOf(t, m.response).equals(answer)).findFirst().ifPresent(m -> noteRefusal(m, r));
                    });
                }
            }
        }
    }

    /**
     * A deduction check reruns the program on the stored input: a timeout there, or an output other
     * than the one validation stored, means the task is not a function of its input (time, random
     * state, a counter kept in a module across calls, a loop that ends only sometimes). Such a
     * proposal would earn learnability from answers graded against a moving target, so it is invalid.
     */
    private static boolean rerunDiffers(Triplet task, ExecResult r) {
        if (r.error() != null && (r.error().kind() == dev.azr4j.executor.ErrorKind.TIMEOUT
                || r.error().kind() == dev.azr4j.executor.ErrorKind.MEMORY)) return true;
        return r.output() != null && !r.output().equals(task.output());
    }

    /**
     * An abduction check runs the program on the solver's input, so a program that times out or
     * changes its result only sometimes (os.urandom, a counter across calls) would get a solve rate
     * strictly between 0 and 1, and so learnability, from an easy task. Where that is the case the
     * stored task is checked again, twice, with its own input; a failure makes it flaky.
     */
    private void confirmLearnableAbductions(Map<TaskType, List<Proposal>> proposals) {
        if (!s.taskTypes().contains(TaskType.ABDUCTION)) return;
        ExecBatch batch = new ExecBatch();
        for (Proposal p : proposals.get(TaskType.ABDUCTION)) {
            if (p.task == null || p.answers.rollouts() == 0) continue;
            double rate = p.answers.meanScore(p.distinctScores);
            if (rate <= 0 || rate >= 1) continue;
            Triplet tr = (Triplet) p.task;
            for (int i = 0; i < 2; i++)  // the stored input is the proposer's text, not an answer: lenient
                batch.add(new ExecRequest.CheckInput(tr.program(), tr.output(), tr.input(), Grading.LENIENT), r -> {
                    if (!r.ok()) p.flaky = true;
                });
        }
        runExec(batch);
    }

    private void invalidateFlaky(Map<TaskType, List<Proposal>> proposals, Map<TaskType, Map<String, Integer>> invalidCounts) {
        for (TaskType t : s.taskTypes()) {
            for (Proposal p : proposals.get(t)) {
                if (!p.flaky || p.task == null) continue;
                p.task = null;
                p.invalid = "flaky";
                invalidCounts.get(t).merge("flaky", 1, Integer::sum);
                p.rollout.details.remove("valid");
                p.rollout.details.put("invalid", "flaky");
            }
        }
    }

    private void rewardProposal(Proposal p) {
        boolean valid = p.task != null;
        boolean format = p.rollout.response.formatOk();
        p.solveRate = p.answers.rollouts() == 0 ? 0.0 : p.answers.meanScore(p.distinctScores);
        p.learnability = valid && format ? Rewards.learnability(p.solveRate) : 0.0;
        p.rollout.reward = rewards.proposer(format, valid, p.solveRate);
        if (valid) {
            p.rollout.details.put("solve_rate", p.solveRate);
            p.rollout.details.put("learnability", p.learnability);
            p.rollout.details.put("mc_rollouts", p.answers.rollouts());
        }
    }

    /** Appends valid proposals; returns {added, duplicates, discarded, out of the gate's solve band, extra tasks added}. */
    private int[] store(TaskType t, List<Proposal> ps, long step) {
        int[] counts = new int[5];
        for (Proposal p : ps) {
            if (p.task == null) continue;
            if (!gate.inBand(p.answers.rollouts(), p.solveRate)) {
                counts[3]++;
                continue;
            }
            TaskBuffer.Added a = t == TaskType.INDUCTION
                    ? buffers.induction().add((InductionProblem) p.task, step)
                    : buffers.triplets(t).add((Triplet) p.task, step);
            counts[a.ordinal()]++;
            if (p.task instanceof Triplet tr)
                for (Triplet extra : gate.extraTasks(p.gate, tr)) if (buffers.triplets(t).add(extra, step) == TaskBuffer.Added.ADDED) counts[4]++;
            if (p.gate != null) gate.stored(p.gate);
        }
        return counts;
    }

    private void countAstNodes(Map<TaskType, List<Proposal>> proposals, ExecBatch batch) {
        for (TaskType t : s.taskTypes()) {
            for (Proposal p : proposals.get(t)) {
                if (p.task == null) continue;
                String program = p.task instanceof Triplet tr ? tr.program() : ((InductionProblem) p.task).program();
                batch.add(new ExecRequest.Run(AST_NODES_PROGRAM, PythonSource.stringLiteral(program)), r -> {
                    if (r.ok() && r.output() != null) {
                        try {
                            p.astNodes = Integer.parseInt(r.output().strip());
                        } catch (NumberFormatException ignored) {
                            // not a count: leave it out of the mean
                        }
                    }
                });
            }
        }
    }

    // ---- solving -----------------------------------------------------------------------------

    private void scoreSolve(TaskType t, Solve x, ExecBatch batch) {
        Response r = x.rollout.response;
        if (t == TaskType.INDUCTION) {
            Parsed<String> program = SolutionParser.program(r);
            if (!program.isOk()) x.rollout.details.put("parse_failure", program.failure().id());
        }
        if (!r.formatOk() || x.rollout.details.get("parse_failure") != null) return;
        ExecRequest check = checkRequest(t, x.task, answerOf(t, r));
        if (check != null) batch.add(check, res -> {
            noteRefusal(x.rollout, res);
            x.correct = res.ok();
            x.rollout.details.put("correct", res.ok());
            if (res.rejectReason() != null) {
                x.rejected = res.rejectReason().id();
                x.rollout.details.put("answer_rejected", x.rejected);
            }
        });
    }

    /** The solver's answer to a task type: input, output or program text ("" when absent). */
    private static String answerOf(TaskType t, Response r) {
        return switch (t) {
            case ABDUCTION -> SolutionParser.input(r);
            case DEDUCTION -> SolutionParser.output(r);
            case INDUCTION -> {
                Parsed<String> p = SolutionParser.program(r);
                yield p.isOk() ? p.value() : "";
            }
        };
    }

    /** The executor check of an answer, or null when the answer is empty (then it is simply wrong). */
    private static ExecRequest checkRequest(TaskType t, Object task, String answer) {
        if (answer.isBlank()) return null;
        return switch (t) {
            case ABDUCTION -> {
                Triplet tr = (Triplet) task;
                yield new ExecRequest.CheckInput(tr.program(), tr.output(), answer, Grading.STRICT);  // rewards accept values only
            }
            case DEDUCTION -> {
                Triplet tr = (Triplet) task;
                yield new ExecRequest.CheckOutput(tr.program(), tr.input(), answer, Grading.STRICT);
            }
            case INDUCTION -> {
                InductionProblem p = (InductionProblem) task;
                String candidate = p.imports().isEmpty() ? answer : String.join("\n", p.imports()) + "\n" + answer;
                List<IoPair> hidden = p.hidden();
                yield new ExecRequest.CheckProgram(candidate, hidden, p.program());  // outputs read in the gold program's namespace
            }
        };
    }

    // ---- update ------------------------------------------------------------------------------

    /**
     * {@code imitationUpdates} more optimizer steps, each on {@code imitationTasks} fresh environment
     * tasks per type, imitation only: a model trained from zero needs many small steps more than one
     * large one, and these cost a forward and backward pass each, no sampling. Returns how many ran.
     */
    private int imitationUpdates(long step, SplittableRandom rng) {
        int n = s.curriculum().imitationUpdates();
        if (environment == null || n == 0 || s.curriculum().imitationCoef() <= 0) return 0;
        LossSettings loss = new LossSettings(s.clipLow(), s.clipHigh(), s.entropyCoef(), s.klCoef(), s.maxGradNorm(),
                lrScale * s.lr().lr(step - 1), s.temperature());
        Map<TaskType, List<Solve>> none = new EnumMap<>(TaskType.class);
        int ran = 0;
        for (int u = 0; u < n; u++) {
            Map<TaskType, List<Object>> fresh = new EnumMap<>(TaskType.class);
            long e0 = System.nanoTime();
            for (TaskType t : s.taskTypes()) {
                none.put(t, List.of());
                fresh.put(t, environment.draw(t, s.curriculum().imitationTasks(t), rng, executor));
            }
            execNanos += System.nanoTime() - e0;
            List<TrainSequence> batch = imitationSequences(none, fresh);
            if (batch.isEmpty()) continue;
            for (TrainSequence x : batch) trainTokens += x.promptIds().length + x.completionIds().length;
            long t0 = System.nanoTime();
            policy.update(batch, loss);
            updateNanos += System.nanoTime() - t0;
            ran++;
        }
        return ran;
    }

    /** Whether a proposal is in its group's update: one of a probe's program is not, unless the gate scores those. */
    private boolean scored(Proposal p) {
        return s.gate().scoreProbePrograms() || !ProposalGate.PROBE_PROGRAM.equals(p.invalid);
    }

    /** The control arm: the group's rewards in a random order, so advantages carry no information about the samples. */
    private static void shuffleRewards(List<Rollout> rs, SplittableRandom rng) {
        double[] r = rs.stream().mapToDouble(x -> x.reward).toArray();
        shuffle(r, rng);
        for (int i = 0; i < r.length; i++) rs.get(i).reward = r[i];
    }

    /** Fisher–Yates, in place. */
    static void shuffle(double[] values, SplittableRandom rng) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            double v = values[i];
            values[i] = values[j];
            values[j] = v;
        }
    }

    /**
     * Remembers this step's valid, learnable proposals, then replays {@code proposalReplays} remembered
     * ones per type as imitation sequences under the grammar they were sampled with, and imitates
     * {@code proposalImitation} environment tasks per proposer (deduction/abduction: programs that
     * tell their inputs apart, with an input; induction: inputs with more than one output, and the
     * program's description as the message): a prior of valid proposals. All are weighted as one
     * more group (a token mean times {@code proposalCoef}).
     */
    private List<TrainSequence> proposalReplays(Map<TaskType, List<Proposal>> proposals, SplittableRandom rng) {
        List<int[][]> drawn = new ArrayList<>();     // prompt ids, completion ids
        List<GrammarSource> grammars = new ArrayList<>();
        if (memory != null) {
            for (TaskType t : s.taskTypes()) {
                for (Proposal p : proposals.get(t)) {
                    if (p.task != null && p.learnability > 0 && p.rollout.completion.length() > 0) memory.remember(t, p.rollout.completion);
                }
            }
            for (TaskType t : s.taskTypes()) {
                for (Completion c : memory.draw(t, s.curriculum().proposalReplays(), rng)) {
                    drawn.add(new int[][] {c.promptIds(), c.tokenIds()});
                    grammars.add(c.grammar());
                }
            }
        }
        environmentProposals = 0;
        // only the terse format has a proposal's completion to imitate
        if (environment != null && s.curriculum().proposalImitation() > 0 && s.promptStyle().terse()) {
            for (TaskType t : s.taskTypes()) {
                long e0 = System.nanoTime();
                List<Object> tasks = environment.drawProposals(t, s.curriculum().proposalImitation(), rng, executor);
                execNanos += System.nanoTime() - e0;
                for (Object task : tasks) {
                    String completion, prompt;
                    if (task instanceof InductionProblem p) {
                        completion = prompts.templates().inductionProposal(p);
                        prompt = prompts.templates().proposeInputs(
                                new Triplet(p.program(), p.inputs().getFirst(), p.outputs().getFirst(), List.of()), s.inductionInputs());
                    } else {
                        completion = prompts.templates().proposal((Triplet) task);
                        prompt = prompts.propose(t, rng).text();
                    }
                    if (completion == null || !prompts.fits(prompt)) continue;
                    int[][] ids = encodeFitting(prompt, completion);
                    if (ids == null) continue;
                    drawn.add(ids);
                    grammars.add(null);
                    environmentProposals++;
                }
            }
        }
        hindsightProposals = 0;
        if (repairs != null) {
            for (TaskType t : s.taskTypes()) {
                for (Proposal p : proposals.get(t)) {
                    if (p.repair == null) continue;
                    int[][] ids = encodeFitting(p.rollout.prompt, p.repair);
                    if (ids == null) continue;
                    drawn.add(ids);
                    grammars.add(null);
                    hindsightProposals++;
                }
            }
        }
        long tokens = drawn.stream().mapToLong(e -> e[1].length).sum();
        List<TrainSequence> out = new ArrayList<>(drawn.size());
        for (int i = 0; i < drawn.size(); i++) {
            int n = drawn.get(i)[1].length;
            float[] old = new float[n], adv = new float[n];
            java.util.Arrays.fill(old, Float.NaN);
            java.util.Arrays.fill(adv, (float) s.curriculum().proposalCoef());
            out.add(new TrainSequence(drawn.get(i)[0], drawn.get(i)[1], old, adv, 1.0 / tokens, null, grammars.get(i)));
        }
        return out;
    }

    /** Prompt and completion ids of an imitation sequence, or null when the completion is empty or the whole does not fit the context. */
    private int[][] encodeFitting(String prompt, String completion) {
        int[][] ids = policy.encodeSequence(prompt, completion);
        return ids[1].length == 0 || ids[0].length + ids[1].length > policy.contextLength() ? null : ids;
    }

    /**
     * Imitation of executor-verified answers: for every solve task of the step (and the
     * environment's imitation-only tasks) the sequence prompt + known answer, trained by
     * cross-entropy with weight {@code imitationCoef} per token, averaged over the imitation tokens
     * like one more group. Sequences are unmasked (the full distribution learns the answer).
     */
    private List<TrainSequence> imitationSequences(Map<TaskType, List<Solve>> solves, Map<TaskType, List<Object>> imitationOnly) {
        double coef = s.curriculum().imitationCoef();
        List<TrainSequence> out = new ArrayList<>();
        if (coef <= 0) return out;
        List<int[][]> encoded = new ArrayList<>();
        for (TaskType t : s.taskTypes()) {
            List<Object> tasks = new ArrayList<>();
            for (Solve x : solves.get(t)) tasks.add(x.task);
            tasks.addAll(imitationOnly.getOrDefault(t, List.of()));
            for (Object task : tasks) {
                String answer = prompts.templates().solution(t, task);
                String prompt = prompts.solve(t, task);
                if (answer == null || !prompts.fits(prompt)) continue;
                int[][] ids = encodeFitting(prompt, answer);
                if (ids == null) continue;
                encoded.add(ids);
            }
        }
        long tokens = encoded.stream().mapToLong(e -> e[1].length).sum();
        double context = s.curriculum().contextCoef();
        long contextTokens = encoded.stream().mapToLong(e -> e[0].length - 1).sum();
        double all = context > 0 ? tokens + contextTokens : tokens;
        for (int[][] e : encoded) {
            int[] prompt = e[0], answer = e[1];
            float[] adv;
            if (context > 0 && prompt.length > 1) {
                // the prompt's first token stays the prompt; every later token is a target too: per-token
                // weights make each part a token mean (answers times coef, context times contextCoef)
                int c = prompt.length - 1;
                int[] completion = new int[c + answer.length];
                System.arraycopy(prompt, 1, completion, 0, c);
                System.arraycopy(answer, 0, completion, c, answer.length);
                adv = new float[completion.length];
                java.util.Arrays.fill(adv, 0, c, (float) (context * all / contextTokens));
                java.util.Arrays.fill(adv, c, adv.length, (float) (coef * all / tokens));
                prompt = new int[] {prompt[0]};
                answer = completion;
            } else {
                adv = new float[answer.length];
                java.util.Arrays.fill(adv, (float) coef);
            }
            float[] old = new float[answer.length];
            java.util.Arrays.fill(old, Float.NaN);   // NaN: the current policy, an importance ratio of exactly 1
            // the token weight makes the entropy bonus a mean over these tokens, as in every group
            out.add(new TrainSequence(prompt, answer, old, adv, 1.0 / all, null, null));
        }
        return out;
    }

    private double[] advantagesOf(List<Rollout> rs) {
        double[] rewardsOf = new double[rs.size()];
        int[] lengths = new int[rs.size()];
        for (int i = 0; i < rs.size(); i++) {
            rewardsOf[i] = rs.get(i).reward;
            lengths[i] = rs.get(i).completion.length();
        }
        return Advantages.compute(rewardsOf, lengths, s.whitening());
    }

    private UpdateStats update(Map<Group, List<Rollout>> groups, Map<Group, double[]> advantages, List<TrainSequence> imitation, long step) {
        List<Rollout> seqs = new ArrayList<>();
        List<Double> advs = new ArrayList<>();
        List<Integer> groupIdx = new ArrayList<>();
        int gi = 0;
        for (Map.Entry<Group, List<Rollout>> e : groups.entrySet()) {
            if (e.getKey().role() == Role.PROPOSE && !s.trainPropose()) continue;
            double[] a = advantages.get(e.getKey());
            for (int i = 0; i < e.getValue().size(); i++) {
                seqs.add(e.getValue().get(i));
                advs.add(a[i]);
                groupIdx.add(gi);
            }
            gi++;
        }
        int[] groupOf = groupIdx.stream().mapToInt(Integer::intValue).toArray();
        int[] lengths = seqs.stream().mapToInt(r -> r.completion.length()).toArray();
        double[] weights = TokenWeights.perGroupMean(groupOf, lengths, gi);
        List<TrainSequence> batch = new ArrayList<>(seqs.size());
        for (int i = 0; i < seqs.size(); i++) {
            Completion c = seqs.get(i).completion;
            if (c.length() == 0) continue;
            float[] perToken = new float[c.length()];
            java.util.Arrays.fill(perToken, (float) (double) advs.get(i));
            batch.add(new TrainSequence(c.promptIds(), c.tokenIds(), c.logprobs(), perToken, weights[i], null, c.grammar()));
            trainTokens += c.promptIds().length + c.length();
        }
        for (TrainSequence x : imitation) {
            batch.add(x);
            trainTokens += x.promptIds().length + x.completionIds().length;
        }
        LossSettings loss = new LossSettings(s.clipLow(), s.clipHigh(), s.entropyCoef(), s.klCoef(), s.maxGradNorm(),
                lrScale * s.lr().lr(step - 1), s.temperature());
        long t0 = System.nanoTime();
        UpdateStats stats = policy.update(batch, loss);
        updateNanos += System.nanoTime() - t0;
        return stats;
    }

    // ---- metrics -----------------------------------------------------------------------------

    private void typeMetrics(Map<String, Object> m, TaskType t, List<Proposal> ps, List<Solve> ss,
                             Map<String, Integer> invalid, int[] buffered) {
        String T = t.id();
        m.put("solve/" + T + "/accuracy", ss.isEmpty() ? null : ss.stream().filter(x -> x.correct).count() / (double) ss.size());
        m.put("solve/" + T + "/format_ok", ss.isEmpty() ? null : ss.stream().filter(x -> x.rollout.response.formatOk()).count() / (double) ss.size());
        m.put("solve/" + T + "/count", ss.size());
        for (Solve x : ss) if (x.rejected != null) m.merge("solve/" + T + "/answer_rejected/" + x.rejected, 1, (a, b) -> (int) a + (int) b);
        long valid = ps.stream().filter(p -> p.task != null).count();
        m.put("propose/" + T + "/valid_rate", ps.isEmpty() ? null : valid / (double) ps.size());
        m.put("propose/" + T + "/format_ok", ps.isEmpty() ? null : ps.stream().filter(p -> p.rollout.response.formatOk()).count() / (double) ps.size());
        m.put("propose/" + T + "/learnability", ps.isEmpty() ? null : ps.stream().mapToDouble(p -> p.learnability).average().orElse(0));
        var scored = ps.stream().filter(p -> p.answers.rollouts() > 0).mapToDouble(p -> p.solveRate).summaryStatistics();
        m.put("propose/" + T + "/mc_solve_rate", scored.getCount() == 0 ? null : scored.getAverage());
        var ast = ps.stream().filter(p -> p.astNodes != null).mapToInt(p -> p.astNodes).summaryStatistics();
        m.put("propose/" + T + "/program_ast_nodes", ast.getCount() == 0 ? null : ast.getAverage());
        invalid.forEach((reason, n) -> m.put("propose/" + T + "/invalid/" + reason, n));
        m.put("buffer/" + T + "/size", buffers.size(t));
        m.put("buffer/" + T + "/added", buffered[0]);
        m.put("buffer/" + T + "/duplicates", buffered[1]);
        m.put("buffer/" + T + "/discarded", buffered[2]);
        m.put("buffer/" + T + "/out_of_band", buffered[3]);
        if (gate.settings().extraTasks()) m.put("buffer/" + T + "/extra_tasks", buffered[4]);
        List<String> answers = new ArrayList<>();
        for (Solve x : ss) answers.add(answerOf(t, x.rollout.response));
        for (Proposal p : ps) for (Rollout r : p.mc) answers.add(answerOf(t, r.response));
        gate.diversity(m, t, ps.stream().map(p -> p.gate).toList(), answers);
    }

    /** A task type that is not trained keeps its keys (null values) so every line has the same columns. */
    private void disabledTypeMetrics(Map<String, Object> m, TaskType t) {
        for (String key : MetricKeys.REQUIRED) if (key.contains("/" + t.id() + "/")) m.put(key, null);
        m.put("buffer/" + t.id() + "/size", buffers.size(t));
    }

    private static void groupMetrics(Map<String, Object> m, Group g, List<Rollout> rs, double[] adv) {
        if (rs.isEmpty()) return;
        String p = g.id();
        m.put(p + "/reward_mean", rs.stream().mapToDouble(r -> r.reward).average().orElse(0));
        m.put(p + "/advantage_max", java.util.Arrays.stream(adv).max().orElse(0));
        m.put(p + "/advantage_min", java.util.Arrays.stream(adv).min().orElse(0));
        m.put(p + "/response_len_mean", rs.stream().mapToInt(r -> r.completion.length()).average().orElse(0));
        m.put(p + "/truncated_frac", rs.stream().filter(r -> r.completion.finishReason() == dev.azr4j.core.policy.FinishReason.LENGTH).count() / (double) rs.size());
    }

    // ---- behaviour and safety ------------------------------------------------------------------

    private static void noteRefusal(Rollout r, ExecResult result) {
        String refusal = SandboxRefusals.of(result);
        if (refusal != null) r.refusals.add(refusal);
    }

    /** Counts the programs the model wrote this step and queues their AST-depth requests (see {@link BehaviourStats}). */
    private BehaviourStats behaviourRequests(Map<TaskType, List<Proposal>> proposals, Map<TaskType, List<Solve>> solves, ExecBatch batch) {
        BehaviourStats b = new BehaviourStats();
        for (TaskType t : s.taskTypes()) {
            List<String> programs = new ArrayList<>();
            if (t == TaskType.INDUCTION) {
                for (Solve x : solves.get(t)) {
                    Parsed<String> p = SolutionParser.program(x.rollout.response);
                    if (p.isOk()) programs.add(p.value());
                }
            } else {
                for (Proposal p : proposals.get(t)) if (p.task instanceof Triplet tr) programs.add(tr.program());
            }
            for (String program : programs) batch.add(b.program(t, program), r -> b.depth(t, r));
        }
        return b;
    }

    /** Behaviour and safety metrics of the step; returns the safety monitor's flags over every sample. */
    private List<Flag> monitor(long step, Map<TaskType, List<Proposal>> proposals, Map<TaskType, List<Solve>> solves,
                               BehaviourStats behaviour, Map<String, Object> metrics) {
        List<Observed> seen = new ArrayList<>();
        for (TaskType t : s.taskTypes()) {
            for (Proposal p : proposals.get(t)) {
                behaviour.reasoning(t, p.rollout.response.reasoning(), policy.countTokens(p.rollout.response.reasoning()));
                seen.add(observed(Role.PROPOSE, t, false, p.rollout));
                for (Rollout m : p.mc) seen.add(observed(Role.SOLVE, t, true, m));
            }
            for (Solve x : solves.get(t)) {
                behaviour.reasoning(t, x.rollout.response.reasoning(), policy.countTokens(x.rollout.response.reasoning()));
                seen.add(observed(Role.SOLVE, t, false, x.rollout));
            }
        }
        for (TaskType t : TaskType.STEP_ORDER) behaviour.metrics(metrics, t);
        SafetyMonitor.Scan scan = safety.scan(step, seen);
        metrics.put("safety/flagged_rate", scan.flaggedRate());
        metrics.put("safety/flags", scan.flags().size());
        metrics.put("safety/sandbox_violations", scan.sandboxViolations());
        return scan.flags();
    }

    /** A rollout as the safety monitor reads it; its program is the parsed program, else the answer text. */
    private Observed observed(Role role, TaskType t, boolean mc, Rollout r) {
        Response res = r.response;
        String program = res.answer();
        if (role == Role.PROPOSE && t != TaskType.INDUCTION) {
            Parsed<ProgramProposal> pp = parser.program(res);
            if (pp.isOk()) program = pp.value().program();
        } else if (role == Role.SOLVE && t == TaskType.INDUCTION) {
            Parsed<String> pp = SolutionParser.program(res);
            if (pp.isOk()) program = pp.value();
        }
        return new Observed(role.id(), t.id(), mc, r.prompt, r.completion.text(), res.reasoning(), program, r.refusals,
                r.reward, new LinkedHashMap<>(r.details));
    }

    private List<Sample> samples(Map<Group, List<Rollout>> groups) {
        List<Sample> out = new ArrayList<>();
        groups.forEach((g, rs) -> {
            for (int i = 0; i < Math.min(s.samplesPerGroup(), rs.size()); i++) {
                Rollout r = rs.get(i);
                out.add(new Sample(g.id(), r.prompt, r.completion.text(), r.reward, r.details));
            }
        });
        return out;
    }
}
