package dev.azr4j.core.step;

import dev.azr4j.core.monitor.BehaviourStats;
import dev.azr4j.core.monitor.Flag;
import dev.azr4j.core.monitor.Observed;
import dev.azr4j.core.monitor.SafetyMonitor;
import dev.azr4j.core.parse.Parsed;
import dev.azr4j.core.parse.ProgramProposal;
import dev.azr4j.core.parse.ProposalParser;
import dev.azr4j.core.parse.Response;
import dev.azr4j.core.parse.SolutionParser;
import dev.azr4j.core.policy.Policy;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.TaskType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every sample of the step (proposals, their Monte-Carlo rollouts, solves) for the behaviour
 * metrics and the safety monitor's flags.
 */
final class SafetyReview {
    private final SafetyMonitor safety;
    private final ProposalParser parser;
    private final Policy policy;

    SafetyReview(SafetyMonitor safety, ProposalParser parser, Policy policy) {
        this.safety = safety;
        this.parser = parser;
        this.policy = policy;
    }

    List<Flag> review(StepPlan plan, BehaviourStats behaviour, Map<String, Object> metrics, long step) {
        List<Observed> seen = new ArrayList<>();
        for (TaskType t : plan.types()) {
            for (Proposal p : plan.proposals(t)) {
                Response r = p.rollout().response();
                behaviour.reasoning(t, r.reasoning(), policy.countTokens(r.reasoning()));
                seen.add(observed(false, p.rollout()));
                for (Rollout m : p.mc) seen.add(observed(true, m));
            }
            for (Solve x : plan.solves(t)) {
                Response r = x.rollout().response();
                behaviour.reasoning(t, r.reasoning(), policy.countTokens(r.reasoning()));
                seen.add(observed(false, x.rollout()));
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
    private Observed observed(boolean mc, Rollout r) {
        Response res = r.response();
        TaskType t = r.type();
        String program = res.answer();
        if (r.role() == Role.PROPOSE && t != TaskType.INDUCTION) {
            Parsed<ProgramProposal> pp = parser.program(res);
            if (pp.isOk()) program = pp.value().program();
        } else if (r.role() == Role.SOLVE && t == TaskType.INDUCTION) {
            Parsed<String> pp = SolutionParser.program(res);
            if (pp.isOk()) program = pp.value();
        }
        return new Observed(r.role().id(), t.id(), mc, r.prompt(), r.completion().text(), res.reasoning(), program, r.refusals(),
                r.reward(), new LinkedHashMap<>(r.details()));
    }
}
