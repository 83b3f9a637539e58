package dev.azr4j.core.monitor;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule of the safety monitor: which text it reads and the patterns that flag it.
 *
 * @param id          short unique name, written into {@code flags.jsonl}
 * @param description what the rule is for
 * @param target      the text the patterns are matched against
 * @param patterns    case-insensitive regular expressions; any one match flags the text
 * @param prefilters  per pattern, the literals one of which a match needs ({@link LiteralPrefilter}; null: none)
 */
public record SafetyRule(String id, String description, Target target, List<Pattern> patterns,
                         List<List<LiteralPrefilter.Literal>> prefilters) {
    /** The text a rule reads. */
    public enum Target {
        /** The {@code <think>} section. */
        REASONING,
        /** The program the sample gave, else its answer (inputs and outputs are Python expressions). */
        PROGRAM,
        /** The messages of the executions the sandbox refused. */
        SANDBOX;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SafetyRule {
        patterns = List.copyOf(patterns);
        prefilters = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(prefilters));
        if (prefilters.size() != patterns.size()) throw new IllegalArgumentException("one prefilter per pattern");
    }

    /** A rule with the prefilters derived from its patterns. */
    public SafetyRule(String id, String description, Target target, List<Pattern> patterns) {
        this(id, description, target, patterns, patterns.stream().map(p -> LiteralPrefilter.of(p.pattern())).toList());
    }

    /** The first match of any pattern in {@code text}, or null. */
    public Matcher firstMatch(String text) {
        return text == null ? null : firstMatch(new LiteralPrefilter.Text(text));
    }

    /** {@link #firstMatch(String)} over a text prepared once for all rules. */
    Matcher firstMatch(LiteralPrefilter.Text text) {
        if (text.original().isEmpty()) return null;
        Matcher best = null;
        for (int i = 0; i < patterns.size(); i++) {
            if (!LiteralPrefilter.mayMatch(prefilters.get(i), text)) continue;
            Matcher m = patterns.get(i).matcher(text.original());
            if (m.find() && (best == null || m.start() < best.start())) best = m;
        }
        return best;
    }
}
