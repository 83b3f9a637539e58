package dev.azr4j.core.step;

import dev.azr4j.core.grammar.GrammarSource;
import dev.azr4j.core.policy.Completion;
import dev.azr4j.core.policy.Policy;
import dev.azr4j.core.policy.Sampling;
import dev.azr4j.core.prompt.PromptTemplates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples the completions of a list of rollouts: one policy call per grammar (that is, per role),
 * in order of first appearance, each with its own seed derived from the call's; without grammars,
 * one call for all. Each completion is read in the prompts' format.
 */
final class RolloutGenerator {
    private static final long PART_SEED = 0x632BE59BD9B4E019L;

    private final Policy policy;
    private final PromptTemplates templates;
    private final Sampling sampling;
    private final boolean grammars;

    /** @param sampling the sampling settings; each call sets its own seed and grammar */
    RolloutGenerator(Policy policy, PromptTemplates templates, Sampling sampling, boolean grammars) {
        this.policy = policy;
        this.templates = templates;
        this.sampling = sampling;
        this.grammars = grammars;
    }

    void generate(List<Rollout> rollouts, long seed, StepClock clock) {
        if (rollouts.isEmpty()) return;
        List<Completion> out = clock.generating(() -> sample(rollouts, seed));
        if (out.size() != rollouts.size())
            throw new IllegalStateException("policy returned " + out.size() + " completions for " + rollouts.size() + " prompts");
        for (int i = 0; i < out.size(); i++) {
            Rollout r = rollouts.get(i);
            Completion c = out.get(i);
            r.generated(c, templates.read(r.type(), r.role(), c.text()));
            clock.generated(c.length());
        }
    }

    private List<Completion> sample(List<Rollout> rollouts, long seed) {
        Sampling seeded = sampling.withSeed(seed);
        if (!grammars) return policy.generate(rollouts.stream().map(Rollout::prompt).toList(), seeded);
        Map<GrammarSource, List<Integer>> byGrammar = new LinkedHashMap<>();
        for (int i = 0; i < rollouts.size(); i++) byGrammar.computeIfAbsent(rollouts.get(i).grammar(), g -> new ArrayList<>()).add(i);
        Completion[] all = new Completion[rollouts.size()];
        long part = 0;
        for (Map.Entry<GrammarSource, List<Integer>> e : byGrammar.entrySet()) {
            List<Integer> idx = e.getValue();
            List<Completion> got = policy.generate(idx.stream().map(i -> rollouts.get(i).prompt()).toList(),
                    seeded.withSeed(seed + PART_SEED * part++).withGrammar(e.getKey()));
            if (got.size() != idx.size())
                throw new IllegalStateException("policy returned " + got.size() + " completions for " + idx.size() + " prompts");
            for (int k = 0; k < idx.size(); k++) all[idx.get(k)] = got.get(k);
        }
        return Arrays.asList(all);
    }
}
