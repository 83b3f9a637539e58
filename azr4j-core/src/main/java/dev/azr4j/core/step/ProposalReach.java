package dev.azr4j.core.step;

import dev.azr4j.core.curriculum.ProgramGrammar;
import dev.azr4j.core.curriculum.World;
import dev.azr4j.core.prompt.TerseFormat;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.model.grammar.Grammar;
import dev.azr4j.model.grammar.GrammarException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How far the proposers reach (issue 23): of each step's valid deduction and abduction proposals,
 * the mean number of operations of their programs (the fewest with which the world's program
 * language writes them), their mean length in characters, and the share the environment could not
 * have written, being longer than its {@code max_ops}. An environment that only teaches, and a
 * proposer that only repeats it, show a share of 0.
 *
 * <p>Metrics {@code reach/TYPE/ops}, {@code reach/TYPE/chars} and {@code reach/TYPE/beyond_environment},
 * absent in a step without valid one-line proposals of the type.
 */
final class ProposalReach implements StepExtension {
    private final int environmentOps;
    private final List<Grammar> byDepth = new ArrayList<>();   // byDepth.get(d - 1): programs of at most d operations

    ProposalReach(World world, int environmentOps, int proposerDepth) {
        this.environmentOps = environmentOps;
        for (int d = 1; d <= proposerDepth; d++) {
            String root = "root ::= " + String.join(" | ", world.arguments().stream()
                    .map(t -> "expr-" + t.name().toLowerCase(java.util.Locale.ROOT)).toList()) + "\n";
            try {
                byDepth.add(Grammar.parse(root + ProgramGrammar.rules(world, d), "reach-" + d));
            } catch (GrammarException e) {
                throw new IllegalStateException("the world's program grammar does not compile", e);
            }
        }
    }

    @Override
    public void metrics(Map<String, Object> m, StepPlan plan) {
        for (TaskType t : plan.types()) {
            if (t == TaskType.INDUCTION) continue;
            int n = 0, beyond = 0;
            long ops = 0, chars = 0;
            for (Proposal p : plan.proposals(t)) {
                if (!(p.task() instanceof Triplet tr)) continue;
                String expr = TerseFormat.expression(tr.program());
                if (expr == null) continue;
                int d = depth(expr);
                if (d == 0) continue;
                n++;
                ops += d;
                chars += expr.length();
                if (d > environmentOps) beyond++;
            }
            if (n == 0) continue;
            m.put("reach/" + t.id() + "/ops", (double) ops / n);
            m.put("reach/" + t.id() + "/chars", (double) chars / n);
            m.put("reach/" + t.id() + "/beyond_environment", (double) beyond / n);
        }
    }

    /** The fewest operations with which the world writes {@code expr}; 0 when it does not (the argument alone, or another language). */
    int depth(String expr) {
        if (expr.strip().equals("a")) return 0;    // every depth's language holds the argument itself
        for (int d = 1; d <= byDepth.size(); d++) if (byDepth.get(d - 1).accepts(expr)) return d;
        return 0;
    }
}
