package dev.azr4j.eval;

import dev.azr4j.core.grammar.GrammarSource;
import dev.azr4j.core.policy.Completion;
import dev.azr4j.core.policy.Policy;
import dev.azr4j.core.policy.Sampling;
import dev.azr4j.core.prompt.CheckpointPrompt;
import dev.azr4j.core.task.TaskType;
import java.util.ArrayList;
import java.util.List;

/**
 * Where completions come from. Evaluation asks with the {@link AnswerKind} of the prompts: a
 * policy that decodes under a grammar (a checkpoint trained with one) can constrain
 * {@code OUTPUT}/{@code INPUT} answers by it; {@link #of(Policy)} ignores the kind.
 */
@FunctionalInterface
public interface Generator {
    /** One completion text per prompt, in order. */
    List<String> generate(List<String> prompts, Sampling sampling, AnswerKind kind);

    /** Any {@link Policy}: the engine's, a remote server's, a scripted one in tests. */
    static Generator of(Policy policy) {
        return (prompts, sampling, kind) -> {
            List<Completion> cs = policy.generate(prompts, sampling);
            List<String> out = new ArrayList<>(cs.size());
            for (Completion c : cs) out.add(c.text());
            return out;
        };
    }

    /**
     * {@code policy} with each answer kind decoded under its grammar ({@code OUTPUT}: the deduction
     * solver's, {@code INPUT}: abduction's, {@code PROGRAM}: induction's): how a checkpoint trained
     * under grammars answers. Kinds without a grammar decode freely.
     */
    public static Generator constrained(Policy policy, CheckpointPrompt trained) {
        Generator free = of(policy);
        return (prompts, sampling, kind) -> {
            GrammarSource g = switch (kind) {
                case OUTPUT -> trained.solverGrammar(TaskType.DEDUCTION);
                case INPUT -> trained.solverGrammar(TaskType.ABDUCTION);
                case PROGRAM -> trained.solverGrammar(TaskType.INDUCTION);
                case TEXT -> null;
            };
            return free.generate(prompts, g == null ? sampling : sampling.withGrammar(g), kind);
        };
    }
}
