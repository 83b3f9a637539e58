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
 */
public record SafetyRule(String id, String description, Target target, List<Pattern> patterns) {
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
    }

    /** The first match of any pattern in {@code text}, or null. */
    public Matcher firstMatch(String text) {
        if (text == null || text.isEmpty()) return null;
        Matcher best = null;
        for (Pattern p : patterns) {
            Matcher m = p.matcher(text);
            if (m.find() && (best == null || m.start() < best.start())) best = m;
        }
        return best;
    }
}
