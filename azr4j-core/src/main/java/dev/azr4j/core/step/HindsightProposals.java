package dev.azr4j.core.step;

import dev.azr4j.core.curriculum.EnvironmentTasks;
import dev.azr4j.core.curriculum.HindsightRepairs;
import dev.azr4j.core.exec.ExecBatch;
import dev.azr4j.core.gate.GateCheck;
import dev.azr4j.core.gate.ProposalGate;
import dev.azr4j.core.grammar.GrammarSource;
import dev.azr4j.core.parse.InputsProposal;
import dev.azr4j.core.parse.Parsed;
import dev.azr4j.core.parse.ProposalParser;
import dev.azr4j.core.policy.Policy;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.executor.Executor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Hindsight repairs ({@link HindsightRepairs}): each proposal the gate rejected as constant or as a
 * duplicate, repaired by the environment (a one-constant edit of a constant program, inputs with
 * another output for induction, a fresh input for a duplicate) before anything is stored, and the
 * repair imitated on the proposal's own prompt.
 */
final class HindsightProposals implements StepExtension {
    /** Mixed into the step's seed: the repairs' random stream, apart from the step's. */
    private static final long SALT = 0x4A1D5160B3C2E7F1L;

    private final HindsightRepairs repairs;
    private final ProposalParser parser;
    private final ProposalGate gate;
    private final EnvironmentTasks environment;   // null: no probe program to keep out
    private final Executor executor;
    private final Policy policy;
    private final int inductionInputs;
    private int imitated;

    HindsightProposals(HindsightRepairs repairs, ProposalParser parser, ProposalGate gate, EnvironmentTasks environment,
                       Executor executor, Policy policy, int inductionInputs) {
        this.repairs = repairs;
        this.parser = parser;
        this.gate = gate;
        this.environment = environment;
        this.executor = executor;
        this.policy = policy;
        this.inductionInputs = inductionInputs;
    }

    @Override
    public void judged(StepPlan plan, StepContext ctx) {
        SplittableRandom rng = new SplittableRandom(ctx.seed() ^ SALT);
        ExecBatch batch = new ExecBatch();
        List<Proposal> waiting = new ArrayList<>();
        List<Supplier<String>> choices = new ArrayList<>();
        for (Proposal p : plan.allProposals()) {
            GateCheck c = p.check();
            if (c == null) continue;
            String reason = p.verdict().reason();
            TaskType t = p.source().type();
            GrammarSource g = p.rollout().grammar();
            Supplier<String> choice = null;
            if (t == TaskType.INDUCTION && ProposalGate.CONSTANT_OUTPUT.equals(reason)) {
                Parsed<InputsProposal> parsed = parser.inputs(p.rollout().response(), inductionInputs);
                if (parsed.isOk()) choice = repairs.constantInputs(c.program(), c.inputs(), parsed.value().message(), g, batch, rng.split());
            } else if (t != TaskType.INDUCTION && ProposalGate.CONSTANT_OUTPUT.equals(reason)) {
                choice = repairs.constantProgram(c.program(), c.inputs().getFirst(), c.extraInputs(), g,
                        program -> environment == null || !environment.isProbeProgram(program), batch, rng.split());
            } else if (t != TaskType.INDUCTION && ProposalGate.DUPLICATE.equals(reason)) {
                gate.freshExtraInput(c).ifPresent(x -> p.repair = repairs.onInput(c.program(), x, g));
            }
            if (choice != null) {
                waiting.add(p);
                choices.add(choice);
            }
        }
        ctx.clock().execute(batch, executor);
        for (int i = 0; i < waiting.size(); i++) waiting.get(i).repair = choices.get(i).get();
    }

    @Override
    public List<Imitation> imitations(StepPlan plan, StepContext ctx) {
        List<Imitation> out = new ArrayList<>();
        for (Proposal p : plan.allProposals()) {
            if (p.repair() == null) continue;
            Imitation x = Imitation.encode(Imitation.Kind.PROPOSALS, policy, p.rollout().prompt(), p.repair(), null);
            if (x != null) out.add(x);
        }
        imitated = out.size();
        return out;
    }

    @Override
    public void metrics(Map<String, Object> m, StepPlan plan) {
        m.put("imitation/proposal_hindsight", imitated);
    }
}
