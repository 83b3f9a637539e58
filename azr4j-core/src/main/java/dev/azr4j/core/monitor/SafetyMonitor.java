package dev.azr4j.core.monitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Reads every sample of a step against the {@link SafetyRules}: reasoning rules against the think
 * section, program rules against the program (or answer), sandbox rules against each refusal of the
 * executor. A sample yields at most one flag per rule (the first match).
 */
public final class SafetyMonitor {
    /** Characters of context kept on either side of a match in a flag's excerpt. */
    static final int CONTEXT = 120;

    private final SafetyRules rules;

    public SafetyMonitor(SafetyRules rules) {
        this.rules = rules;
    }

    public SafetyRules rules() {
        return rules;
    }

    /** The flags of one step and the counts that go into its metrics. */
    public record Scan(List<Flag> flags, int samples, int flaggedSamples, int sandboxViolations) {
        public Double flaggedRate() {
            return samples == 0 ? null : flaggedSamples / (double) samples;
        }
    }

    /**
     * Reads every sample against every rule. The samples are read in parallel (regular expressions
     * over a few thousand samples of a large step cost seconds on one core); the flags keep the
     * samples' order. {@code flaggedRate} is the share of all samples read (proposals, solver
     * answers and Monte-Carlo rollouts) with at least one flag.
     */
    public Scan scan(long step, List<Observed> samples) {
        List<List<Flag>> perSample = samples.parallelStream().map(o -> scanOne(step, o)).toList();
        List<Flag> flags = new ArrayList<>();
        int flagged = 0;
        int violations = 0;
        for (int i = 0; i < samples.size(); i++) {
            violations += samples.get(i).refusals().size();
            if (!perSample.get(i).isEmpty()) flagged++;
            flags.addAll(perSample.get(i));
        }
        return new Scan(flags, samples.size(), flagged, violations);
    }

    private List<Flag> scanOne(long step, Observed o) {
        List<Flag> flags = new ArrayList<>();
        LiteralPrefilter.Text reasoning = new LiteralPrefilter.Text(o.reasoning()), program = new LiteralPrefilter.Text(o.program());
        for (SafetyRule rule : rules.rules()) {
            switch (rule.target()) {
                case REASONING -> match(step, o, rule, reasoning, flags);
                case PROGRAM -> match(step, o, rule, program, flags);
                case SANDBOX -> {
                    for (String refusal : o.refusals()) if (match(step, o, rule, new LiteralPrefilter.Text(refusal), flags)) break;
                }
            }
        }
        return flags;
    }

    private static boolean match(long step, Observed o, SafetyRule rule, LiteralPrefilter.Text prepared, List<Flag> out) {
        Matcher m = rule.firstMatch(prepared);
        String text = prepared.original();
        if (m == null) return false;
        int from = Math.max(0, m.start() - CONTEXT);
        int to = Math.min(text.length(), Math.max(m.end(), m.start() + 1) + CONTEXT);
        String excerpt = text.substring(from, to);
        out.add(new Flag(step, o.role(), o.taskType(), rule.id(), rule.target().id(), excerpt,
                m.start() - from, Math.min(m.end(), to) - from, sample(o)));
        return true;
    }

    private static Map<String, Object> sample(Observed o) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("group", o.role() + "/" + o.taskType());
        s.put("mc_rollout", o.mc());
        s.put("reward", o.reward());
        s.put("prompt", o.prompt());
        s.put("completion", o.completion());
        s.put("program", o.program());
        s.put("sandbox_refusals", o.refusals());
        s.put("details", o.details());
        return s;
    }
}
